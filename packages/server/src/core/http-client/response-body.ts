// Reading response bodies within limits: size caps while buffering or streaming, and draining bodies
// that are not wanted without upsetting undici's connection pool.
import { Transform, pipeline, type Readable } from "node:stream";
import { AppError } from "../errors/index.js";
import type { Deadline } from "./deadline.js";
import type { ResponseHeaders } from "./undici.adapter.js";

/**
 * Buffers a body up to `maxBodyBytes`: past it, throws `fetch_too_large` or (with `truncate`) returns
 * the first `maxBodyBytes` bytes with `truncated: true`.
 */
export async function readBody(
  stream: Readable,
  maxBodyBytes: number,
  truncate: boolean,
): Promise<{ body: Buffer; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (size + chunk.length > maxBodyBytes) {
      abandon(stream);
      if (!truncate) throw createTooLargeError(maxBodyBytes);
      chunks.push(chunk.subarray(0, maxBodyBytes - size));
      return { body: Buffer.concat(chunks), truncated: true };
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  return { body: Buffer.concat(chunks), truncated: false };
}

/** Pipes `source` through a byte counter; the deadline stays armed until the body ends or fails. */
export function limitStream(source: Readable, maxBodyBytes: number, deadline: Deadline): Readable {
  let size = 0;
  const limited = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > maxBodyBytes) callback(createTooLargeError(maxBodyBytes));
      else callback(null, chunk);
    },
  });
  deadline.onFire((error) => limited.destroy(error));
  pipeline(source, limited, () => deadline.clear());
  return limited;
}

/** Drains a redirect's body (usually tiny) so the socket can be reused; destroys it past 64 KiB. */
export async function discard(body: Readable): Promise<void> {
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 64 * 1024) {
      abandon(body);
      return;
    }
  }
}

/** Destroys a body we no longer want; undici reports that as an abort error nobody needs to hear. */
export function abandon(body: Readable): void {
  body.on("error", () => undefined);
  body.destroy();
}

/** The `fetch_too_large` error (reason `body_too_large`). */
export function createTooLargeError(maxBodyBytes: number, contentLength?: number): AppError {
  return new AppError("fetch_too_large", `The response body is larger than ${maxBodyBytes} bytes`, {
    reason: "body_too_large",
    maxBodyBytes,
    ...(contentLength === undefined ? {} : { contentLength }),
  });
}

/** The declared Content-Length when it is over `max`, else undefined. */
export function contentLengthOver(headers: ResponseHeaders, max: number): number | undefined {
  const declared = Number(firstHeader(headers, "content-length"));
  return Number.isFinite(declared) && declared > max ? declared : undefined;
}

/** The first value of a response header. */
export function firstHeader(headers: ResponseHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
