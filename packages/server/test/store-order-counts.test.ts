// Order list totals from the trigger-kept counts agree with counting the rows, whatever wrote the orders.
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { seedDemoStore } from "../src/store/demo/demo-seed.js";
import { createStoreTestApp, type StoreTestApp } from "./fixtures/store-api-harness.js";
import { testDialects } from "./support/databases.js";

const statuses = ["pending", "processing", "completed", "refunded", "cancelled"] as const;
const payments = ["pending", "paid", "failed", "refunded"] as const;

describe.each(testDialects)("order totals from kept counts on %s", (dialect) => {
  let t: StoreTestApp;
  let alpha: string;
  let beta: string;
  beforeEach(async () => {
    t = await createStoreTestApp(dialect);
    alpha = (await t.createStore({ subdomain: "alpha" })).token;
    beta = (await t.createStore({ subdomain: "beta" })).token;
  });
  afterEach(async () => {
    await t.close();
  });

  const total = async (token: string, query: Record<string, string>) => {
    t.clock.advance(60_000); // a fresh rate-limit window for each of the many list calls
    const r = await t.call("GET", "/orders", { token, query: { per_page: "1", ...query } });
    expect(r.status, r.body).toBe(200);
    return (r.json() as { meta: { total: number } }).meta.total;
  };

  /** Every status × payment filter answered from the counts equals the same filter counted row by row. */
  async function expectCountsAgree(token: string) {
    for (const status of [undefined, ...statuses])
      for (const payment_status of [undefined, ...payments]) {
        const query: Record<string, string> = {};
        if (status) query["status"] = status;
        if (payment_status) query["payment_status"] = payment_status;
        // A date filter makes the list count rows instead.
        const counted = await total(token, { ...query, from: "2000-01-01" });
        expect(await total(token, query), JSON.stringify(query)).toBe(counted);
      }
  }

  it("stay right through API writes, fulfilment, refunds, demo seeding, plain SQL and deletes", async () => {
    const product = await t.call("POST", "/products", { token: alpha, body: { name: "VIP", price: "5.00" } });
    const productId = (product.json() as { data: { id: number } }).data.id;
    const order = async (body: Record<string, unknown>) => {
      const r = await t.call("POST", "/orders", {
        token: alpha,
        body: { customer: { email: "a@example.com" }, items: [{ product_id: productId }], ...body },
      });
      expect(r.status, r.body).toBe(201);
      return (r.json() as { data: { id: number } }).data.id;
    };
    const paid = await order({ payment_status: "paid" });
    await order({});
    await order({ status: "cancelled", payment_status: "failed" });
    const refunded = await order({ payment_status: "paid" });
    expect((await t.call("POST", `/orders/${paid}/fulfill`, { token: alpha })).status).toBe(200);
    expect((await t.call("POST", `/orders/${refunded}/refund`, { token: alpha, body: {} })).status).toBe(200);
    expect(await total(alpha, {})).toBe(4);
    expect(await total(alpha, { status: "completed" })).toBe(1);
    await expectCountsAgree(alpha);

    const { store, token: gamma } = await t.createStore({ subdomain: "gamma" });
    await seedDemoStore(t.db.database, t.clock, store, { orders: 300 });
    const db = t.db.database.kysely;
    await sql`update store_orders set status = 'completed' where status = 'processing'`.execute(db);
    await sql`delete from store_orders where id in (select id from store_orders where store_id = ${store.id} and status = 'pending' limit 5)`.execute(
      db,
    );
    expect(await total(gamma, {})).toBe(295);
    await expectCountsAgree(gamma);
    // Each store's counts are its own.
    await expectCountsAgree(alpha);
    expect(await total(beta, {})).toBe(0);
  });
});
