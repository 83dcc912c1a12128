// The Store API's rate limit across processes: two app instances on one database share each token's budget.
import { afterEach, describe, expect, it } from "vitest";
import { createApp, type App } from "../src/app.js";
import { createFakeClock } from "../src/core/clock.js";
import { loadConfig } from "../src/core/config/index.js";
import { createLogger } from "../src/core/logging/logger.js";
import { createStoreWithToken } from "../src/store/stores/store.service.js";
import { createApiToken } from "../src/store/tokens/token.service.js";
import { createTestDatabase, testDialects, type TestDatabase } from "./support/databases.js";
import { createTestEnv } from "./support/test-app.js";

describe.each(testDialects)("Store API rate limit shared by two app instances on %s", (dialect) => {
  let t: TestDatabase | undefined;
  const apps: App[] = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((a) => a.close()));
    await t?.dispose();
  });

  it("counts one budget per token across instances, answers 429, and recovers in the next window", async () => {
    t = await createTestDatabase(dialect);
    const clock = createFakeClock(Date.UTC(2025, 0, 20, 12, 0, 10));
    const env = createTestEnv(t);
    for (let i = 0; i < 2; i++)
      apps.push(createApp(loadConfig(env), { clock, logger: createLogger({ level: "silent" }) }));
    const [a, b] = apps as [App, App];
    await a.prepareDatabase();
    await b.prepareDatabase();
    const { store } = await createStoreWithToken(a.database, { subdomain: "alpha" }, clock);
    const { secret } = await createApiToken(
      a.database.kysely,
      store.id,
      { name: "limited", scopes: ["products:read"], rateLimit: 3 },
      clock,
    );
    const get = async (app: App) => {
      const r = await app.http.app.inject({
        method: "GET",
        url: "/api/external/v1/products",
        headers: { authorization: `Bearer ${secret}` },
      });
      return { status: r.statusCode, headers: r.headers, json: r.json<Record<string, unknown>>() };
    };
    const seen = [await get(a), await get(b), await get(a)];
    expect(seen.map((r) => [r.status, r.headers["x-ratelimit-remaining"]])).toEqual([
      [200, "2"],
      [200, "1"],
      [200, "0"],
    ]);
    const refused = await get(b);
    expect(refused.status).toBe(429);
    expect(refused.json).toEqual({
      success: false,
      error: "Too Many Requests",
      message: "Too many requests. Retry in 50 seconds.",
    });
    expect(refused.headers).toMatchObject({
      "retry-after": "50",
      "x-ratelimit-limit": "3",
      "x-ratelimit-remaining": "0",
      "x-ratelimit-reset": String(Date.UTC(2025, 0, 20, 12, 1) / 1000),
    });
    expect((await get(a)).status).toBe(429);

    clock.advance(50_000);
    const recovered = await get(b);
    expect(recovered.status).toBe(200);
    expect(recovered.headers["x-ratelimit-remaining"]).toBe("2");
    expect((await get(a)).headers["x-ratelimit-remaining"]).toBe("1");
  });
});
