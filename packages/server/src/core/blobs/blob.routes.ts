// HTTP routes serving the local store's presigned URLs: GET/HEAD (with Range) and PUT, streamed both ways.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { PassThrough } from "node:stream";
import { AppError } from "../errors/index.js";
import { assertContentType } from "./blob-key.js";
import { DEFAULT_CONTENT_TYPE } from "./blob-store.js";
import type { ByteRange, LocalBlobStore } from "./local-blob-store.js";

export interface BlobRoutesOptions {
  store: LocalBlobStore;
  /** Largest body a presigned PUT accepts, whatever the URL allows (413 beyond). */
  maxUploadBytes: number;
}

type BlobRequest = FastifyRequest<{ Params: { "*": string }; Querystring: Record<string, unknown> }>;

// Served blobs are customer bytes on Pixl's own origin: never let a browser run them as a page.
const SAFE_HEADERS = {
  "x-content-type-options": "nosniff",
  "content-security-policy": "default-src 'none'; sandbox",
  "cache-control": "private, no-store",
};

/** Parses a single `bytes=` range; undefined = whole body, "unsatisfiable" = 416. */
export function parseRange(
  header: string | undefined,
  size: number,
): ByteRange | undefined | "unsatisfiable" {
  if (header === undefined) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  // Multiple ranges and other units are allowed to be ignored (RFC 9110 §14.2): serve everything.
  if (match === null) return undefined;
  const [, from = "", to = ""] = match;
  if (from === "" && to === "") return undefined;
  if (from === "") {
    const suffix = Number(to);
    if (suffix === 0 || size === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(from);
  const end = to === "" ? size - 1 : Math.min(Number(to), size - 1);
  if (start >= size || end < start) return "unsatisfiable";
  return { start, end };
}

async function serveGet(
  store: LocalBlobStore,
  request: BlobRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const key = request.params["*"];
  store.verifySignedUrl(request.method, key, request.query);
  const blob = await store.open(key);
  const { size, contentType } = blob.info;
  const range = parseRange(request.headers.range, size);
  void reply.headers(SAFE_HEADERS).header("accept-ranges", "bytes");
  if (range === "unsatisfiable") {
    await blob.close();
    return reply.status(416).header("content-range", `bytes */${size}`).send();
  }
  void reply.type(contentType);
  if (range !== undefined) {
    void reply.status(206).header("content-range", `bytes ${range.start}-${range.end}/${size}`);
  }
  void reply.header("content-length", range === undefined ? size : range.end - range.start + 1);
  if (request.method === "HEAD") {
    await blob.close();
    return reply.send();
  }
  return reply.send(blob.stream(range));
}

async function servePut(
  options: BlobRoutesOptions,
  request: BlobRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const key = request.params["*"];
  const grant = options.store.verifySignedUrl("PUT", key, request.query);
  const limit = Math.min(grant.maxBytes ?? Infinity, options.maxUploadBytes);
  const given = request.headers["content-type"];
  if (grant.contentType !== undefined && given !== grant.contentType) {
    throw new AppError("signed_url_invalid", `This upload URL requires Content-Type: ${grant.contentType}`);
  }
  const contentType = given ?? DEFAULT_CONTENT_TYPE;
  assertContentType(contentType);
  const declared = Number(request.headers["content-length"] ?? 0);
  if (declared > limit) {
    // Tell the client to stop sending rather than reading a body we will refuse.
    void reply.header("connection", "close");
    throw new AppError("payload_too_large", `Upload is larger than the limit of ${limit} bytes`, {
      maxBytes: limit,
    });
  }
  // A pass-through between socket and store: a refused upload must not destroy the socket before the
  // 413 is written, and a client that disconnects midway must fail the write.
  const body = new PassThrough();
  const raw = request.raw;
  raw.pipe(body);
  raw.on("close", () => {
    if (!raw.complete) body.destroy(new Error("The client disconnected during the upload"));
  });
  try {
    await options.store.put(key, body, { contentType, maxBytes: limit });
  } catch (e) {
    raw.unpipe(body);
    void reply.header("connection", "close");
    throw e;
  }
  return reply.status(200).headers(SAFE_HEADERS).send();
}

/**
 * Serves the local store's presigned URLs under `/blobs/*`. An encapsulated Fastify plugin: register
 * it with `app.register(registerBlobRoutes, { store, maxUploadBytes })`. Its raw-stream body parser
 * applies to these routes only. Errors (403 `signed_url_expired` / `signed_url_invalid`, 404
 * `blob_not_found`, 413 `payload_too_large`) go through the app's error boundary.
 */
export async function registerBlobRoutes(app: FastifyInstance, options: BlobRoutesOptions): Promise<void> {
  // Uploads are any content type, streamed: replace the inherited parsers (JSON …) with one that hands
  // the handler the untouched request stream.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", (_request, payload, done) => done(null, payload));
  app.route<{ Params: { "*": string }; Querystring: Record<string, unknown> }>({
    method: ["GET", "HEAD"],
    url: "/blobs/*",
    handler: (request, reply) => serveGet(options.store, request, reply),
  });
  app.put<{ Params: { "*": string }; Querystring: Record<string, unknown> }>("/blobs/*", (request, reply) =>
    servePut(options, request, reply),
  );
  return Promise.resolve();
}
