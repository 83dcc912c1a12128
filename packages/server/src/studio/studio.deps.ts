// What the studio domain needs from the app: plain values built by the composition root (app.ts).
import type { BlobStore } from "../core/blobs/index.js";
import type { Clock } from "../core/clock.js";
import type { Database } from "../core/db/index.js";
import type { SafeHttpClient } from "../core/http-client/index.js";
import type { JobQueue } from "../core/jobs/index.js";
import type { Logger } from "../core/logging/logger.js";
import type { SecretBox } from "../webhooks/secret-box.js";
import type { WebhookEngine } from "../webhooks/webhook-engine.js";
import type { StudioLinks } from "./studio-links.js";

export interface StudioLimits {
  /** Largest source photo downloaded, bytes. Default 50 MiB. */
  maxSourceBytes: number;
  /** Largest source photo accepted, pixels (a 20,000 × 20,000 PNG bomb is refused). Default 50 MP. */
  maxSourcePixels: number;
  /** Largest direct upload a RequestPresignUrls UploadUrl takes, bytes. */
  maxUploadBytes: number;
  /** Source downloads running at once in one process (each is buffered in memory). Default 4. */
  downloadConcurrency: number;
  /** Finished images are closed (100) this long after finishing. Default 30 days. */
  closeAfterMs: number;
  /** Files of closed, deleted or failed images are removed this long after that. Default 30 days. */
  removeFilesAfterMs: number;
  /** How long a verified email + key pair is trusted without asking the database again (ms). Default 1 s. */
  authCacheMs: number;
  /**
   * An automatic step whose measured confidence is below this (0–1) sends the image to the editor queue
   * (status 62) instead of delivering it. Default 0.5.
   */
  editorConfidence: number;
  /** Largest edited result an editor may upload, bytes (the app passes `PIXL_MAX_UPLOAD_BYTES`). Default 100 MiB. */
  maxEditorUploadBytes: number;
}

export const DEFAULT_STUDIO_LIMITS: StudioLimits = {
  maxSourceBytes: 50 * 1024 * 1024,
  maxSourcePixels: 50_000_000,
  maxUploadBytes: 100 * 1024 * 1024,
  downloadConcurrency: 4,
  closeAfterMs: 30 * 86_400_000,
  removeFilesAfterMs: 30 * 86_400_000,
  authCacheMs: 1_000,
  editorConfidence: 0.5,
  maxEditorUploadBytes: 100 * 1024 * 1024,
};

export interface StudioDeps {
  database: Database;
  clock: Clock;
  blobs: BlobStore;
  httpClient: SafeHttpClient;
  queue: JobQueue;
  webhooks: Pick<WebhookEngine, "enqueueStudio">;
  /** The webhook engine's box: seals contact/partner secrets and the per-delivery signing secrets. */
  secretBox: SecretBox;
  links: StudioLinks;
  logger: Logger;
  limits: StudioLimits;
}
