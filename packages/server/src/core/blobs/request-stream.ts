// A request's body as a stream that fails, rather than ends quietly, when the client disconnects midway.
import type { IncomingMessage } from "node:http";
import { PassThrough, type Readable } from "node:stream";

/**
 * Pipes `raw` into a pass-through: a refused upload can then be abandoned (`raw.unpipe`) without destroying
 * the socket before the error response is written, and a client that disconnects midway errors the stream
 * (so a store write fails instead of keeping a truncated object).
 */
export function requestBodyStream(raw: IncomingMessage): Readable {
  const body = new PassThrough();
  raw.pipe(body);
  raw.on("close", () => {
    if (!raw.complete) body.destroy(new Error("The client disconnected during the upload"));
  });
  return body;
}
