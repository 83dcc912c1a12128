// Subscriptions over the Store API on both engines: create (import), list filters/sorts/paging, detail,
// cancel now or at period end (subscription.* events once, also under concurrency), scopes, isolation.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createStoreTestApp, type StoreTestApp } from "./fixtures/store-api-harness.js";
import { testDialects } from "./support/databases.js";

interface Subscription {
  id: number;
  status: string;
  product_id: number | null;
  product: { id: number | null; name: string; price: string; currency: string };
  current_period_end: string;
  trial_ends_at: string | null;
  cancel_at_period_end: boolean;
  canceled_at: string | null;
  ended_at: string | null;
  cancellation_reason: string | null;
}
interface Page<T> {
  data: T[];
  meta: { current_page: number; last_page: number; per_page: number; total: number };
}

describe.each(testDialects)("Store API subscriptions on %s", (dialect) => {
  let t: StoreTestApp;
  let token: string;
  let monthly: number;
  let yearly: number;
  let keyProduct: number;
  let alice: number;
  let bob: number;
  const ids: Record<string, number> = {};

  const post = (path: string, body?: unknown, as = token) =>
    t.call("POST", path, { token: as, ...(body === undefined ? {} : { body }) });
  const idOf = async (path: string, body: unknown) =>
    ((await post(path, body)).json() as { data: { id: number } }).data.id;
  async function list(query: Record<string, string> = {}): Promise<Page<Subscription>> {
    const r = await t.call("GET", "/subscriptions", { token, query });
    expect(r.status, r.body).toBe(200);
    return r.json() as Page<Subscription>;
  }
  const labels = async (query: Record<string, string> = {}) =>
    (await list(query)).data.map((s) => Object.keys(ids).find((k) => ids[k] === s.id));
  const errorsOf = (r: { json: () => unknown }) => (r.json() as { errors: Record<string, string[]> }).errors;
  const get = async (id: number) =>
    ((await t.call("GET", `/subscriptions/${id}`, { token })).json() as { data: Subscription }).data;

  beforeEach(async () => {
    t = await createStoreTestApp(dialect);
    token = (await t.createStore({ subdomain: "alpha" })).token;
    monthly = await idOf("/products", { name: "VIP Monthly", price: "9.99", type: "subscription" });
    yearly = await idOf("/products", { name: "Legend Yearly", price: "49.99", type: "subscription" });
    keyProduct = await idOf("/products", { name: "Key", price: "1.00" });
    alice = await idOf("/customers", { email: "alice@example.com", username: "Alice" });
    bob = await idOf("/customers", { email: "bob@example.com" });
    const specs: [string, Record<string, unknown>][] = [
      [
        "s1",
        {
          customer_id: alice,
          product_id: monthly,
          payment_gateway: "stripe",
          gateway_subscription_id: "sub_1",
        },
      ],
      [
        "s2",
        {
          customer_id: bob,
          product_id: monthly,
          status: "trialing",
          current_period_start: "2025-01-10T00:00:00Z",
          interval: "week",
          interval_count: 2,
        },
      ],
      ["s3", { customer_id: alice, product_id: yearly, status: "past_due", interval: "year" }],
      ["s4", { customer_id: bob, product_id: yearly, status: "canceled" }],
      [
        "s5",
        {
          customer_id: alice,
          product_id: monthly,
          status: "incomplete",
          current_period_end: "2025-03-01T00:00:00Z",
        },
      ],
    ];
    for (const [label, body] of specs) {
      const r = await post("/subscriptions", body);
      if (r.status !== 201) throw new Error(`${label}: ${r.status} ${r.body}`);
      ids[label] = (r.json() as { data: { id: number } }).data.id;
      t.clock.advance(60_000);
    }
  });
  afterEach(async () => {
    await t.close();
  });

  it("creates subscriptions in the documented shape, announcing live ones with subscription.created", async () => {
    const s1 = await get(ids["s1"] ?? 0);
    expect(s1).toEqual({
      id: ids["s1"],
      customer_id: alice,
      product_id: monthly,
      status: "active",
      payment_gateway: "stripe",
      gateway_subscription_id: "sub_1",
      gateway_customer_id: null,
      product: { id: monthly, name: "VIP Monthly", price: "9.99", currency: "USD" },
      customer: { id: alice, email: "alice@example.com", username: "Alice" },
      interval: "month",
      interval_count: 1,
      current_period_start: "2025-01-20T12:00:00Z",
      current_period_end: "2025-02-20T12:00:00Z",
      trial_ends_at: null,
      cancel_at_period_end: false,
      canceled_at: null,
      ended_at: null,
      cancellation_reason: null,
      created_at: "2025-01-20T12:00:00Z",
      updated_at: "2025-01-20T12:00:00Z",
    });
    // A trial without an end date ends with its first period.
    expect(await get(ids["s2"] ?? 0)).toMatchObject({
      status: "trialing",
      current_period_end: "2025-01-24T00:00:00Z",
      trial_ends_at: "2025-01-24T00:00:00Z",
    });
    expect(await get(ids["s4"] ?? 0)).toMatchObject({ status: "canceled", ended_at: "2025-01-20T12:03:00Z" });
    const created = t.published.filter((e) => e.type === "subscription.created");
    expect(created.map((e) => (e.data as Subscription).id)).toEqual([ids["s1"], ids["s2"]]);
    expect(created[0]?.data).toEqual(s1);

    const r = await post("/subscriptions", { customer_id: bob, product_id: yearly, price: "39.99" });
    expect(r.status).toBe(201);
    expect(r.json()).toMatchObject({
      message: "Subscription created successfully",
      data: { product: { price: "39.99" } },
    });
    const customer = await t.call("GET", `/customers/${alice}`, { token });
    expect((customer.json() as { data: { subscriptions: unknown[] } }).data.subscriptions).toEqual([
      {
        id: ids["s5"],
        product_name: "VIP Monthly",
        status: "incomplete",
        current_period_end: "2025-03-01T00:00:00Z",
      },
      {
        id: ids["s3"],
        product_name: "Legend Yearly",
        status: "past_due",
        current_period_end: "2026-01-20T12:02:00Z",
      },
      {
        id: ids["s1"],
        product_name: "VIP Monthly",
        status: "active",
        current_period_end: "2025-02-20T12:00:00Z",
      },
    ]);
  });

  it("filters by status, customer_id and product_id, alone and together", async () => {
    for (const [status, expected] of [
      ["active", ["s1"]],
      ["trialing", ["s2"]],
      ["past_due", ["s3"]],
      ["canceled", ["s4"]],
      ["incomplete", ["s5"]],
    ] as const) {
      expect(await labels({ status }), status).toEqual(expected);
    }
    expect(await labels({ customer_id: String(alice) })).toEqual(["s5", "s3", "s1"]);
    expect(await labels({ product_id: String(yearly) })).toEqual(["s4", "s3"]);
    expect(await labels({ customer_id: String(bob), product_id: String(monthly) })).toEqual(["s2"]);
    expect(await labels({ customer_id: String(bob), status: "active" })).toEqual([]);
    expect(await labels({ customer_id: "999999" })).toEqual([]);
    for (const query of [{ status: "cancelled" }, { customer_id: "abc" }, { product_id: "0" }] as Record<
      string,
      string
    >[]) {
      const r = await t.call("GET", "/subscriptions", { token, query });
      expect(r.status, JSON.stringify(query)).toBe(422);
      expect(Object.keys(errorsOf(r))).toEqual(Object.keys(query));
    }
  });

  it("sorts by created_at and current_period_end both ways and pages", async () => {
    expect(await labels({ sort: "created_at", order: "asc" })).toEqual(["s1", "s2", "s3", "s4", "s5"]);
    expect(await labels()).toEqual(["s5", "s4", "s3", "s2", "s1"]);
    // Period ends: s2 Jan 24, s1 Feb 20, s4 Feb 20 12:03, s5 Mar 1, s3 2026.
    const byEnd = ["s2", "s1", "s4", "s5", "s3"];
    expect(await labels({ sort: "current_period_end", order: "asc" })).toEqual(byEnd);
    expect(await labels({ sort_by: "current_period_end", sort_order: "desc" })).toEqual([...byEnd].reverse());
    expect((await t.call("GET", "/subscriptions", { token, query: { sort: "status" } })).status).toBe(422);
    const page = await list({ per_page: "2", page: "2", sort: "created_at", order: "asc" });
    expect(page.data.map((s) => s.id)).toEqual([ids["s3"], ids["s4"]]);
    expect(page.meta).toEqual({ current_page: 2, last_page: 3, per_page: 2, total: 5 });
    expect((await list({ page: "7" })).data).toEqual([]);
    expect((await list({ per_page: "1000" })).meta.per_page).toBe(100);
    for (const per_page of ["0", "-1", "many"]) {
      expect((await t.call("GET", "/subscriptions", { token, query: { per_page } })).status).toBe(422);
    }
  });

  it("refuses invalid subscriptions with per-field 422s, creating and publishing nothing", async () => {
    const beta = await t.createStore({ subdomain: "beta" });
    const theirs = (
      (await post("/customers", { email: "x@example.com" }, beta.token)).json() as { data: { id: number } }
    ).data.id;
    t.published.length = 0;
    const base = { customer_id: alice, product_id: monthly };
    const cases: [Record<string, unknown>, Record<string, string[]>][] = [
      [{ product_id: monthly }, { customer_id: ["The customer id field is required."] }],
      [{ ...base, customer_id: theirs }, { customer_id: ["The selected customer id is invalid."] }],
      [{ ...base, customer_id: "1" }, { customer_id: ["The customer id must be an integer."] }],
      [{ ...base, product_id: keyProduct }, { product_id: ["The product must be a subscription product."] }],
      [{ ...base, product_id: 999_999 }, { product_id: ["The selected product id is invalid."] }],
      [{ ...base, status: "paused" }, { status: ["The selected status is invalid."] }],
      [{ ...base, interval: "fortnight" }, { interval: ["The selected interval is invalid."] }],
      [{ ...base, interval_count: 0 }, { interval_count: ["The interval count must be at least 1."] }],
      [{ ...base, price: "9.999" }, { price: ["The price must be an amount in USD."] }],
      [
        { ...base, current_period_start: "2025-02-01T00:00:00Z", current_period_end: "2025-01-01T00:00:00Z" },
        {
          current_period_end: ["The current period end must be after the current period start."],
        },
      ],
      [
        { ...base, trial_ends_at: "2024-12-01T00:00:00Z" },
        { trial_ends_at: ["The trial ends at may not be before the current period start."] },
      ],
      [
        { ...base, current_period_end: "soon" },
        {
          current_period_end: [
            "The current period end must be an ISO-8601 date-time like 2025-06-01T00:00:00Z.",
          ],
        },
      ],
      [{ ...base, order_id: 999_999 }, { order_id: ["The selected order id is invalid."] }],
      [
        { ...base, gateway_subscription_id: "s".repeat(256) },
        { gateway_subscription_id: ["The gateway subscription id may not be greater than 255 characters."] },
      ],
    ];
    for (const [body, errors] of cases) {
      const r = await post("/subscriptions", body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(errorsOf(r), JSON.stringify(body)).toEqual(errors);
    }
    const huge = await post("/subscriptions", { ...base, gateway_customer_id: "g".repeat(70_000) });
    expect(huge.status).toBe(413);
    expect((await t.call("POST", "/subscriptions", { token, rawBody: '{"customer_id":' })).status).toBe(400);
    expect((await list()).meta.total).toBe(5);
    expect(t.published).toEqual([]);
  });

  it("cancels now with subscription.cancelled, or at period end without it; repeats change nothing", async () => {
    t.published.length = 0;
    const s2 = ids["s2"] ?? 0;
    t.clock.set(Date.UTC(2025, 0, 22));
    const now = await post(`/subscriptions/${s2}/cancel`, { reason: "Too expensive" });
    expect(now.status).toBe(200);
    expect(now.json()).toMatchObject({ message: "Subscription cancelled successfully" });
    const cancelled = (now.json() as { data: Subscription }).data;
    expect(cancelled).toMatchObject({
      status: "canceled",
      canceled_at: "2025-01-22T00:00:00Z",
      ended_at: "2025-01-22T00:00:00Z",
      cancellation_reason: "Too expensive",
      cancel_at_period_end: false,
    });
    expect(t.published).toEqual([
      { storeId: expect.any(Number) as number, type: "subscription.cancelled", data: cancelled },
    ]);
    t.clock.advance(60_000);
    const again = await post(`/subscriptions/${s2}/cancel`);
    expect((again.json() as { data: Subscription }).data).toEqual(cancelled);
    expect(t.published).toHaveLength(1);

    const s1 = ids["s1"] ?? 0;
    const later = await post(`/subscriptions/${s1}/cancel`, { at_period_end: true });
    expect(later.json()).toMatchObject({
      message: "Subscription will be cancelled at the end of the current period",
      data: {
        status: "active",
        cancel_at_period_end: true,
        canceled_at: "2025-01-22T00:01:00Z",
        ended_at: null,
      },
    });
    expect(t.published).toHaveLength(1);
    t.clock.advance(60_000);
    const sameAgain = await post(`/subscriptions/${s1}/cancel`, { at_period_end: true });
    expect((sameAgain.json() as { data: Subscription }).data.canceled_at).toBe("2025-01-22T00:01:00Z");
    // Changing one's mind to "now" ends it at once; canceled_at keeps when cancellation was first asked.
    const end = await post(`/subscriptions/${s1}/cancel`, { at_period_end: false });
    expect((end.json() as { data: Subscription }).data).toMatchObject({
      status: "canceled",
      cancel_at_period_end: false,
      canceled_at: "2025-01-22T00:01:00Z",
      ended_at: "2025-01-22T00:02:00Z",
    });
    expect(t.published.map((e) => e.type)).toEqual(["subscription.cancelled", "subscription.cancelled"]);
    for (const body of [{ at_period_end: "yes" }, { reason: 5 }, [true]]) {
      const r = await post(`/subscriptions/${ids["s3"] ?? 0}/cancel`, body);
      expect(r.status, JSON.stringify(body)).toBe(422);
    }
    expect(await get(ids["s3"] ?? 0)).toMatchObject({ status: "past_due", canceled_at: null });
  });

  it("publishes one subscription.cancelled when cancellations race", async () => {
    t.published.length = 0;
    const s3 = ids["s3"] ?? 0;
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => post(`/subscriptions/${s3}/cancel`, {})));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(results.every((r) => (r.json() as { data: Subscription }).data.status === "canceled")).toBe(true);
    expect(t.published.map((e) => e.type)).toEqual(["subscription.cancelled"]);
  });

  it("keeps a subscription's product as subscribed when the product is deleted", async () => {
    expect((await t.call("DELETE", `/products/${yearly}`, { token })).status).toBe(200);
    expect(await get(ids["s3"] ?? 0)).toMatchObject({
      product_id: null,
      product: { id: null, name: "Legend Yearly", price: "49.99", currency: "USD" },
    });
    expect(await labels({ product_id: String(yearly) })).toEqual([]);
  });

  it("answers 404 for other stores' and unknown subscriptions and 403 without orders scopes", async () => {
    const s1 = ids["s1"] ?? 0;
    const beta = await t.createStore({ subdomain: "beta" });
    const notFound = { success: false, error: "Not Found", message: "Subscription not found" };
    expect((await t.call("GET", `/subscriptions/${s1}`, { token: beta.token })).json()).toEqual(notFound);
    expect((await post(`/subscriptions/${s1}/cancel`, {}, beta.token)).json()).toEqual(notFound);
    expect((await t.call("GET", "/subscriptions/0", { token })).json()).toEqual(notFound);
    expect((await t.call("GET", "/subscriptions", { token: beta.token })).json()).toMatchObject({
      meta: { total: 0 },
    });
    const betaProduct = (
      (await post("/products", { name: "B", price: "1", type: "subscription" }, beta.token)).json() as {
        data: { id: number };
      }
    ).data.id;
    const cross = await post("/subscriptions", { customer_id: alice, product_id: betaProduct }, beta.token);
    expect(errorsOf(cross)).toEqual({ customer_id: ["The selected customer id is invalid."] });
    expect((await get(s1)).status).toBe("active");

    const scoped = async (scopes: string[]) =>
      ((await post("/tokens", { name: "s", scopes })).json() as { data: { token: string } }).data.token;
    const customers = await scoped(["customers:read", "products:read"]);
    const denied = await t.call("GET", "/subscriptions", { token: customers });
    expect(denied.status).toBe(403);
    expect(denied.json()).toMatchObject({ message: "Token does not have the required scope: orders:read" });
    const reader = await scoped(["orders:read"]);
    expect((await t.call("GET", `/subscriptions/${s1}`, { token: reader })).status).toBe(200);
    for (const [path, body] of [
      [`/subscriptions/${s1}/cancel`, {}],
      ["/subscriptions", { customer_id: alice, product_id: monthly }],
    ] as const) {
      const r = await post(path, body, reader);
      expect(r.status).toBe(403);
      expect(r.json()).toMatchObject({ message: "Token does not have the required scope: orders:write" });
    }
    expect((await get(s1)).status).toBe("active");
  });
});
