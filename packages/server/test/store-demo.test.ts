// Demo data on both engines: a seeded store answers lists and analytics with realistic numbers.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatSeedReport, seedDemoForCli } from "../src/store/demo/demo-cli.js";
import { seedDemoStore } from "../src/store/demo/demo-seed.js";
import type { Store } from "../src/store/stores/store.repository.js";
import { createStoreTestApp, type StoreTestApp } from "./fixtures/store-api-harness.js";
import { testDialects } from "./support/databases.js";

describe.each(testDialects)("demo data on %s", (dialect) => {
  let t: StoreTestApp;
  let token: string;
  let store: Store;
  beforeEach(async () => {
    t = await createStoreTestApp(dialect);
    ({ store, token } = await t.createStore({ subdomain: "demo" }));
  });
  afterEach(async () => {
    await t.close();
  });

  it("fills a store with products, customers and months of orders, once", async () => {
    const report = await seedDemoStore(t.db.database, t.clock, store, { orders: 300, days: 90 });
    expect(report).toEqual({ categories: 4, products: 11, customers: 75, orders: 300 });
    const orders = await t.call("GET", "/orders", { token, query: { per_page: "100" } });
    const page = orders.json() as {
      data: { order_number: string; items: unknown[] }[];
      meta: { total: number };
    };
    expect(page.meta.total).toBe(300);
    expect(page.data[0]?.order_number).toBe("ORD-2025-300");
    expect(page.data.every((o) => o.items.length >= 1)).toBe(true);
    const products = await t.call("GET", "/products", { token });
    expect((products.json() as { meta: { total: number } }).meta.total).toBe(11);
    const revenue = await t.call("GET", "/analytics/revenue", { token, query: { group_by: "month" } });
    const data = (revenue.json() as { data: { total_orders: number; timeline: unknown[] } }).data;
    expect(data.total_orders).toBeGreaterThan(50);
    expect(data.timeline.length).toBeGreaterThanOrEqual(2);
    // The next real order continues the numbering.
    const next = await t.call("POST", "/orders", {
      token,
      body: { customer: { email: "new@example.com" }, items: [{ product_id: 1 }] },
    });
    expect((next.json() as { data: { order_number: string } }).data.order_number).toBe("ORD-2025-301");
    await expect(seedDemoStore(t.db.database, t.clock, store)).rejects.toMatchObject({ code: "conflict" });
  });

  it("seeds by subdomain for the CLI and names unknown stores", async () => {
    const report = await seedDemoForCli(t.db.database, t.clock, "DEMO", { orders: 20 });
    expect(formatSeedReport("demo", report)).toBe(
      "Store demo: added 4 categories, 11 products, 5 customers and 20 orders.\n",
    );
    await expect(seedDemoForCli(t.db.database, t.clock, "nope")).rejects.toThrow(
      "No store with subdomain nope",
    );
  });
});
