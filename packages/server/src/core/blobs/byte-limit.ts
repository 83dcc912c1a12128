// Counting bytes as they stream past, failing the stream once a limit is passed.
import { Readable, Transform, type TransformCallback } from "node:stream";
import { AppError } from "../errors/index.js";

/** A pass-through that counts bytes and errors with `payload_too_large` past `maxBytes` (if given). */
export class ByteCounter extends Transform {
  bytes = 0;
  readonly #maxBytes: number | undefined;

  constructor(maxBytes: number | undefined) {
    super();
    this.#maxBytes = maxBytes;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.#maxBytes !== undefined && this.bytes > this.#maxBytes) {
      callback(
        new AppError("payload_too_large", `Blob is larger than the limit of ${this.#maxBytes} bytes`, {
          maxBytes: this.#maxBytes,
        }),
      );
      return;
    }
    callback(null, chunk);
  }
}

/** A Readable over a put body: streams pass through, byte arrays become a one-chunk stream. */
export function toReadable(body: Readable | Uint8Array): Readable {
  return body instanceof Uint8Array
    ? Readable.from([Buffer.from(body.buffer, body.byteOffset, body.byteLength)])
    : body;
}
