// The database rate limiter on both engines: counts per key and window, concurrent hits, old windows swept.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { migrateToLatest } from "../../core/db/index.js";
import { createTestDatabase, testDialects, type TestDatabase } from "../../../test/support/databases.js";
import { storeMigrations } from "../store.migrations.js";
import { createDatabaseRateLimiter } from "./database-rate-limiter.js";

describe.each(testDialects)("database rate limiter on %s", (dialect) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createTestDatabase(dialect);
    await migrateToLatest(t.database, storeMigrations);
  });
  afterEach(async () => {
    await t.dispose();
  });
  const t0 = Date.UTC(2025, 0, 1, 12, 0, 30);
  const rows = () => t.database.kysely.selectFrom("store_rate_limits").selectAll().execute();

  it("counts per key in clock-aligned windows and resets at the window edge", async () => {
    const limiter = createDatabaseRateLimiter(t.database.kysely);
    expect(await limiter.hit("a", 2, t0)).toEqual({
      allowed: true,
      limit: 2,
      remaining: 1,
      resetAt: Date.UTC(2025, 0, 1, 12, 1),
    });
    expect(await limiter.hit("a", 2, t0 + 1)).toMatchObject({ allowed: true, remaining: 0 });
    expect(await limiter.hit("a", 2, t0 + 2)).toMatchObject({ allowed: false, remaining: 0 });
    expect((await limiter.hit("b", 2, t0 + 2)).allowed).toBe(true);
    expect(await limiter.hit("a", 2, Date.UTC(2025, 0, 1, 12, 1))).toMatchObject({
      allowed: true,
      remaining: 1,
    });
  });

  it("never lets concurrent hits past the limit", async () => {
    const one = createDatabaseRateLimiter(t.database.kysely);
    const two = createDatabaseRateLimiter(t.database.kysely);
    const decisions = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? one : two).hit("k", 25, t0)),
    );
    expect(decisions.filter((d) => d.allowed)).toHaveLength(25);
    expect(new Set(decisions.filter((d) => d.allowed).map((d) => d.remaining)).size).toBe(25);
  });

  it("numbers the hits of one batch in arrival order per key, as single upserts would", async () => {
    const limiter = createDatabaseRateLimiter(t.database.kysely);
    await limiter.hit("a", 3, t0);
    const keys = ["a", "b", "a", "c", "b", "a", "a"];
    const decisions = await Promise.all(keys.map((k) => limiter.hit(k, 3, t0 + 5)));
    expect(decisions.map((d) => [d.allowed, d.remaining])).toEqual([
      [true, 1],
      [true, 2],
      [true, 0],
      [true, 2],
      [true, 1],
      [false, 0],
      [false, 0],
    ]);
    expect((await rows()).map((r) => [r.key, r.count]).sort()).toEqual([
      ["a", 5],
      ["b", 2],
      ["c", 1],
    ]);
  });

  it("counts more hits than one statement takes, none lost", async () => {
    const limiter = createDatabaseRateLimiter(t.database.kysely);
    const decisions = await Promise.all(
      Array.from({ length: 1_234 }, (_, i) => limiter.hit(`k${String(i % 700)}`, 1, t0)),
    );
    expect(decisions.filter((d) => d.allowed)).toHaveLength(700);
    const counted = await rows();
    expect(counted).toHaveLength(700);
    expect(counted.reduce((n, r) => n + r.count, 0)).toBe(1_234);
  });

  it("deletes finished windows once a new one starts", async () => {
    const limiter = createDatabaseRateLimiter(t.database.kysely);
    await limiter.hit("a", 5, t0);
    await limiter.hit("b", 5, t0);
    expect(await rows()).toHaveLength(2);
    await limiter.hit("a", 5, t0 + 60_000);
    expect((await rows()).map((r) => [r.key, r.window_start, r.count])).toEqual([
      ["a", Date.UTC(2025, 0, 1, 12, 1), 1],
    ]);
  });
});
