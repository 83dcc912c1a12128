// Revenue analytics on both engines: paid orders only, day/week/month buckets in the store's time zone.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createStoreTestApp, type StoreTestApp } from "./fixtures/store-api-harness.js";
import { testDialects } from "./support/databases.js";

interface Revenue {
  total_revenue: string;
  total_orders: number;
  average_order_value: string;
  currency: string;
  timeline: { date: string; revenue: string; orders: number }[];
}

describe.each(testDialects)("Store API revenue analytics on %s", (dialect) => {
  let t: StoreTestApp;
  let token: string;
  let productId: number;
  const revenue = async (query: Record<string, string>) => {
    const r = await t.call("GET", "/analytics/revenue", { token, query });
    expect(r.status, r.body).toBe(200);
    return (r.json() as { data: Revenue }).data;
  };

  beforeEach(async () => {
    t = await createStoreTestApp(dialect);
    token = (await t.createStore({ subdomain: "alpha", timeZone: "America/New_York" })).token;
    const product = await t.call("POST", "/products", { token, body: { name: "VIP", price: "10.00" } });
    productId = (product.json() as { data: { id: number } }).data.id;
    t.clock.set(Date.UTC(2025, 2, 1));
    const orders: [string, string, string][] = [
      ["2025-01-01T04:30:00Z", "paid", "10.00"], // Dec 31 in New York
      ["2025-01-01T05:30:00Z", "paid", "20.00"], // Jan 1
      ["2025-01-01T18:00:00Z", "pending", "99.00"], // not paid: not revenue
      ["2025-01-06T12:00:00Z", "paid", "5.25"], // Monday Jan 6
      ["2025-01-31T23:00:00Z", "refunded", "50.00"],
      ["2025-02-01T04:59:00Z", "paid", "7.00"], // Jan 31 in New York
      ["2025-02-01T05:00:00Z", "paid", "3.00"], // Feb 1
    ];
    for (const [created_at, payment_status, price] of orders) {
      await t.call("POST", "/orders", {
        token,
        body: {
          customer: { email: "a@example.com" },
          items: [{ product_id: productId, price }],
          payment_status,
          created_at,
        },
      });
    }
  });
  afterEach(async () => {
    await t.close();
  });

  it("sums paid orders between inclusive days of the store's zone, with a daily timeline", async () => {
    const r = await revenue({ from: "2025-01-01", to: "2025-01-31" });
    expect(r).toMatchObject({
      total_revenue: "32.25",
      total_orders: 3,
      average_order_value: "10.75",
      currency: "USD",
    });
    expect(r.timeline).toHaveLength(31);
    expect(r.timeline[0]).toEqual({ date: "2025-01-01", revenue: "20.00", orders: 1 });
    expect(r.timeline[5]).toEqual({ date: "2025-01-06", revenue: "5.25", orders: 1 });
    expect(r.timeline[30]).toEqual({ date: "2025-01-31", revenue: "7.00", orders: 1 });
    expect(r.timeline[1]).toEqual({ date: "2025-01-02", revenue: "0.00", orders: 0 });
  });

  it("groups by ISO week and by month (granularity or group_by)", async () => {
    const weeks = await revenue({ from: "2024-12-30", to: "2025-01-12", granularity: "week" });
    expect(weeks.timeline).toEqual([
      { date: "2024-12-30", revenue: "30.00", orders: 2 },
      { date: "2025-01-06", revenue: "5.25", orders: 1 },
    ]);
    const months = await revenue({ start_date: "2024-12-01", end_date: "2025-02-28", group_by: "month" });
    expect(months.timeline).toEqual([
      { date: "2024-12-01", revenue: "10.00", orders: 1 },
      { date: "2025-01-01", revenue: "32.25", orders: 3 },
      { date: "2025-02-01", revenue: "3.00", orders: 1 },
    ]);
    expect(months.total_revenue).toBe("45.25");
  });

  it("defaults to the last 30 days and validates its input", async () => {
    const r = await revenue({});
    expect(r.timeline).toHaveLength(30);
    expect(r.timeline[29]?.date).toBe("2025-02-28");
    expect(r.timeline[0]?.date).toBe("2025-01-30");
    expect(r.total_orders).toBe(2);
    const bad: Record<string, string>[] = [
      { granularity: "year" },
      { from: "2025-02-30" },
      { from: "2025-02-01", to: "2025-01-01" },
      { from: "2020-01-01", to: "2025-01-01" },
    ];
    for (const query of bad) {
      expect((await t.call("GET", "/analytics/revenue", { token, query })).status).toBe(422);
    }
    const reader = await t.call("POST", "/tokens", { token, body: { name: "r", scopes: ["orders:read"] } });
    const denied = await t.call("GET", "/analytics/revenue", {
      token: (reader.json() as { data: { token: string } }).data.token,
    });
    expect(denied.json()).toMatchObject({
      message: "Token does not have the required scope: analytics:read",
    });
  });

  it("reports items sold, unique customers, top products and sales by category for paid orders", async () => {
    const category = await t.call("POST", "/categories", { token, body: { name: "Keys" } });
    const categoryId = (category.json() as { data: { id: number } }).data.id;
    const key = await t.call("POST", "/products", {
      token,
      body: { name: "Key", price: "4.50", category_id: categoryId },
    });
    const keyId = (key.json() as { data: { id: number } }).data.id;
    await t.call("POST", "/orders", {
      token,
      body: {
        customer: { email: "b@example.com" },
        items: [{ product_id: keyId, quantity: 3 }],
        payment_status: "paid",
        created_at: "2025-01-15T12:00:00Z",
      },
    });
    const r = await t.call("GET", "/analytics/sales", {
      token,
      query: { from: "2025-01-01", to: "2025-01-31" },
    });
    expect(r.status, r.body).toBe(200);
    expect((r.json() as { data: unknown }).data).toEqual({
      total_items_sold: 6,
      unique_customers: 2,
      top_products: [
        { id: productId, name: "VIP", quantity_sold: 3, revenue: "32.25" },
        { id: keyId, name: "Key", quantity_sold: 3, revenue: "13.50" },
      ],
      sales_by_category: [
        { category: "Uncategorized", quantity: 3, revenue: "32.25" },
        { category: "Keys", quantity: 3, revenue: "13.50" },
      ],
    });
    const top1 = await t.call("GET", "/analytics/sales", {
      token,
      query: { from: "2025-01-01", to: "2025-01-31", limit: "1" },
    });
    expect((top1.json() as { data: { top_products: unknown[] } }).data.top_products).toHaveLength(1);
    const none = await t.call("GET", "/analytics/sales", {
      token,
      query: { from: "2024-06-01", to: "2024-06-30" },
    });
    expect((none.json() as { data: unknown }).data).toEqual({
      total_items_sold: 0,
      unique_customers: 0,
      top_products: [],
      sales_by_category: [],
    });
    expect((await t.call("GET", "/analytics/sales", { token, query: { limit: "0" } })).status).toBe(422);
  });

  it("counts new and returning buyers and ranks top customers (designed shape)", async () => {
    await t.call("POST", "/orders", {
      token,
      body: {
        customer: { email: "b@example.com", username: "bee" },
        items: [{ product_id: productId, price: "4.50", quantity: 3 }],
        payment_status: "paid",
        created_at: "2025-01-15T12:00:00Z",
      },
    });
    const r = await t.call("GET", "/analytics/customers", {
      token,
      query: { from: "2025-01-01", to: "2025-01-31" },
    });
    expect(r.status, r.body).toBe(200);
    expect((r.json() as { data: unknown }).data).toEqual({
      from: "2025-01-01",
      to: "2025-01-31",
      total_customers: 2,
      new_customers: 1,
      returning_customers: 1,
      registered_customers: 0,
      currency: "USD",
      top_customers: [
        {
          id: expect.any(Number) as number,
          email: "a@example.com",
          username: null,
          orders: 3,
          total_spent: "32.25",
        },
        {
          id: expect.any(Number) as number,
          email: "b@example.com",
          username: "bee",
          orders: 1,
          total_spent: "13.50",
        },
      ],
    });
    const today = await t.call("GET", "/analytics/customers", { token, query: { from: "2025-02-28" } });
    expect((today.json() as { data: unknown }).data).toMatchObject({
      total_customers: 0,
      registered_customers: 2,
      top_customers: [],
    });
  });
});
