// Cached answers to the polled REST reads (GET Image/{ticket} above all), valid exactly while the database
// has not changed since they were made.
import { hash } from "node:crypto";
import { createByteLru } from "../../core/cache/byte-lru.js";

/** An encoded REST answer. */
export interface EncodedAnswer {
  readonly contentType: string;
  readonly body: string;
}

interface Entry extends EncodedAnswer {
  readonly version: string;
  readonly until: number;
}

export interface ResponseCacheOptions {
  /** Most bytes of bodies kept (UTF-16 length × 2). 0 turns the cache off. */
  maxBytes: number;
  /**
   * The database's change token ({@link Database.dataVersion}): undefined means it cannot tell, and
   * nothing is cached.
   */
  dataVersion: () => string | undefined;
  /**
   * Longest an answer is reused even while nothing changes (real milliseconds): signed links in answers
   * are renewed hourly, and nothing else in a cacheable answer depends on the time. Default 60 s.
   */
  maxAgeMs?: number;
  now?: () => number;
}

/** The cache's answer for one request: the stored answer, or where to put the one about to be made. */
export interface CacheLookup {
  readonly hit: EncodedAnswer | undefined;
  /** Files `answer` under the version read by the lookup (call only for successful answers). */
  remember(answer: EncodedAnswer): void;
}

export interface ResponseCache {
  /** Undefined when caching is off or the database cannot tell its version. */
  lookup(url: string): CacheLookup | undefined;
}

/**
 * Status polling asks the same question thousands of times between two changes of the answer. An answer
 * depends on the request's URL (method, ticket, and the credentials it carries: a GET has no body) and the
 * database, so it is filed under a digest of the URL (credentials are never kept as given) and the data
 * version read before the operation ran; a request that reads the same version gets the same bytes — no
 * older than running the queries then. A changed, revoked or removed key is itself a write, so a cached
 * success is never served to credentials that would now fail. Only successes are cached: an error always
 * takes the full path (and its constant-time comparison).
 */
export function createResponseCache(options: ResponseCacheOptions): ResponseCache {
  const maxAgeMs = options.maxAgeMs ?? 60_000;
  const now = options.now ?? Date.now;
  const entries = createByteLru<Entry>({
    maxBytes: options.maxBytes,
    sizeOf: (e) => e.body.length * 2 + 200,
  });
  return {
    lookup(url) {
      if (options.maxBytes <= 0) return undefined;
      const version = options.dataVersion();
      if (version === undefined) return undefined;
      const key = hash("sha256", url, "base64");
      const found = entries.get(key);
      const at = now();
      const hit = found && found.version === version && found.until > at ? found : undefined;
      return {
        hit,
        remember(answer) {
          entries.set(key, { ...answer, version, until: at + maxAgeMs });
        },
      };
    },
  };
}
