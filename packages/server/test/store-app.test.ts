// The Store API as createApp mounts it: a store made by the CLI function answers on the configured host.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createApp, type App } from "../src/app.js";
import { loadConfig } from "../src/core/config/index.js";
import { createLogger } from "../src/core/logging/logger.js";
import { createStoreForCli } from "../src/store/stores/store-cli.js";

describe("Store API in the app", () => {
  let app: App | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("is mounted at /api/external/v1 with PIXL_STORE_DOMAIN deciding store hosts", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "pixl-store-app-"));
    const config = loadConfig({ PIXL_DATA_DIR: dir, PIXL_STORE_DOMAIN: "Shops.Example" });
    expect(config.storeDomain).toBe("shops.example");
    app = createApp(config, { logger: createLogger({ level: "silent" }) });
    await app.prepareDatabase();
    const { token } = await createStoreForCli(app.database, app.clock, { subdomain: "alpha" });
    const auth = { authorization: `Bearer ${token}` };
    const own = await app.http.app.inject({
      url: "/api/external/v1/products",
      headers: { ...auth, host: "alpha.shops.example" },
    });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toEqual({
      success: true,
      data: [],
      meta: { current_page: 1, last_page: 1, per_page: 15, total: 0 },
    });
    const other = await app.http.app.inject({
      url: "/api/external/v1/products",
      headers: { ...auth, host: "beta.shops.example" },
    });
    expect(other.statusCode).toBe(401);
    const missing = await app.http.app.inject({ url: "/api/external/v1/products/99999", headers: auth });
    expect(missing.json()).toEqual({ success: false, error: "Not Found", message: "Product not found" });
    expect(() => loadConfig({ PIXL_STORE_DOMAIN: "bad domain!" })).toThrow(/PIXL_STORE_DOMAIN/);

    // Product events land in the webhook engine's outbox with the full product.
    const created = await app.http.app.inject({
      method: "POST",
      url: "/api/external/v1/products",
      headers: auth,
      payload: { name: "VIP Rank", price: "29.99" },
    });
    expect(created.statusCode).toBe(201);
    const events = await app.database.kysely.selectFrom("webhook_events").selectAll().execute();
    expect(events.map((e) => [e.type, e.owner_kind])).toEqual([["product.created", "store"]]);
    expect(JSON.parse(events[0]?.payload ?? "{}")).toMatchObject({ name: "VIP Rank", price: "29.99" });
  });
});
