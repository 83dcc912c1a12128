// The rate limiter shared by every process on one database: one atomic upsert per request.
import type { Insertable } from "kysely";
import type { Executor } from "../../core/db/index.js";
import { compileOnce } from "../../core/db/compiled-query.js";
import type { StoreRateLimitsTable } from "./rate-limit.tables.js";
import type { RateLimiter } from "./rate-limiter.js";

export interface DatabaseRateLimiterOptions {
  /** Window length. Default one minute (limits are "requests per minute"). */
  windowMs?: number;
}

/**
 * Fixed clock-aligned windows counted in `store_rate_limits`, so several `pixl serve` processes share one
 * budget per token. Each hit is a single `INSERT … ON CONFLICT DO UPDATE SET count = count + 1 RETURNING
 * count` (atomic on SQLite and PostgreSQL, no read-then-write race). Refused requests are counted too,
 * which changes nothing for the caller (it is refused either way) and keeps the statement to one.
 * Finished windows are deleted by the first request each process sees in a new window.
 */
// One statement per request on the hot path: compiled once.
const countHit = compileOnce((db, p: { key: string; start: number }) => {
  const first: Insertable<StoreRateLimitsTable> = { key: p.key, window_start: p.start, count: 1 };
  return db
    .insertInto("store_rate_limits")
    .values(first)
    .onConflict((oc) =>
      oc
        .columns(["key", "window_start"])
        .doUpdateSet((eb) => ({ count: eb("store_rate_limits.count", "+", 1) })),
    )
    .returning("count");
});

export function createDatabaseRateLimiter(
  db: Executor,
  options: DatabaseRateLimiterOptions = {},
): RateLimiter {
  const windowMs = options.windowMs ?? 60_000;
  let lastSweep = 0;
  return {
    async hit(key, limit, now) {
      const start = Math.floor(now / windowMs) * windowMs;
      if (start > lastSweep) {
        lastSweep = start;
        await db.deleteFrom("store_rate_limits").where("window_start", "<", start).execute();
      }
      const [row] = await countHit(db, { key, start });
      if (row === undefined) throw new Error("The rate-limit upsert returned no row");
      const used = row.count;
      const resetAt = start + windowMs;
      if (used > limit) return { allowed: false, limit, remaining: 0, resetAt };
      return { allowed: true, limit, remaining: limit - used, resetAt };
    },
  };
}
