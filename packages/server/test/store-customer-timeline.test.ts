// GET /analytics/customers/timeline on both engines: new customers per bucket of the store's zone, one call.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createStoreTestApp, type StoreTestApp } from "./fixtures/store-api-harness.js";
import { testDialects } from "./support/databases.js";

interface Timeline {
  from: string;
  to: string;
  granularity: string;
  new_customers: number;
  timeline: { date: string; new_customers: number }[];
}

describe.each(testDialects)("Store API customers timeline on %s", (dialect) => {
  let t: StoreTestApp;
  let token: string;
  let productId: number;

  const timeline = async (query: Record<string, string>, as = token) => {
    const r = await t.call("GET", "/analytics/customers/timeline", { token: as, query });
    expect(r.status, r.body).toBe(200);
    return (r.json() as { data: Timeline }).data;
  };
  const nonEmpty = (r: Timeline) =>
    r.timeline.filter((b) => b.new_customers > 0).map((b) => [b.date, b.new_customers]);
  const order = async (
    email: string,
    created_at: string,
    payment_status = "paid",
    as = token,
    product = productId,
  ) => {
    const r = await t.call("POST", "/orders", {
      token: as,
      body: {
        customer: { email },
        items: [{ product_id: product, price: "1.00" }],
        payment_status,
        created_at,
      },
    });
    expect(r.status, r.body).toBe(201);
  };

  beforeEach(async () => {
    t = await createStoreTestApp(dialect);
    token = (await t.createStore({ subdomain: "alpha", timeZone: "America/New_York" })).token;
    const product = await t.call("POST", "/products", { token, body: { name: "VIP", price: "1.00" } });
    productId = (product.json() as { data: { id: number } }).data.id;
    t.clock.set(Date.UTC(2025, 11, 31, 12));
  });
  afterEach(async () => {
    await t.close();
  });

  it("counts each buyer once, in the local day of their first paid order", async () => {
    await order("old@example.com", "2024-12-15T12:00:00Z"); // first bought before the range
    await order("old@example.com", "2025-01-02T12:00:00Z"); // returning: not new
    await order("a@example.com", "2025-01-01T04:59:00Z"); // Dec 31, 23:59 in New York
    await order("b@example.com", "2025-01-01T05:00:00Z"); // Jan 1, 00:00
    await order("b@example.com", "2025-01-03T12:00:00Z"); // b again: still counted on Jan 1 only
    await order("c@example.com", "2025-01-02T12:00:00Z", "pending"); // not paid: not a buyer yet
    await order("c@example.com", "2025-01-05T12:00:00Z"); // c's first paid order
    await order("d@example.com", "2025-01-05T18:00:00Z", "refunded"); // refunded: never a buyer

    const r = await timeline({ from: "2024-12-31", to: "2025-01-06" });
    expect(r).toMatchObject({ from: "2024-12-31", to: "2025-01-06", granularity: "day", new_customers: 3 });
    expect(r.timeline.map((b) => b.date)).toEqual([
      "2024-12-31",
      "2025-01-01",
      "2025-01-02",
      "2025-01-03",
      "2025-01-04",
      "2025-01-05",
      "2025-01-06",
    ]);
    expect(nonEmpty(r)).toEqual([
      ["2024-12-31", 1],
      ["2025-01-01", 1],
      ["2025-01-05", 1],
    ]);
    // The same buyers /analytics/customers calls new over the same days.
    const summary = await t.call("GET", "/analytics/customers", {
      token,
      query: { from: "2024-12-31", to: "2025-01-06" },
    });
    expect((summary.json() as { data: { new_customers: number } }).data.new_customers).toBe(3);
    // A range that starts after a's first day leaves a out (a is not new there).
    expect((await timeline({ from: "2025-01-01", to: "2025-01-06" })).new_customers).toBe(2);
  });

  it("follows the zone across DST and groups into ISO weeks and months (granularity or group_by)", async () => {
    // New York: 2025-03-09 has 23 hours, 2025-11-02 has 25.
    await order("a@example.com", "2025-03-09T04:59:00Z"); // Mar 8, 23:59 EST
    await order("b@example.com", "2025-03-09T05:00:00Z"); // Mar 9, 00:00 EST
    await order("c@example.com", "2025-03-10T03:59:00Z"); // Mar 9, 23:59 EDT
    await order("d@example.com", "2025-03-10T04:00:00Z"); // Mar 10, 00:00 EDT
    await order("e@example.com", "2025-11-02T06:30:00Z"); // Nov 2, 01:30 EST (the repeated hour)
    await order("f@example.com", "2025-11-03T04:59:00Z"); // Nov 2, 23:59 EST
    await order("g@example.com", "2025-11-03T05:00:00Z"); // Nov 3, 00:00 EST
    expect(nonEmpty(await timeline({ from: "2025-03-07", to: "2025-03-11" }))).toEqual([
      ["2025-03-08", 1],
      ["2025-03-09", 2],
      ["2025-03-10", 1],
    ]);
    expect(nonEmpty(await timeline({ from: "2025-11-01", to: "2025-11-04" }))).toEqual([
      ["2025-11-02", 2],
      ["2025-11-03", 1],
    ]);
    const weeks = await timeline({ from: "2025-03-01", to: "2025-03-16", granularity: "week" });
    expect(weeks.timeline).toEqual([
      { date: "2025-02-24", new_customers: 0 }, // the week of Monday Feb 24, clipped to Mar 1–2
      { date: "2025-03-03", new_customers: 3 },
      { date: "2025-03-10", new_customers: 1 },
    ]);
    const months = await timeline({ start_date: "2025-01-01", end_date: "2025-12-31", group_by: "month" });
    expect(months.granularity).toBe("month");
    expect(months.timeline).toHaveLength(12);
    expect(nonEmpty(months)).toEqual([
      ["2025-03-01", 4],
      ["2025-11-01", 3],
    ]);
    expect(months.new_customers).toBe(7);
  });

  it("answers a zero timeline for an empty store, defaulting to the last 30 days", async () => {
    const r = await timeline({});
    expect(r).toMatchObject({ from: "2025-12-02", to: "2025-12-31", new_customers: 0 });
    expect(r.timeline).toHaveLength(30);
    expect(r.timeline.every((b) => b.new_customers === 0)).toBe(true);
    const months = await timeline({ from: "2023-01-01", to: "2025-12-31", granularity: "month" });
    expect(months.timeline).toHaveLength(36);
  });

  it("rejects bad parameters with 422 in the Store API format", async () => {
    const bad: [Record<string, string>, string][] = [
      [{ granularity: "year" }, "granularity"],
      [{ group_by: "hour" }, "granularity"],
      [{ from: "2025-02-30" }, "from"],
      [{ from: "yesterday" }, "from"],
      [{ to: "2025-01-01'; drop table store_orders; --" }, "to"],
      [{ from: "2025-02-01", to: "2025-01-01" }, "to"],
      [{ from: "2020-01-01", to: "2025-01-01" }, "to"],
      [{ from: "x".repeat(10_000) }, "from"],
    ];
    for (const [query, field] of bad) {
      const r = await t.call("GET", "/analytics/customers/timeline", { token, query });
      expect(r.status, JSON.stringify(query).slice(0, 80)).toBe(422);
      const body = r.json() as { success: boolean; error: string; errors: Record<string, string[]> };
      expect(body).toMatchObject({ success: false, error: "VALIDATION_ERROR" });
      expect(Object.keys(body.errors), JSON.stringify(query).slice(0, 80)).toContain(field);
    }
    // The orders table survived the hostile value.
    expect((await t.call("GET", "/orders", { token })).status).toBe(200);
  });

  it("counts only the token's store and needs analytics:read", async () => {
    const beta = (await t.createStore({ subdomain: "beta", timeZone: "America/New_York" })).token;
    const betaProduct = await t.call("POST", "/products", {
      token: beta,
      body: { name: "B", price: "1.00" },
    });
    const betaProductId = (betaProduct.json() as { data: { id: number } }).data.id;
    await order("a@example.com", "2025-06-01T12:00:00Z");
    // The same person buys in beta too: new there, and beta's buyers never show in alpha.
    await order("a@example.com", "2025-06-02T12:00:00Z", "paid", beta, betaProductId);
    await order("z@example.com", "2025-06-03T12:00:00Z", "paid", beta, betaProductId);
    const range = { from: "2025-06-01", to: "2025-06-07" };
    expect(nonEmpty(await timeline(range))).toEqual([["2025-06-01", 1]]);
    expect(nonEmpty(await timeline(range, beta))).toEqual([
      ["2025-06-02", 1],
      ["2025-06-03", 1],
    ]);

    const reader = await t.call("POST", "/tokens", { token, body: { name: "r", scopes: ["orders:read"] } });
    const denied = await t.call("GET", "/analytics/customers/timeline", {
      token: (reader.json() as { data: { token: string } }).data.token,
    });
    expect(denied.status).toBe(403);
    expect(denied.json()).toEqual({
      success: false,
      error: "Forbidden",
      message: "Token does not have the required scope: analytics:read",
    });
    const analyst = await t.call("POST", "/tokens", {
      token,
      body: { name: "a", scopes: ["analytics:read"] },
    });
    const allowed = (analyst.json() as { data: { token: string } }).data.token;
    expect((await timeline(range, allowed)).new_customers).toBe(1);
    expect((await t.call("GET", "/analytics/customers/timeline", {})).status).toBe(401);
  });

  it("answers concurrent requests consistently", async () => {
    for (let i = 0; i < 6; i++) await order(`p${i}@example.com`, `2025-07-0${i + 1}T12:00:00Z`);
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        timeline({ from: "2025-07-01", to: "2025-07-31", granularity: i % 2 === 0 ? "day" : "week" }),
      ),
    );
    for (const a of answers) expect(a.new_customers).toBe(6);
  });
});
