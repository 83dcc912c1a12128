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
    expect(report).toEqual({
      categories: 4,
      products: 11,
      customers: 75,
      orders: 300,
      subscriptions: 7,
      coupons: 4,
      giftCards: 6,
    });
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
    // Refunds, subscriptions, coupons and gift cards have something to show too.
    const totalOf = async (path: string, query: Record<string, string> = {}) =>
      ((await t.call("GET", path, { token, query })).json() as { meta: { total: number } }).meta.total;
    expect(await totalOf("/subscriptions")).toBe(7);
    expect(await totalOf("/subscriptions", { status: "active" })).toBeGreaterThan(0);
    expect(await totalOf("/coupons")).toBe(4);
    for (const status of ["active", "expired", "scheduled"])
      expect(await totalOf("/coupons", { status })).toBeGreaterThan(0);
    expect(await totalOf("/gift-cards")).toBe(6);
    for (const status of ["active", "depleted", "revoked"])
      expect(await totalOf("/gift-cards", { status })).toBeGreaterThan(0);
    const refunded = await t.call("GET", "/orders", { token, query: { status: "refunded", per_page: "1" } });
    const first = (refunded.json() as { data: { id: number; total: string; refunded_amount: string }[] })
      .data[0];
    expect(first?.refunded_amount).toBe(first?.total);
    const refundedDetail = await t.call("GET", `/orders/${first?.id ?? 0}`, { token });
    expect((refundedDetail.json() as { data: { refunds: { amount: string }[] } }).data.refunds).toEqual([
      expect.objectContaining({ amount: first?.total }),
    ]);
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
