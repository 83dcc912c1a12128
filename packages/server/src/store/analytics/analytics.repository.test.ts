// Revenue buckets across a DST change on both engines: a 23 h day and a 25 h day keep their own orders.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createStoreTestApp, type StoreTestApp } from "../../../test/fixtures/store-api-harness.js";
import { testDialects } from "../../../test/support/databases.js";

interface Revenue {
  total_orders: number;
  timeline: { date: string; revenue: string; orders: number }[];
}

describe.each(testDialects)("revenue buckets across DST on %s", (dialect) => {
  let t: StoreTestApp;
  let token: string;
  beforeEach(async () => {
    t = await createStoreTestApp(dialect);
    token = (await t.createStore({ subdomain: "alpha", timeZone: "America/New_York" })).token;
    await t.call("POST", "/products", { token, body: { name: "VIP", price: "1.00" } });
    t.clock.set(Date.UTC(2026, 0, 1));
    // New York: 2025-03-09 has 23 hours (02:00 → 03:00), 2025-11-02 has 25 (02:00 → 01:00).
    const orders: [string, string][] = [
      ["2025-03-09T04:59:00Z", "1.00"], // Mar 8, 23:59 EST
      ["2025-03-09T05:00:00Z", "2.00"], // Mar 9, 00:00 EST
      ["2025-03-10T03:59:00Z", "4.00"], // Mar 9, 23:59 EDT
      ["2025-03-10T04:00:00Z", "8.00"], // Mar 10, 00:00 EDT
      ["2025-11-02T05:30:00Z", "16.00"], // Nov 2, 01:30 EDT
      ["2025-11-02T06:30:00Z", "32.00"], // Nov 2, 01:30 EST (the repeated hour)
      ["2025-11-03T04:59:00Z", "64.00"], // Nov 2, 23:59 EST
      ["2025-11-03T05:00:00Z", "128.00"], // Nov 3, 00:00 EST
    ];
    for (const [created_at, price] of orders) {
      const r = await t.call("POST", "/orders", {
        token,
        body: {
          customer: { email: "a@example.com" },
          items: [{ product_id: 1, price }],
          payment_status: "paid",
          created_at,
        },
      });
      expect(r.status, r.body).toBe(201);
    }
  });
  afterEach(async () => {
    await t.close();
  });

  const revenue = async (query: Record<string, string>) => {
    const r = await t.call("GET", "/analytics/revenue", { token, query });
    expect(r.status, r.body).toBe(200);
    return (r.json() as { data: Revenue }).data;
  };
  const nonEmpty = (r: Revenue) => r.timeline.filter((b) => b.orders > 0).map((b) => [b.date, b.revenue]);

  it("puts each order in its local day around both changes", async () => {
    expect(nonEmpty(await revenue({ from: "2025-03-07", to: "2025-03-11" }))).toEqual([
      ["2025-03-08", "1.00"],
      ["2025-03-09", "6.00"],
      ["2025-03-10", "8.00"],
    ]);
    expect(nonEmpty(await revenue({ from: "2025-11-01", to: "2025-11-04" }))).toEqual([
      ["2025-11-02", "112.00"],
      ["2025-11-03", "128.00"],
    ]);
  });

  it("sums a year into weeks and months with every order counted once", async () => {
    const months = await revenue({ from: "2025-01-01", to: "2025-12-31", granularity: "month" });
    expect(months.timeline).toHaveLength(12);
    expect(nonEmpty(months)).toEqual([
      ["2025-03-01", "15.00"],
      ["2025-11-01", "240.00"],
    ]);
    const weeks = await revenue({ from: "2025-01-01", to: "2025-12-31", granularity: "week" });
    expect(weeks.total_orders).toBe(8);
    expect(nonEmpty(weeks)).toEqual([
      ["2025-03-03", "7.00"], // Sunday Mar 9 ends the week of Monday Mar 3
      ["2025-03-10", "8.00"],
      ["2025-10-27", "112.00"],
      ["2025-11-03", "128.00"],
    ]);
  });
});
