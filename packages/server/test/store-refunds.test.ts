// Refunds over the Store API on both engines: full and partial, limits, concurrency, idempotency, events,
// and customer statistics and revenue analytics net of refunds.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createStoreTestApp, type StoreTestApp } from "./fixtures/store-api-harness.js";
import { testDialects } from "./support/databases.js";

interface Order {
  id: number;
  status: string;
  payment_status: string;
  total: string;
  refunded_amount: string;
  customer: { id: number };
  refunds: { id: number; amount: string; reason: string | null; created_at: string }[];
}

describe.each(testDialects)("Store API refunds on %s", (dialect) => {
  let t: StoreTestApp;
  let token: string;
  let productId: number;

  async function createOrder(body: Record<string, unknown>, as = token): Promise<Order> {
    const r = await t.call("POST", "/orders", {
      token: as,
      body: { customer: { email: "alice@example.com" }, items: [{ product_id: productId }], ...body },
    });
    if (r.status !== 201) throw new Error(`order: ${r.status} ${r.body}`);
    return (r.json() as { data: Order }).data;
  }
  const paidOrder = () => createOrder({ status: "completed", payment_status: "paid" });
  const refund = (id: number, body?: unknown, options: { as?: string; key?: string } = {}) =>
    t.call("POST", `/orders/${id}/refund`, {
      token: options.as ?? token,
      ...(body === undefined ? {} : { body }),
      headers: options.key === undefined ? {} : { "idempotency-key": options.key },
    });
  const getOrder = async (id: number) =>
    ((await t.call("GET", `/orders/${id}`, { token })).json() as { data: Order }).data;
  const errorsOf = (r: { json: () => unknown }) => (r.json() as { errors: Record<string, string[]> }).errors;

  beforeEach(async () => {
    t = await createStoreTestApp(dialect);
    token = (await t.createStore({ subdomain: "alpha" })).token;
    const product = await t.call("POST", "/products", { token, body: { name: "VIP Rank", price: "29.99" } });
    productId = (product.json() as { data: { id: number } }).data.id;
  });
  afterEach(async () => {
    await t.close();
  });

  it("refunds part of an order, then the rest; the order shows each refund and becomes refunded", async () => {
    const order = await paidOrder();
    expect(order).toMatchObject({ refunded_amount: "0.00", refunds: [] });
    t.published.length = 0;
    t.clock.advance(60_000);
    const partial = await refund(order.id, { amount: "10.00", reason: "Rank not applied" });
    expect(partial.status, partial.body).toBe(200);
    expect(partial.json()).toMatchObject({ success: true, message: "Order partially refunded" });
    const afterPartial = (partial.json() as { data: Order }).data;
    expect(afterPartial).toMatchObject({
      status: "completed",
      payment_status: "paid",
      total: "29.99",
      refunded_amount: "10.00",
      refunds: [{ amount: "10.00", reason: "Rank not applied", created_at: "2025-01-20T12:01:00Z" }],
    });
    expect(t.published).toEqual([
      { storeId: expect.any(Number) as number, type: "order.refunded", data: afterPartial },
    ]);

    // No amount: whatever remains. The Python client posts JSON null as the body.
    const rest = await refund(order.id, null);
    expect(rest.status, rest.body).toBe(200);
    expect(rest.json()).toMatchObject({ message: "Order refunded successfully" });
    const full = (rest.json() as { data: Order }).data;
    expect(full).toMatchObject({ status: "refunded", payment_status: "refunded", refunded_amount: "29.99" });
    expect(full.refunds.map((r) => [r.amount, r.reason])).toEqual([
      ["10.00", "Rank not applied"],
      ["19.99", null],
    ]);
    // GET /orders/{id} is the same order plus its delivery details (none here: the product has no commands).
    expect(await getOrder(order.id)).toEqual({ ...full, deliveries: [], discord_operations: [] });
    expect(t.published.map((e) => e.type)).toEqual(["order.refunded", "order.refunded"]);
    expect(t.published[1]?.data).toEqual(full);

    const again = await refund(order.id, {});
    expect(again.status).toBe(422);
    expect(errorsOf(again)).toEqual({ payment_status: ["The order has already been fully refunded."] });
    const fulfil = await t.call("POST", `/orders/${order.id}/fulfill`, { token, body: {} });
    expect(errorsOf(fulfil)).toEqual({ status: ["A refunded order cannot be fulfilled."] });
    const listed = await t.call("GET", "/orders", { token, query: { status: "refunded" } });
    expect((listed.json() as { data: Order[] }).data.map((o) => [o.id, o.refunded_amount])).toEqual([
      [order.id, "29.99"],
    ]);
  });

  it("refuses bad amounts, unpaid orders, other stores and tokens without orders:write, changing nothing", async () => {
    const order = await paidOrder();
    const pending = await createOrder({});
    t.published.length = 0;
    const cases: [unknown, Record<string, string[]>][] = [
      [{ amount: "30.00" }, { amount: ["The amount may not be greater than the 29.99 that remains."] }],
      [{ amount: 0 }, { amount: ["The amount must be greater than 0."] }],
      [{ amount: "1.234" }, { amount: ["The amount must be an amount in USD."] }],
      [{ amount: "abc" }, { amount: ["The amount must be a non-negative amount like 29.99."] }],
      [{ amount: -5 }, { amount: ["The amount must be a non-negative amount like 29.99."] }],
      [{ amount: true }, { amount: ["The amount must be a non-negative amount like 29.99."] }],
      [{ reason: 42 }, { reason: ["The reason must be a string."] }],
      [{ reason: "x".repeat(501) }, { reason: ["The reason may not be greater than 500 characters."] }],
      [[1], { body: ["The request body must be a JSON object."] }],
    ];
    for (const [body, errors] of cases) {
      const r = await refund(order.id, body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.json()).toMatchObject({ success: false, error: "VALIDATION_ERROR" });
      expect(errorsOf(r), JSON.stringify(body)).toEqual(errors);
    }
    const unpaid = await refund(pending.id, {});
    expect(errorsOf(unpaid)).toEqual({ payment_status: ["Only paid orders can be refunded."] });
    const malformed = await t.call("POST", `/orders/${order.id}/refund`, { token, rawBody: "{amount:" });
    expect(malformed.status).toBe(400);
    expect((await refund(order.id, { reason: "r".repeat(70_000) })).status).toBe(413);

    const notFound = { success: false, error: "Not Found", message: "Order not found" };
    expect((await refund(999_999, {})).json()).toEqual(notFound);
    const abc = await t.call("POST", "/orders/abc/refund", { token, body: {} });
    expect(abc.json()).toEqual(notFound);
    const beta = await t.createStore({ subdomain: "beta" });
    const cross = await refund(order.id, {}, { as: beta.token });
    expect(cross.status).toBe(404);
    expect(cross.json()).toEqual(notFound);
    const reader = await t.call("POST", "/tokens", { token, body: { name: "r", scopes: ["orders:read"] } });
    const readToken = (reader.json() as { data: { token: string } }).data.token;
    const denied = await refund(order.id, {}, { as: readToken });
    expect(denied.status).toBe(403);
    expect(denied.json()).toEqual({
      success: false,
      error: "Forbidden",
      message: "Token does not have the required scope: orders:write",
    });

    expect(await getOrder(order.id)).toMatchObject({
      refunded_amount: "0.00",
      payment_status: "paid",
      refunds: [],
    });
    expect(t.published).toEqual([]);
  });

  it("lets only one of several concurrent refunds through when together they exceed the total", async () => {
    const order = await paidOrder();
    t.published.length = 0;
    const results = await Promise.all([1, 2, 3, 4].map(() => refund(order.id, { amount: "20.00" })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 422, 422, 422]);
    for (const r of results.filter((x) => x.status === 422)) {
      expect(errorsOf(r)).toEqual({ amount: ["The amount may not be greater than the 9.99 that remains."] });
    }
    const after = await getOrder(order.id);
    expect(after).toMatchObject({ refunded_amount: "20.00", payment_status: "paid" });
    expect(after.refunds).toHaveLength(1);
    expect(t.published).toHaveLength(1);

    // Full refunds racing: exactly one wins, the rest see it fully refunded.
    const second = await paidOrder();
    const full = await Promise.all([1, 2, 3].map(() => refund(second.id)));
    expect(full.map((r) => r.status).sort()).toEqual([200, 422, 422]);
    expect((await getOrder(second.id)).refunds.map((r) => r.amount)).toEqual(["29.99"]);
  });

  it("replays a refund sent twice with the same Idempotency-Key and refuses the key for another amount", async () => {
    const order = await paidOrder();
    const first = await refund(order.id, { amount: "5.00" }, { key: "refund-1" });
    expect(first.status).toBe(200);
    const replay = await refund(order.id, { amount: "5.00" }, { key: "refund-1" });
    expect(replay.status).toBe(200);
    expect(replay.headers["idempotent-replayed"]).toBe("true");
    expect(replay.json()).toEqual(first.json());
    const reused = await refund(order.id, { amount: "6.00" }, { key: "refund-1" });
    expect(reused.status).toBe(422);
    expect(errorsOf(reused)).toHaveProperty("Idempotency-Key");
    expect((await getOrder(order.id)).refunds.map((r) => r.amount)).toEqual(["5.00"]);
  });

  it("counts refunds out of customers' total_spent and of revenue analytics", async () => {
    t.clock.set(Date.UTC(2025, 2, 1));
    const day = { created_at: "2025-02-10T12:00:00Z", status: "completed", payment_status: "paid" };
    const a = await createOrder(day);
    const b = await createOrder({ ...day, items: [{ product_id: productId, price: "10.00" }] });
    const imported = await createOrder({ ...day, status: "refunded", payment_status: "refunded" });
    expect(imported.refunded_amount).toBe("29.99");
    const customer = async () =>
      (
        (await t.call("GET", `/customers/${a.customer.id}`, { token })).json() as {
          data: { total_orders: number; total_spent: string };
        }
      ).data;
    const revenue = async () =>
      (
        (
          await t.call("GET", "/analytics/revenue", {
            token,
            query: { from: "2025-02-01", to: "2025-02-28" },
          })
        ).json() as { data: { total_revenue: string; total_orders: number; average_order_value: string } }
      ).data;
    expect(await customer()).toMatchObject({ total_orders: 2, total_spent: "39.99" });
    expect(await revenue()).toMatchObject({ total_revenue: "39.99", total_orders: 2 });

    expect((await refund(a.id, { amount: "9.99" })).status).toBe(200);
    expect(await customer()).toMatchObject({ total_orders: 2, total_spent: "30.00" });
    expect(await revenue()).toMatchObject({
      total_revenue: "30.00",
      total_orders: 2,
      average_order_value: "15.00",
    });
    const top = await t.call("GET", "/analytics/customers", {
      token,
      query: { from: "2025-02-01", to: "2025-02-28" },
    });
    expect(JSON.stringify(top.json())).toContain('"total_spent":"30.00"');

    expect((await refund(b.id)).status).toBe(200);
    expect(await customer()).toMatchObject({ total_orders: 1, total_spent: "20.00" });
    expect(await revenue()).toMatchObject({ total_revenue: "20.00", total_orders: 1 });
    const sorted = await t.call("GET", "/customers", { token, query: { sort: "total_spent" } });
    expect((sorted.json() as { data: { total_spent: string }[] }).data[0]?.total_spent).toBe("20.00");
  });
});
