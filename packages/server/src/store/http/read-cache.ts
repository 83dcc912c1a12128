// Cached GET responses, valid exactly while the store's read version is the one they were made at.
import type {
  FastifyReply,
  FastifyRequest,
  onSendAsyncHookHandler,
  preHandlerAsyncHookHandler,
} from "fastify";
import { createByteLru } from "../../core/cache/byte-lru.js";
import { getPrincipal } from "./request-context.js";
import type { ReadDomain } from "./read-versions.js";

export interface ReadCacheOptions {
  /** Most bytes of bodies kept (roughly: UTF-16 string length × 2). 0 turns caching off (ETags stay). */
  maxBytes: number;
}

/** Route hooks that answer a GET from the cache when its domain has not changed since. */
export interface CachedRead {
  preHandler: preHandlerAsyncHookHandler;
  onSend: onSendAsyncHookHandler;
}

export interface ReadCache {
  /** Hooks for a GET route whose 200 body depends only on its URL, its store and `domain`'s tables. */
  route(domain: ReadDomain): CachedRead;
}

/**
 * Polling clients ask the same questions over and over (`GET /orders?status=pending` every few seconds), and
 * the answer only changes when the store's orders do. Each store carries a version per domain, moved by
 * triggers on every write to the domain's tables (read-versions.ts), and read with the token on every
 * request (no extra query). A body is cached under (store, domain, version, URL); a request whose
 * authentication saw the same version gets the same bytes, so an answer is never older than the version
 * read when the request began — the same guarantee as running the queries then. The version is read
 * before the handler's queries, so a body made while a write commits is filed under the older version
 * and only ever served to requests that began before that write was visible.
 *
 * Every cached response carries `ETag: "<domain>-<store>-<version>"`; `If-None-Match` with it answers 304.
 * Entries are evicted least-recently-used past `maxBytes`; entries of old versions simply age out.
 */
export function createReadCache(options: ReadCacheOptions): ReadCache {
  // A few huge pages must not push out everything else: one body takes at most an eighth.
  const entries = createByteLru<string>({ maxBytes: options.maxBytes, sizeOf: (body) => body.length * 2 });
  const pending = new WeakMap<FastifyRequest, string>();

  return {
    route(domain) {
      return {
        preHandler: async (request: FastifyRequest, reply: FastifyReply) => {
          const { store, versions } = getPrincipal(request);
          const etag = `"${domain}-${String(store.id)}-${String(versions[domain])}"`;
          void reply.header("etag", etag);
          if (request.headers["if-none-match"] === etag) return reply.code(304).send();
          const key = `${etag} ${request.url}`;
          const body = entries.get(key);
          if (body === undefined) {
            if (options.maxBytes > 0) pending.set(request, key);
            return;
          }
          return reply.type("application/json; charset=utf-8").send(body);
        },
        onSend: (request, reply, payload) => {
          if (reply.statusCode !== 200 && reply.statusCode !== 304) void reply.removeHeader("etag");
          const key = pending.get(request);
          if (key !== undefined && reply.statusCode === 200 && typeof payload === "string") {
            entries.set(key, payload);
          }
          return Promise.resolve(payload);
        },
      };
    },
  };
}
