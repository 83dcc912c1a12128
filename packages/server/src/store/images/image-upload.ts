// Reading one uploaded image from a request, multipart/form-data (field `image`) or the raw body: the bytes
// are sniffed (JPEG, PNG, WebP, GIF only; the declared Content-Type is never trusted) and streamed to blobs.
// The only file that imports busboy.
import busboy from "busboy";
import { randomBytes } from "node:crypto";
import { pipeline, type Readable } from "node:stream";
import type { FastifyRequest } from "fastify";
import type { BlobStore } from "../../core/blobs/index.js";
import { ByteCounter } from "../../core/blobs/byte-limit.js";
import { SNIFF_BYTES, sniffImageType } from "../../core/blobs/content-sniff.js";
import { peekStream } from "../../core/blobs/peek-stream.js";
import { requestBodyStream } from "../../core/blobs/request-stream.js";
import { AppError, isAppError } from "../../core/errors/index.js";
import { invalidField } from "../shared/validation.js";

/** Image types a store accepts, with the extension of their public file name. */
const ACCEPTED = new Map([
  ["image/jpeg", "jpg"],
  ["image/png", "png"],
  ["image/webp", "webp"],
  ["image/gif", "gif"],
]);
/** Multipart bodies may exceed the image by their boundaries, headers and small fields. */
const MULTIPART_OVERHEAD = 64 * 1024;
/** Multipart field names taken as the image. */
const FILE_FIELDS = new Set(["image", "file"]);

export interface UploadTarget {
  blobs: BlobStore;
  /** Blob key folder, e.g. `store-images/12`. */
  keyPrefix: string;
  /** `PIXL_MAX_UPLOAD_BYTES`: larger images are 413. */
  maxBytes: number;
}

/** A stored image blob. */
export interface StoredImage {
  key: string;
  /** Random file name with the sniffed type's extension; the public URL ends with it. */
  publicId: string;
  contentType: string;
  size: number;
}

export interface ReceivedImage extends StoredImage {
  /** Text fields of a multipart body (none for a raw body). */
  fields: Record<string, string>;
}

const notAnImage = () => invalidField("image", "The image must be a JPEG, PNG, WebP or GIF file.");

function tooLarge(maxBytes: number): AppError {
  return new AppError("payload_too_large", `The image may not be larger than ${maxBytes} bytes.`, {
    maxBytes,
  });
}

async function storeImageStream(source: Readable, target: UploadTarget): Promise<StoredImage> {
  const { head, body } = await peekStream(source, SNIFF_BYTES);
  const contentType = sniffImageType(head);
  const extension = contentType === undefined ? undefined : ACCEPTED.get(contentType);
  if (contentType === undefined || extension === undefined) {
    body.destroy();
    source.destroy();
    throw notAnImage();
  }
  const publicId = `${randomBytes(18).toString("base64url")}.${extension}`;
  const key = `${target.keyPrefix}/${publicId}`;
  const info = await target.blobs.put(key, body, { contentType, maxBytes: target.maxBytes });
  return { key, publicId, contentType, size: info.size };
}

function receiveMultipart(request: FastifyRequest, target: UploadTarget): Promise<ReceivedImage> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: request.headers,
        limits: { files: 1, fields: 10, parts: 12, fieldSize: 1024 },
      });
    } catch (e) {
      reject(new AppError("bad_request", "The multipart body is malformed.", undefined, { cause: e }));
      return;
    }
    const fields: Record<string, string> = {};
    let upload: Promise<StoredImage> | undefined;
    let extraFile = false;
    let settled = false;
    const fail = (e: unknown): void => {
      if (settled) return;
      settled = true;
      parser.destroy();
      // An image already stored for a request that failed afterwards must not stay behind.
      upload?.then((s) => target.blobs.delete(s.key)).catch(() => undefined);
      reject(isAppError(e) ? e : new AppError("bad_request", "The multipart body is malformed."));
    };
    parser.on("file", (name, file) => {
      if (!FILE_FIELDS.has(name) || upload !== undefined) {
        file.resume();
        return;
      }
      upload = storeImageStream(file, target);
      upload.catch(fail);
    });
    parser.on("field", (name, value) => {
      fields[name] = value;
    });
    parser.on("filesLimit", () => {
      extraFile = true;
    });
    parser.on("close", () => {
      if (upload === undefined) {
        fail(invalidField("image", "The image field is required."));
        return;
      }
      upload.then((stored) => {
        if (extraFile) {
          fail(invalidField("image", "Send one image per request."));
          return;
        }
        settled = true;
        resolve({ ...stored, fields });
      }, fail);
    });
    pipeline(
      requestBodyStream(request.raw),
      new ByteCounter(target.maxBytes + MULTIPART_OVERHEAD),
      parser,
      (e) => {
        if (e) fail(isAppError(e, "payload_too_large") ? tooLarge(target.maxBytes) : e);
      },
    );
  });
}

/**
 * Reads and stores the request's image: `multipart/form-data` with the file in field `image` (or `file`)
 * and optional text fields, or the raw body with any `image/*` or `application/octet-stream` type.
 * Throws 413 (declared or counted size over the limit), 415 (other body types), 422 (not a JPEG, PNG, WebP
 * or GIF, or no image field), 400 (malformed multipart). Nothing stays stored when it throws.
 */
export async function receiveImageUpload(
  request: FastifyRequest,
  target: UploadTarget,
): Promise<ReceivedImage> {
  const mediaType = (request.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  const declared = Number(request.headers["content-length"] ?? Number.NaN);
  if (mediaType === "multipart/form-data") {
    if (declared > target.maxBytes + MULTIPART_OVERHEAD) throw tooLarge(target.maxBytes);
    return receiveMultipart(request, target);
  }
  if (mediaType.startsWith("image/") || mediaType === "application/octet-stream") {
    if (declared > target.maxBytes) throw tooLarge(target.maxBytes);
    try {
      return { ...(await storeImageStream(requestBodyStream(request.raw), target)), fields: {} };
    } catch (e) {
      throw isAppError(e, "payload_too_large") ? tooLarge(target.maxBytes) : e;
    }
  }
  throw new AppError(
    "unsupported_media_type",
    "Send the image as multipart/form-data (field image) or as the request body with an image Content-Type.",
  );
}
