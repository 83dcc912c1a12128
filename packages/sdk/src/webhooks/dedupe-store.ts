// Where webhook handlers remember delivery ids they processed: in memory, or Redis through a tiny port.

/** Remembers processed delivery ids. */
export interface DedupeStore {
  /** True when `id` was not seen within `ttlMs` (and is now recorded); false for a repeat. */
  claim(id: string, ttlMs: number): Promise<boolean>;
  /** Forgets `id` (the handler failed, so a retry must run again). */
  release(id: string): Promise<void>;
}

/** Process-local; entries expire after their TTL. `maxEntries` bounds memory (oldest dropped). Default 100 000. */
export function createMemoryDedupeStore(
  options: { maxEntries?: number; now?: () => number } = {},
): DedupeStore {
  const seen = new Map<string, number>();
  const max = options.maxEntries ?? 100_000;
  const now = options.now ?? Date.now;
  return {
    claim(id, ttlMs) {
      const t = now();
      const until = seen.get(id);
      if (until !== undefined && until > t) return Promise.resolve(false);
      seen.delete(id);
      seen.set(id, t + ttlMs);
      while (seen.size > max) seen.delete(seen.keys().next().value as string);
      return Promise.resolve(true);
    },
    release(id) {
      seen.delete(id);
      return Promise.resolve();
    },
  };
}

/** What the Redis store needs: `SET key value PX ttl NX` and `DEL` (ioredis and node-redis v4 `sendCommand` both fit). */
export interface RedisLike {
  /** Sends one command; resolves with Redis's reply (`"OK"` or null for SET NX). */
  command(args: string[]): Promise<unknown>;
}

/** Shared by every process of a receiver: `pixl_webhook:<id>` keys set with NX and an expiry. */
export function createRedisDedupeStore(redis: RedisLike, options: { prefix?: string } = {}): DedupeStore {
  const prefix = options.prefix ?? "pixl_webhook:";
  return {
    async claim(id, ttlMs) {
      const reply = await redis.command(["SET", `${prefix}${id}`, "1", "PX", String(ttlMs), "NX"]);
      return reply === "OK";
    },
    async release(id) {
      await redis.command(["DEL", `${prefix}${id}`]);
    },
  };
}
