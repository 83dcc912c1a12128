// Local-disk blob store: one file per blob under a root directory, written to a temp file then renamed.
import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, open, readdir, rename, rm, stat, unlink, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
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
import { createUrlSigner, type SignedGrant, type UrlSigner } from "./signed-url.js";

// Design: the content type lives in a one-line header at the start of the blob's own file
// (`pixl-blob-1 {"contentType":…}\n`), not in a sidecar, so a single rename publishes data and
// metadata together: there is never a moment where one is new and the other old. The cost is that
// files on disk are not bare images; `get` skips the header.
const MAGIC = "pixl-blob-1 ";
const MAX_HEADER = 1024;
// Temp files live inside the root (same filesystem, so rename is atomic); keys cannot start with `.`.
const TEMP_DIR = ".tmp";

export interface LocalBlobStoreOptions {
  /** Root directory; created on first write. */
  dir: string;
  /** Base of presigned URLs, e.g. `https://pixl.example.com`. */
  publicUrl: string;
  /** HMAC key for presigned URLs (≥ 32 bytes). */
  signingKey: Buffer;
  /** Source of "now" for URL expiry. Default the system clock. */
  clock?: Clock;
}

/** An inclusive byte range of a blob's content. */
export interface ByteRange {
  start: number;
  end: number;
}

/** A blob opened for reading; call `stream` once, or `close` if not streaming. */
export interface OpenBlob {
  info: BlobInfo;
  /** The bytes (or a range of them); the file closes when the stream ends or is destroyed. */
  stream(range?: ByteRange): Readable;
  close(): Promise<void>;
}

function isMissing(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return code === "ENOENT" || code === "ENOTDIR" || code === "EISDIR";
}

function writeFailed(e: unknown, key: string): AppError {
  if (isAppError(e)) return e;
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const reason = code === "ENOSPC" || code === "EDQUOT" ? "the disk is full" : "the write failed";
  return new AppError("blob_write_failed", `Could not store blob: ${reason}`, { key }, { cause: e });
}

/** Blobs as files under `dir`; presigned URLs are HMAC-signed and served by `registerBlobRoutes`. */
export class LocalBlobStore implements BlobStore {
  readonly capabilities = { presignedPutMaxBytes: true };
  readonly #dir: string;
  readonly #signer: UrlSigner;
  readonly #clock: Clock;

  constructor(options: LocalBlobStoreOptions) {
    this.#dir = path.resolve(options.dir);
    this.#clock = options.clock ?? systemClock;
    this.#signer = createUrlSigner({ ...options, clock: this.#clock });
  }

