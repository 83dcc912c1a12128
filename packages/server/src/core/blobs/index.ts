// Blob storage: the port, its local and S3 implementations, the factory and the signed-URL routes.
export {
  DEFAULT_CONTENT_TYPE,
  MAX_PRESIGN_SECONDS,
  type BlobConfig,
  type BlobInfo,
  type BlobPutOptions,
  type BlobStore,
  type BlobStoreCapabilities,
  type PresignGetOptions,
  type PresignPutOptions,
} from "./blob-store.js";
export { assertBlobKey, isBlobKey } from "./blob-key.js";
export { createBlobStore, isLocalBlobStore, type BlobStoreDeps } from "./create-blob-store.js";
export {
  LocalBlobStore,
  type ByteRange,
  type LocalBlobStoreOptions,
  type OpenBlob,
} from "./local-blob-store.js";
export { S3BlobStore, type S3BlobStoreOptions } from "./s3-blob-store.js";
export { registerBlobRoutes, type BlobRoutesOptions } from "./blob.routes.js";
