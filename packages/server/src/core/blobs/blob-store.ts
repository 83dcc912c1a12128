// The blob storage port: the few operations Pixl uses, implemented on local disk and on S3.
import type { Readable } from "node:stream";

/** What Pixl knows about a stored blob. */
export interface BlobInfo {
  key: string;
  /** Size in bytes. */
  size: number;
  /** The content type given at upload; `application/octet-stream` when none was. */
  contentType: string;
}

export interface BlobPutOptions {
  /** Stored and served back. Default `application/octet-stream`. */
  contentType?: string;
  /** Refuse bodies larger than this: `put` rejects with `payload_too_large` and stores nothing. */
  maxBytes?: number;
}

export interface PresignGetOptions {
  /** Lifetime of the URL, 1 s to 7 days (S3's limit). */
  expiresInSeconds: number;
}

export interface PresignPutOptions extends PresignGetOptions {
  /** When set, the upload must send exactly this `Content-Type`. */
  contentType?: string;
  /**
   * Largest upload the URL accepts. Enforced by stores whose `capabilities.presignedPutMaxBytes`
   * is true (local); S3 presigned PUTs cannot carry a size limit, so check the size on use.
   */
  maxBytes?: number;
}

/** What an implementation can and cannot promise, as flags instead of `if (s3)` branches. */
export interface BlobStoreCapabilities {
  /** A presigned PUT refuses bodies over `maxBytes`. */
  presignedPutMaxBytes: boolean;
}

/**
 * Blob storage. Keys are `/`-separated paths checked by `assertBlobKey`. Writes are atomic:
 * a failed or refused `put` leaves no object (and no partial one) visible.
 */
export interface BlobStore {
  readonly capabilities: BlobStoreCapabilities;
  /** Stores `body` under `key`, replacing any previous object; streams, never buffers the whole body. */
  put(key: string, body: Readable | Uint8Array, options?: BlobPutOptions): Promise<BlobInfo>;
  /** The object and a stream of its bytes; throws `blob_not_found` when absent. */
  get(key: string): Promise<{ info: BlobInfo; body: Readable }>;
  /** The object's info, or undefined when absent. */
  find(key: string): Promise<BlobInfo | undefined>;
  /** Removes the object; removing an absent one is not an error. */
  delete(key: string): Promise<void>;
  /** An absolute URL that accepts one HTTP PUT of the object's bytes until it expires. */
  presignPut(key: string, options: PresignPutOptions): Promise<string>;
  /** An absolute URL that serves the object by HTTP GET until it expires. */
  presignGet(key: string, options: PresignGetOptions): Promise<string>;
}

/** Where blobs live: a local directory (default) or an S3-compatible bucket. */
export type BlobConfig =
  | { kind: "local"; dir: string }
  | {
      kind: "s3";
      /** Custom endpoint for S3-compatible services (MinIO, R2 …); absent = AWS. */
      endpoint?: string;
      bucket: string;
      region: string;
      /** Absent = the SDK's default credential chain. */
      accessKeyId?: string;
      secretAccessKey?: string;
      forcePathStyle: boolean;
    };

/** The content type of a blob stored without one. */
export const DEFAULT_CONTENT_TYPE = "application/octet-stream";

/** S3's limit on presigned URL lifetime, applied to every store so behaviour does not depend on which. */
export const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;
