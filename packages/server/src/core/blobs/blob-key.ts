// Blob key and option validation: a hostile key must never name a path outside the store.
import { AppError } from "../errors/index.js";
import { MAX_PRESIGN_SECONDS } from "./blob-store.js";

// Segments of letters, digits, `_`, `-`, `.`, not starting with `.` (so no `.`, `..` or hidden files),
// joined by single `/`. No leading or trailing `/`, no backslash, NUL, spaces or percent-escapes.
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,254}$/;
const MAX_KEY_LENGTH = 512;
// type/subtype with optional parameters; no control characters (it ends up in a header).
const CONTENT_TYPE =
  /^[A-Za-z0-9!#$&^_.+-]+\/[A-Za-z0-9!#$&^_.+-]+(?:\s*;\s*[A-Za-z0-9!#$&^_.+-]+=[A-Za-z0-9!#$&^_.+"-]+)*$/;

/** True when `key` is a valid blob key. */
export function isBlobKey(key: string): boolean {
  if (key.length === 0 || key.length > MAX_KEY_LENGTH) return false;
  return key.split("/").every((segment) => SEGMENT.test(segment));
}

/** Throws `validation_failed` unless `key` is a valid blob key. */
export function assertBlobKey(key: string): void {
  if (!isBlobKey(key)) {
    throw new AppError(
      "validation_failed",
      "Invalid blob key: use 1–512 characters of A–Z a–z 0–9 . _ - in `/`-separated segments not starting with `.`",
      { key: key.slice(0, 100) },
    );
  }
}

/** Throws `validation_failed` unless `contentType` is a plain `type/subtype[; param=value]`. */
export function assertContentType(contentType: string): void {
  if (contentType.length > 200 || !CONTENT_TYPE.test(contentType)) {
    throw new AppError("validation_failed", "Invalid content type", {
      contentType: contentType.slice(0, 100),
    });
  }
}

/** Throws `validation_failed` unless the lifetime is a whole number of seconds in 1 s … 7 days. */
export function assertExpiresIn(seconds: number): void {
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_PRESIGN_SECONDS) {
    throw new AppError(
      "validation_failed",
      `expiresInSeconds must be an integer from 1 to ${MAX_PRESIGN_SECONDS}`,
    );
  }
}

/** Throws `validation_failed` unless `maxBytes` is absent or a non-negative safe integer. */
export function assertMaxBytes(maxBytes: number | undefined): void {
  if (maxBytes !== undefined && !(Number.isSafeInteger(maxBytes) && maxBytes >= 0)) {
    throw new AppError("validation_failed", "maxBytes must be a non-negative integer");
  }
}
