// Test harnesses for the blob contract suite: each implementation behind a real HTTP endpoint on 127.0.0.1.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { tmpdir } from "node:os";
import path from "node:path";
import { startS3rver } from "../../../test/support/s3-server.js";
import { createFakeClock, type FakeClock } from "../clock.js";
import { createHttpServer, type HttpServer } from "../http/index.js";
import { createLogger } from "../logging/logger.js";
import type { BlobStore } from "./blob-store.js";
import { registerBlobRoutes } from "./blob.routes.js";
import { createBlobStore, isLocalBlobStore } from "./create-blob-store.js";
import { LocalBlobStore } from "./local-blob-store.js";
import { S3BlobStore } from "./s3-blob-store.js";

export interface BlobHarness {
  store: BlobStore;
  /** The store's clock; starts at the real time (S3 servers check expiry against their own clock). */
  clock: FakeClock;
  /** Query parameters of a presigned URL carrying its expiry and its signature. */
  expiresParam: string;
  signatureParam: string;
  close(): Promise<void>;
}

export interface LocalHarness extends BlobHarness {
  store: LocalBlobStore;
  dir: string;
  server: HttpServer;
}

export interface LocalHarnessOptions {
  /** Use this root instead of a fresh temp directory (e.g. a tiny tmpfs). */
  dir?: string;
  maxUploadBytes?: number;
  /** Adds routes to the app before it listens. */
  configure?: (app: FastifyInstance) => void;
}

/** A local store in a temp directory, its routes served by Pixl's HTTP server on 127.0.0.1:0. */
export async function startLocalHarness(options: LocalHarnessOptions = {}): Promise<LocalHarness> {
  const dir = options.dir ?? mkdtempSync(path.join(tmpdir(), "pixl-blobs-"));
  const clock = createFakeClock(Date.now());
  const signingKey = randomBytes(32);
  const server = createHttpServer({
    logger: createLogger({ level: "silent" }),
    bodyLimit: 1024,
    readiness: () => Promise.resolve(undefined),
  });
  // The serving instance learns the port only after listening, so the one handing out URLs is a
  // second instance over the same directory and key, as two Pixl processes would be.
  const serving = new LocalBlobStore({ dir, publicUrl: "http://unused.invalid", signingKey, clock });
  await server.app.register(registerBlobRoutes, {
    store: serving,
    maxUploadBytes: options.maxUploadBytes ?? 256 * 1024 * 1024,
  });
  options.configure?.(server.app);
  await server.app.listen({ host: "127.0.0.1", port: 0 });
  const { port } = server.app.server.address() as AddressInfo;
  const store = createBlobStore(
    { kind: "local", dir },
    { publicUrl: `http://127.0.0.1:${port}/`, signingKey, clock },
  );
  if (!isLocalBlobStore(store)) throw new Error("createBlobStore ignored kind: local");
  return {
    store,
    clock,
    dir,
    server,
    expiresParam: "expires",
    signatureParam: "sig",
    close: async () => {
      await server.app.close();
      if (options.dir === undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An S3 store against a fresh s3rver on 127.0.0.1:0. */
export async function startS3Harness(): Promise<BlobHarness> {
  const s3 = await startS3rver();
  const clock = createFakeClock(Date.now());
  const store = createBlobStore(
    {
      kind: "s3",
      endpoint: s3.endpoint,
      bucket: s3.bucket,
      region: s3.region,
      accessKeyId: s3.accessKeyId,
      secretAccessKey: s3.secretAccessKey,
      forcePathStyle: true,
    },
    { publicUrl: "http://unused.invalid", signingKey: randomBytes(32), clock },
  );
  if (!(store instanceof S3BlobStore)) throw new Error("createBlobStore ignored kind: s3");
  return {
    store,
    clock,
    expiresParam: "X-Amz-Expires",
    signatureParam: "X-Amz-Signature",
    close: async () => {
      store.close();
      await s3.close();
    },
  };
}
