// Builds the configured blob store: local disk by default, S3 when configured.
import type { Clock } from "../clock.js";
import type { BlobConfig, BlobStore } from "./blob-store.js";
import { LocalBlobStore } from "./local-blob-store.js";
import { S3BlobStore } from "./s3-blob-store.js";

export interface BlobStoreDeps {
  /** Base of the URLs Pixl hands out (`PIXL_PUBLIC_URL`); local presigned URLs start with it. */
  publicUrl: string;
  /** HMAC key for local presigned URLs (≥ 32 bytes). */
  signingKey: Buffer;
  /** Default the system clock. */
  clock?: Clock;
}

/** The blob store `config` describes. Local stores need `registerBlobRoutes` to serve their URLs. */
export function createBlobStore(config: BlobConfig, deps: BlobStoreDeps): BlobStore {
  const clock = deps.clock === undefined ? {} : { clock: deps.clock };
  if (config.kind === "local") {
    return new LocalBlobStore({
      dir: config.dir,
      publicUrl: deps.publicUrl,
      signingKey: deps.signingKey,
      ...clock,
    });
  }
  const { kind: _kind, ...s3 } = config;
  return new S3BlobStore({ ...s3, ...clock });
}

/** True for the local store, whose presigned URLs Pixl serves itself (see `registerBlobRoutes`). */
export function isLocalBlobStore(store: BlobStore): store is LocalBlobStore {
  return store instanceof LocalBlobStore;
}
