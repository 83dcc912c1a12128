// The rate limiter shared by every process on one database: hits arriving together share one upsert.
import type { Executor } from "../../core/db/index.js";
import { compileOnce } from "../../core/db/compiled-query.js";
import type { RateLimitDecision, RateLimiter } from "./rate-limiter.js";

export interface DatabaseRateLimiterOptions {
  /** Window length. Default one minute (limits are "requests per minute"). */
  windowMs?: number;
}

type Counted = { key: string; window_start: number; count: number };

/** Adds each row's count to its (key, window) counter; returns the new totals. */
function upsertCounts(db: Executor, counts: Counted | Counted[]) {
  return db
    .insertInto("store_rate_limits")
    .values(counts)
    .onConflict((oc) =>
      oc
        .columns(["key", "window_start"])
        .doUpdateSet((eb) => ({ count: eb("store_rate_limits.count", "+", eb.ref("excluded.count")) })),
    )
    .returning(["key", "window_start", "count"]);
}

// A batch of one key (one busy token) is the common case under load: compiled once.
const countOne = compileOnce((db, p: Counted) => upsertCounts(db, p));

/** Most hits counted by one statement. */
const MAX_BATCH = 500;

interface PendingHit {
  key: string;
  limit: number;
  start: number;
  resolve: (decision: RateLimitDecision) => void;
  reject: (e: unknown) => void;
}

/**
 * Fixed clock-aligned windows counted in `store_rate_limits`, so several `pixl serve` processes share one
 * budget per token. The hits of one event-loop turn are counted by a single multi-row
 * `INSERT … ON CONFLICT DO UPDATE SET count = count + excluded.count RETURNING count` (atomic on SQLite and
 * PostgreSQL, no read-then-write race): a key hit k times in the batch learns its new total n, and its hits
 * are numbers n−k+1 … n in arrival order, exactly as k single upserts would have numbered them. Under load
 * that is one statement for dozens of requests instead of one each. Refused requests are counted too,
 * which changes nothing for the caller (it is refused either way). Finished windows are deleted by the
 * first batch each process sees in a new window.
 */
export function createDatabaseRateLimiter(
  db: Executor,
  options: DatabaseRateLimiterOptions = {},
): RateLimiter {
  const windowMs = options.windowMs ?? 60_000;
  let lastSweep = 0;
  let queue: PendingHit[] = [];

  async function count(batch: PendingHit[]): Promise<void> {
    const groups = new Map<string, PendingHit[]>();
    for (const hit of batch) {
      const id = `${String(hit.start)}\u0000${hit.key}`;
      const group = groups.get(id);
      if (group) group.push(hit);
      else groups.set(id, [hit]);
    }
    const newest = Math.max(...batch.map((h) => h.start));
    if (newest > lastSweep) {
      lastSweep = newest;
      await db.deleteFrom("store_rate_limits").where("window_start", "<", newest).execute();
    }
    const counts = [...groups.values()].map((g) => ({
      key: g[0]?.key ?? "",
      window_start: g[0]?.start ?? 0,
      count: g.length,
    }));
    const rows =
      counts.length === 1 && counts[0]
        ? await countOne(db, counts[0])
        : await upsertCounts(db, counts).execute();
    for (const row of rows) {
      const group = groups.get(`${String(row.window_start)}\u0000${row.key}`) ?? [];
      const resetAt = row.window_start + windowMs;
      group.forEach((hit, i) => {
        const used = row.count - group.length + i + 1;
        hit.resolve(
          used > hit.limit
            ? { allowed: false, limit: hit.limit, remaining: 0, resetAt }
            : { allowed: true, limit: hit.limit, remaining: hit.limit - used, resetAt },
        );
      });
      groups.delete(`${String(row.window_start)}\u0000${row.key}`);
    }
    if (groups.size > 0) throw new Error("The rate-limit upsert returned no row for some keys");
  }

  function flush(): void {
    const batch = queue;
    if (batch.length === 0) return;
    queue = [];
    count(batch).catch((e: unknown) => {
      for (const hit of batch) hit.reject(e);
    });
  }

  return {
    hit(key, limit, now) {
      return new Promise((resolve, reject) => {
        if (queue.length === 0) setImmediate(flush);
        queue.push({ key, limit, start: Math.floor(now / windowMs) * windowMs, resolve, reject });
        // Bounded statements (3 parameters per key): a full batch goes now, the rest wait for the turn.
        if (queue.length >= MAX_BATCH) flush();
      });
    },
  };
}
