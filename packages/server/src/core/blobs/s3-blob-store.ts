// S3-compatible blob store: the only file that imports the AWS SDK.
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { pipeline, Readable } from "node:stream";
import { systemClock, type Clock } from "../clock.js";
import { AppError, isAppError } from "../errors/index.js";
import { assertBlobKey, assertContentType, assertExpiresIn, assertMaxBytes } from "./blob-key.js";
import {
  DEFAULT_CONTENT_TYPE,
  type BlobInfo,
  type BlobPutOptions,
  type BlobStore,
  type PresignGetOptions,
  type PresignPutOptions,
} from "./blob-store.js";
import { ByteCounter, toReadable } from "./byte-limit.js";

export interface S3BlobStoreOptions {
  /** Custom endpoint for S3-compatible services; absent = AWS. */
  endpoint?: string;
  bucket: string;
  region: string;
  /** Both or neither; neither = the SDK's default credential chain. */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** `https://host/bucket/key` instead of `https://bucket.host/key` (MinIO, s3rver …). */
  forcePathStyle: boolean;
  /** Signing time of presigned URLs. Default the system clock. */
  clock?: Clock;
}

// Memory per `put` is bounded by the parts, not the object: QUEUE_SIZE parts in flight plus the one
// filling (and lib-storage's copy of it), about 30 MiB live at peak for 5 MiB parts, whatever the size.
// Two in flight rather than the SDK's four: uploads are many and concurrent, memory matters more.
const PART_SIZE = 5 * 1024 * 1024;
const QUEUE_SIZE = 2;

function isNotFound(e: unknown): boolean {
  const error = e as { name?: unknown; $metadata?: { httpStatusCode?: unknown } } | undefined;
  return (
    error?.name === "NoSuchKey" || error?.name === "NotFound" || error?.$metadata?.httpStatusCode === 404
  );
}

/** Blobs as objects in one bucket; presigned URLs are S3's own (SigV4 query signing). */
export class S3BlobStore implements BlobStore {
  // S3 presigned PUTs carry no size limit (only POST policies do); callers check size on use.
  readonly capabilities = { presignedPutMaxBytes: false };
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #clock: Clock;

  constructor(options: S3BlobStoreOptions) {
    this.#bucket = options.bucket;
    this.#clock = options.clock ?? systemClock;
    this.#client = new S3Client({
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
      ...(options.accessKeyId !== undefined && options.secretAccessKey !== undefined
        ? { credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } }
        : {}),
      // Newer SDKs add CRC32 checksums by default. On a presigned PUT that bakes the checksum of an
      // empty body into the URL (`x-amz-checksum-crc32=AAAAAA==`), so S3 would refuse every real
      // upload, and many S3-compatible servers reject the aws-chunked trailers. Only when required.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  }

  async put(key: string, body: Readable | Uint8Array, options: BlobPutOptions = {}): Promise<BlobInfo> {
    assertBlobKey(key);
    const contentType = options.contentType ?? DEFAULT_CONTENT_TYPE;
    assertContentType(contentType);
    assertMaxBytes(options.maxBytes);
    const counter = new ByteCounter(options.maxBytes);
    // Errors of the source (or the limit) destroy `counter`, which fails and aborts the upload.
    pipeline(toReadable(body), counter, () => undefined);
    const upload = new Upload({
      client: this.#client,
      params: { Bucket: this.#bucket, Key: key, Body: counter, ContentType: contentType },
      partSize: PART_SIZE,
      queueSize: QUEUE_SIZE,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (e) {
      counter.destroy();
      // `counter.errored` is the real cause when the SDK reports it as something else.
      const cause = isAppError(counter.errored) ? counter.errored : e;
      if (isAppError(cause)) throw cause;
      throw new AppError("blob_write_failed", "Could not store blob", { key }, { cause });
    }
    return { key, size: counter.bytes, contentType };
  }

  async get(key: string): Promise<{ info: BlobInfo; body: Readable }> {
    assertBlobKey(key);
    try {
      const response = await this.#client.send(new GetObjectCommand({ Bucket: this.#bucket, Key: key }));
      const body = response.Body;
      if (!(body instanceof Readable)) throw new Error("S3 returned no body stream");
      return {
        info: {
          key,
          size: response.ContentLength ?? 0,
          contentType: response.ContentType ?? DEFAULT_CONTENT_TYPE,
        },
        body,
      };
    } catch (e) {
      if (isNotFound(e)) throw new AppError("blob_not_found", "No such blob", { key });
      throw e;
    }
  }

  async find(key: string): Promise<BlobInfo | undefined> {
    assertBlobKey(key);
    try {
      const head = await this.#client.send(new HeadObjectCommand({ Bucket: this.#bucket, Key: key }));
      return { key, size: head.ContentLength ?? 0, contentType: head.ContentType ?? DEFAULT_CONTENT_TYPE };
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    assertBlobKey(key);
    await this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: key }));
  }

  async presignPut(key: string, options: PresignPutOptions): Promise<string> {
    assertBlobKey(key);
    assertExpiresIn(options.expiresInSeconds);
    assertMaxBytes(options.maxBytes);
    const { contentType } = options;
    if (contentType !== undefined) assertContentType(contentType);
    return await getSignedUrl(
      this.#client,
      new PutObjectCommand({
        Bucket: this.#bucket,
        Key: key,
        ...(contentType === undefined ? {} : { ContentType: contentType }),
      }),
      {
        expiresIn: options.expiresInSeconds,
        signingDate: new Date(this.#clock.now()),
        // Signing the header makes S3 refuse an upload with any other Content-Type.
        ...(contentType === undefined ? {} : { signableHeaders: new Set(["content-type"]) }),
      },
    );
  }

  async presignGet(key: string, options: PresignGetOptions): Promise<string> {
    assertBlobKey(key);
    assertExpiresIn(options.expiresInSeconds);
    return await getSignedUrl(this.#client, new GetObjectCommand({ Bucket: this.#bucket, Key: key }), {
      expiresIn: options.expiresInSeconds,
      signingDate: new Date(this.#clock.now()),
    });
  }

  /** Closes the SDK's connection pool. */
  close(): void {
    this.#client.destroy();
  }
}
