// Unit tests of the in-memory fixed-window rate limiter.
import { describe, expect, it } from "vitest";
import { createInMemoryRateLimiter } from "./rate-limiter.js";

describe("in-memory rate limiter", () => {
  it("counts per key in clock-aligned windows and resets at the window edge", async () => {
    const limiter = createInMemoryRateLimiter();
    const t0 = Date.UTC(2025, 0, 1, 12, 0, 30);
    expect(await limiter.hit("a", 2, t0)).toEqual({
      allowed: true,
      limit: 2,
      remaining: 1,
      resetAt: Date.UTC(2025, 0, 1, 12, 1),
    });
    expect((await limiter.hit("a", 2, t0 + 1)).remaining).toBe(0);
    expect((await limiter.hit("a", 2, t0 + 2)).allowed).toBe(false);
    expect((await limiter.hit("b", 2, t0 + 2)).allowed).toBe(true);
    const next = await limiter.hit("a", 2, Date.UTC(2025, 0, 1, 12, 1));
    expect(next).toMatchObject({ allowed: true, remaining: 1 });
  });
});
