// Per-token request budgets: a small port and the in-memory fixed-window implementation.

/** The outcome of counting one request against a budget. */
export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  /** Requests left in the current window after this one (0 when refused). */
  remaining: number;
  /** Epoch ms at which the window resets. */
  resetAt: number;
}

/**
 * Counts requests per key. The in-memory limiter below is right for one process; a DB- or Redis-backed
 * limiter implementing this same interface replaces it when several processes serve the API.
 */
export interface RateLimiter {
  hit(key: string, limit: number, now: number): Promise<RateLimitDecision>;
}

export interface InMemoryRateLimiterOptions {
  /** Window length. Default one minute (limits are "requests per minute"). */
  windowMs?: number;
}

/**
 * Fixed windows aligned to the clock (each minute starts at :00). Simple and O(1); the known cost is a
 * burst of up to 2× the limit straddling a window edge, acceptable for an API budget.
 */
export function createInMemoryRateLimiter(options: InMemoryRateLimiterOptions = {}): RateLimiter {
  const windowMs = options.windowMs ?? 60_000;
  const windows = new Map<string, { start: number; count: number }>();
  let lastSweep = 0;
  return {
    hit(key, limit, now) {
      const start = Math.floor(now / windowMs) * windowMs;
      if (start !== lastSweep) {
        // Forget finished windows once per window so idle tokens do not accumulate.
        for (const [k, w] of windows) if (w.start < start) windows.delete(k);
        lastSweep = start;
      }
      let w = windows.get(key);
      if (!w || w.start !== start) {
        w = { start, count: 0 };
        windows.set(key, w);
      }
      const resetAt = start + windowMs;
      if (w.count >= limit) return Promise.resolve({ allowed: false, limit, remaining: 0, resetAt });
      w.count += 1;
      return Promise.resolve({ allowed: true, limit, remaining: limit - w.count, resetAt });
    },
  };
}