  #pathOf(key: string): string {
    assertBlobKey(key);
    const file = path.join(this.#dir, ...key.split("/"));
    // Belt and braces: the key rules already make escaping impossible.
    if (!file.startsWith(this.#dir + path.sep)) throw new AppError("validation_failed", "Invalid blob key");
    return file;
  }

  async put(key: string, body: Readable | Uint8Array, options: BlobPutOptions = {}): Promise<BlobInfo> {
    const file = this.#pathOf(key);
    const contentType = options.contentType ?? DEFAULT_CONTENT_TYPE;
    assertContentType(contentType);
    assertMaxBytes(options.maxBytes);
    const source = toReadable(body);
    const tempDir = path.join(this.#dir, TEMP_DIR);
    const temp = path.join(tempDir, randomUUID());
    const counter = new ByteCounter(options.maxBytes);
    try {
      await mkdir(tempDir, { recursive: true });
      const out = createWriteStream(temp, { flags: "wx", flush: true });
      out.write(`${MAGIC}${JSON.stringify({ contentType })}\n`);
      await pipeline(source, counter, out);
      await mkdir(path.dirname(file), { recursive: true });
      await rename(temp, file);
    } catch (e) {
      source.destroy();
      await rm(temp, { force: true }).catch(() => undefined);
      throw writeFailed(e, key);
    }
    return { key, size: counter.bytes, contentType };
  }

  /** Opens a blob for reading with its info; throws `blob_not_found` when absent. */
  async open(key: string): Promise<OpenBlob> {
    const file = this.#pathOf(key);
    let handle: FileHandle;
    try {
      handle = await open(file, "r");
    } catch (e) {
      if (isMissing(e)) throw new AppError("blob_not_found", "No such blob", { key });
      throw e;
    }
    try {
      const stat = await handle.stat();
      // A key naming a folder (another key's prefix) is not a blob.
      if (!stat.isFile()) throw new AppError("blob_not_found", "No such blob", { key });
      const { size } = stat;
      const head = Buffer.alloc(Math.min(MAX_HEADER, size));
      await handle.read(head, 0, head.length, 0);
      const end = head.indexOf(0x0a);
      const line = end < 0 ? "" : head.subarray(0, end).toString("utf8");
      if (!line.startsWith(MAGIC)) throw new Error(`Blob file ${file} has no Pixl header`);
      const meta = JSON.parse(line.slice(MAGIC.length)) as { contentType?: unknown };
      const offset = end + 1;
      const info: BlobInfo = {
        key,
        size: size - offset,
        contentType: typeof meta.contentType === "string" ? meta.contentType : DEFAULT_CONTENT_TYPE,
      };
      return {
        info,
        stream: (range) => {
          if (info.size === 0) {
            void handle.close();
            return Readable.from([]);
          }
          return handle.createReadStream({
            start: offset + (range?.start ?? 0),
            end: offset + (range?.end ?? info.size - 1),
          });
        },
        close: () => handle.close(),
      };
    } catch (e) {
      await handle.close();
      throw e;
    }
  }

  async get(key: string): Promise<{ info: BlobInfo; body: Readable }> {
    const blob = await this.open(key);
    return { info: blob.info, body: blob.stream() };
  }

  async find(key: string): Promise<BlobInfo | undefined> {
    try {
      const blob = await this.open(key);
      await blob.close();
      return blob.info;
    } catch (e) {
      if (isAppError(e, "blob_not_found")) return undefined;
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await unlink(this.#pathOf(key));
    } catch (e) {
      if (!isMissing(e)) throw e;
    }
  }

  presignPut(key: string, options: PresignPutOptions): Promise<string> {
    return Promise.resolve().then(() => this.#presignPut(key, options));
  }

  presignGet(key: string, options: PresignGetOptions): Promise<string> {
    return Promise.resolve().then(() => {
      assertBlobKey(key);
      return this.#signer.sign({ method: "GET", key, expires: this.#expiry(options.expiresInSeconds) });
    });
  }

  #presignPut(key: string, options: PresignPutOptions): string {
    assertBlobKey(key);
    if (options.contentType !== undefined) assertContentType(options.contentType);
    assertMaxBytes(options.maxBytes);
    return this.#signer.sign({
      method: "PUT",
      key,
      expires: this.#expiry(options.expiresInSeconds),
      ...(options.contentType === undefined ? {} : { contentType: options.contentType }),
      ...(options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes }),
    });
  }

  /**
   * Deletes temp files older than `maxAgeMs` (default 1 h) left by a process that died mid-write;
   * returns how many. Live writes are younger, so this is safe to run at start or periodically.
   */
  async removeStaleTempFiles(maxAgeMs = 3_600_000): Promise<number> {
    const tempDir = path.join(this.#dir, TEMP_DIR);
    const names = await readdir(tempDir).catch((e: unknown) => {
      if (isMissing(e)) return [];
      throw e;
    });
    let removed = 0;
    for (const name of names) {
      const file = path.join(tempDir, name);
      const info = await stat(file).catch(() => undefined);
      if (info !== undefined && this.#clock.now() - info.mtimeMs > maxAgeMs) {
        await rm(file, { force: true });
        removed++;
      }
    }
    return removed;
  }

  /** Checks a request against its signed URL; throws `signed_url_invalid` / `signed_url_expired`. */
  verifySignedUrl(method: string, key: string, query: Record<string, unknown>): SignedGrant {
    return this.#signer.verify(method, key, query);
  }

  #expiry(expiresInSeconds: number): number {
    assertExpiresIn(expiresInSeconds);
    return Math.floor(this.#clock.now() / 1000) + expiresInSeconds;
  }
}
