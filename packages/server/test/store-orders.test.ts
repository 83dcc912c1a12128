// Orders and customers over the Store API on both engines: filters in the store's time zone, sorts, shapes,
// fulfilment, orders created by API, customer statistics, tenant isolation.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createStoreTestApp, type StoreTestApp } from "./fixtures/store-api-harness.js";
import { testDialects } from "./support/databases.js";

interface Order {
  id: number;
  order_number: string;
  status: string;
  payment_status: string;
  total: string;
  customer: { id: number; email: string; username: string | null };
  items: {
    id: number;
    product_id: number | null;
    quantity: number;
    price: string;
    delivery_status: string;
  }[];
  completed_at: string | null;
  created_at: string;
}
interface Customer {
  id: number;
  email: string;
  username: string | null;
  total_orders: number;
  total_spent: string;
  first_order_at: string | null;
}
interface Page<T> {
  data: T[];
  meta: { current_page: number; last_page: number; per_page: number; total: number };
}

describe.each(testDialects)("Store API orders and customers on %s", (dialect) => {
  let t: StoreTestApp;
  let token: string;
  let vip: number;
  let key: number;
  const ids: Record<string, number> = {};

  async function create(path: string, body: unknown, as = token) {
    const r = await t.call("POST", path, { token: as, body });
    if (r.status !== 201) throw new Error(`${path}: ${r.status} ${r.body}`);
    return (r.json() as { data: { id: number } }).data;
  }
  async function orders(query: Record<string, string> = {}): Promise<Page<Order>> {
    const r = await t.call("GET", "/orders", { token, query });
    expect(r.status, r.body).toBe(200);
    return r.json() as Page<Order>;
  }
  const labels = (p: Page<Order>) => p.data.map((o) => Object.keys(ids).find((k) => ids[k] === o.id));

  beforeEach(async () => {
    t = await createStoreTestApp(dialect);
    token = (await t.createStore({ subdomain: "alpha", timeZone: "America/New_York" })).token;
    vip = (await create("/products", { name: "VIP Rank", price: "29.99" })).id;
    key = (await create("/products", { name: "Legend Key", price: "4.50", stock: 10 })).id;
    t.clock.set(Date.UTC(2025, 2, 1));
    // Created out of date order, so order numbers, dates and totals all sort differently.
    const specs: [string, string, string, string, string, number, number][] = [
      ["o3", "alice@example.com", "processing", "paid", "2025-01-31T23:00:00Z", key, 1],
      ["o1", "alice@example.com", "completed", "paid", "2025-01-01T04:30:00Z", vip, 1],
      ["o5", "bob@example.com", "cancelled", "failed", "2025-02-01T05:00:00Z", key, 3],
      ["o2", "Bob@Example.com", "pending", "pending", "2025-01-01T05:30:00Z", vip, 2],
      ["o4", "carol_x@example.com", "refunded", "refunded", "2025-02-01T04:59:00Z", key, 2],
    ];
    for (const [label, email, status, payment_status, created_at, product_id, quantity] of specs) {
      const o = await create("/orders", {
        customer: { email, username: email.split("@")[0] },
        items: [{ product_id, quantity }],
        status,
        payment_status,
        payment_method: "stripe",
        created_at,
      });
      ids[label] = o.id;
    }
    t.published.length = 0;
  });
  afterEach(async () => {
    await t.close();
  });

  it("renders the documented Order shape with the nested customer", async () => {
    const r = await t.call("GET", `/orders/${ids["o1"] ?? 0}`, { token });
    const order = (r.json() as { data: Order }).data;
    expect(order).toEqual({
      id: ids["o1"],
      order_number: "ORD-2025-002",
      status: "completed",
      payment_status: "paid",
      total: "29.99",
      subtotal: "29.99",
      tax: "0.00",
      discount: "0.00",
      refunded_amount: "0.00",
      currency: "USD",
      customer: { id: expect.any(Number) as number, email: "alice@example.com", username: "alice" },
      items: [
        {
          id: expect.any(Number) as number,
          product_id: vip,
          product_name: "VIP Rank",
          quantity: 1,
          price: "29.99",
          delivery_status: "delivered",
        },
      ],
      payment_method: "stripe",
      metadata: {},
      created_at: "2025-01-01T04:30:00Z",
      completed_at: "2025-01-01T04:30:00Z",
      refunds: [],
      deliveries: [],
      discord_operations: [],
    });
  });

  it("filters by status, payment_status, customer_email, order_number and inclusive days in the store's zone", async () => {
    expect(labels(await orders({ status: "pending" }))).toEqual(["o2"]);
    expect(labels(await orders({ payment_status: "paid" }))).toEqual(["o3", "o1"]);
    expect(labels(await orders({ customer_email: "BOB@example.com" }))).toEqual(["o5", "o2"]);
    expect(labels(await orders({ order_number: "ord-2025-001" }))).toEqual(["o3"]);
    // New York days: o1 is Dec 31 23:30 there, o4 Jan 31 23:59, o5 Feb 1 00:00.
    expect(labels(await orders({ from: "2025-01-01", to: "2025-01-31" }))).toEqual(["o4", "o3", "o2"]);
    expect(labels(await orders({ start_date: "2025-01-01", end_date: "2025-01-31" }))).toEqual([
      "o4",
      "o3",
      "o2",
    ]);
    expect(labels(await orders({ from: "2025-02-01" }))).toEqual(["o5"]);
    expect(labels(await orders({ to: "2024-12-31" }))).toEqual(["o1"]);
    expect(labels(await orders({ from: "2025-01-01", to: "2025-01-31", payment_status: "paid" }))).toEqual([
      "o3",
    ]);
    for (const [query, field] of [
      [{ from: "2025-02-30" }, "from"],
      [{ to: "31-01-2025" }, "to"],
      [{ from: "2025-02-01", to: "2025-01-01" }, "to"],
      [{ status: "shipped" }, "status"],
      [{ payment_status: "maybe" }, "payment_status"],
    ] as [Record<string, string>, string][]) {
      const r = await t.call("GET", "/orders", { token, query });
      expect(r.status, JSON.stringify(query)).toBe(422);
      expect(Object.keys((r.json() as { errors: object }).errors)).toEqual([field]);
    }
  });

  it("sorts by created_at, total and order_number both ways; unknown sort is 422", async () => {
    const byDate = ["o1", "o2", "o3", "o4", "o5"];
    expect(labels(await orders({ sort: "created_at", order: "asc" }))).toEqual(byDate);
    expect(labels(await orders({ sort: "created_at", order: "desc" }))).toEqual([...byDate].reverse());
    // Totals: o3 4.50, o4 9.99, o5 13.50, o1 29.99, o2 59.98.
    const byTotal = ["o3", "o4", "o5", "o1", "o2"];
    expect(labels(await orders({ sort_by: "total", sort_order: "asc" }))).toEqual(byTotal);
    expect(labels(await orders({ sort: "total", order: "desc" }))).toEqual([...byTotal].reverse());
    const byNumber = ["o3", "o1", "o5", "o2", "o4"];
    expect(labels(await orders({ sort: "order_number", order: "asc" }))).toEqual(byNumber);
    expect(labels(await orders({ sort: "order_number" }))).toEqual([...byNumber].reverse());
    const page = await orders({ per_page: "2", page: "2", sort: "total", order: "asc" });
    expect(labels(page)).toEqual(["o5", "o1"]);
    expect(page.meta).toEqual({ current_page: 2, last_page: 3, per_page: 2, total: 5 });
    expect((await t.call("GET", "/orders", { token, query: { sort: "status" } })).status).toBe(422);
  });

  it("fulfils an order once, refuses refunded ones, and keeps other stores out", async () => {
    const r = await t.call("POST", `/orders/${ids["o2"] ?? 0}/fulfill`, {
      token,
      body: { note: "Delivered via API" },
    });
    expect(r.status).toBe(200);
    const done = (r.json() as { data: Order }).data;
    expect(done).toMatchObject({ status: "completed", completed_at: "2025-03-01T00:00:00Z" });
    expect(done.items.map((i) => i.delivery_status)).toEqual(["delivered"]);
    t.clock.advance(60_000);
    // The docs' client sends Content-Type: application/json even without a body.
    const again = await t.call("POST", `/orders/${ids["o2"] ?? 0}/fulfill`, {
      token,
      rawBody: "",
      headers: { "content-type": "application/json" },
    });
    expect(again.status).toBe(200);
    expect((again.json() as { data: Order }).data.completed_at).toBe("2025-03-01T00:00:00Z");
    const refunded = await t.call("POST", `/orders/${ids["o4"] ?? 0}/fulfill`, { token, body: {} });
    expect(refunded.status).toBe(422);
    expect((refunded.json() as { errors: unknown }).errors).toEqual({
      status: ["A refunded order cannot be fulfilled."],
    });
    const beta = await t.createStore({ subdomain: "beta" });
    const notFound = { success: false, error: "Not Found", message: "Order not found" };
    expect((await t.call("GET", `/orders/${ids["o3"] ?? 0}`, { token: beta.token })).json()).toEqual(
      notFound,
    );
    const cross = await t.call("POST", `/orders/${ids["o3"] ?? 0}/fulfill`, { token: beta.token, body: {} });
    expect(cross.json()).toEqual(notFound);
    expect((await orders({ status: "processing" })).data[0]?.status).toBe("processing");
    expect((await t.call("GET", "/orders", { token: beta.token })).json()).toMatchObject({ data: [] });
    const reader = await t.call("POST", "/tokens", { token, body: { name: "r", scopes: ["orders:read"] } });
    const readToken = (reader.json() as { data: { token: string } }).data.token;
    const denied = await t.call("POST", `/orders/${ids["o3"] ?? 0}/fulfill`, { token: readToken, body: {} });
    expect(denied.status).toBe(403);
    expect(denied.json()).toMatchObject({ message: "Token does not have the required scope: orders:write" });
  });

  it("creates orders by API: events, stock, and per-field errors that change nothing", async () => {
    const r = await t.call("POST", "/orders", {
      token,
      body: {
        metadata: { minecraft_uuid: "069a79f4-44e9-4726-a5be-fca90e38aaf5", nested: { a: [1] } },
        customer: { email: "dave@example.com" },
        items: [{ product_id: key, quantity: 2 }],
        payment_status: "paid",
        tax: "1.00",
        discount: 0.5,
      },
    });
    expect(r.status).toBe(201);
    const order = (r.json() as { data: Order }).data;
    expect(order).toMatchObject({
      metadata: { minecraft_uuid: "069a79f4-44e9-4726-a5be-fca90e38aaf5", nested: { a: [1] } },
      order_number: "ORD-2025-006",
      total: "9.50",
      status: "pending",
      payment_status: "paid",
    });
    expect(t.published.map((e) => e.type)).toEqual(["customer.created", "order.received"]);
    expect(t.published[1]?.data).toMatchObject({ id: order.id, customer: { email: "dave@example.com" } });
    const product = await t.call("GET", `/products/${key}`, { token });
    expect((product.json() as { data: { stock: number } }).data.stock).toBe(7);

    const beta = await t.createStore({ subdomain: "beta" });
    const foreign = (await create("/products", { name: "Theirs", price: "1" }, beta.token)).id;
    t.published.length = 0;
    const bad = await t.call("POST", "/orders", {
      token,
      body: { items: [{ product_id: foreign }, { product_id: key, quantity: 8 }, { product_id: "x" }] },
    });
    expect(bad.status).toBe(422);
    expect((bad.json() as { errors: unknown }).errors).toEqual({
      "items.2.product_id": ["The items.2.product id must be an integer."],
    });
    const bad2 = await t.call("POST", "/orders", {
      token,
      body: { customer_id: 999999, items: [{ product_id: foreign }, { product_id: key, quantity: 8 }] },
    });
    expect((bad2.json() as { errors: unknown }).errors).toEqual({
      customer_id: ["The selected customer id is invalid."],
      "items.0.product_id": ["The selected items.0.product id is invalid."],
      "items.1.quantity": ["Only 7 of Legend Key left in stock."],
    });
    const empty = await t.call("POST", "/orders", {
      token,
      body: { customer: { email: "x@example.com" }, items: [] },
    });
    expect((empty.json() as { errors: unknown }).errors).toEqual({
      items: ["The items must have at least 1 items."],
    });
    expect((await orders()).meta.total).toBe(6);
    expect(t.published).toEqual([]);
  });

  it("lists customers with paid-order statistics, search, both sorts, detail and their orders", async () => {
    const r = await t.call("GET", "/customers", { token, query: { sort: "total_spent", order: "desc" } });
    const customers = (r.json() as Page<Customer>).data;
    expect(customers.map((c) => [c.email, c.total_orders, c.total_spent])).toEqual([
      ["alice@example.com", 2, "34.49"],
      ["carol_x@example.com", 0, "0.00"],
      ["bob@example.com", 0, "0.00"],
    ]);
    const asc = await t.call("GET", "/customers", { token, query: { sort: "total_spent", order: "asc" } });
    expect((asc.json() as Page<Customer>).data.map((c) => c.email)).toEqual([
      "bob@example.com",
      "carol_x@example.com",
      "alice@example.com",
    ]);
    const byCreated = await t.call("GET", "/customers", {
      token,
      query: { sort: "created_at", order: "asc" },
    });
    expect((byCreated.json() as Page<Customer>).data.map((c) => c.email)).toEqual([
      "alice@example.com",
      "bob@example.com",
      "carol_x@example.com",
    ]);
    const literal = await t.call("GET", "/customers", { token, query: { search: "l_x" } });
    expect((literal.json() as Page<Customer>).data.map((c) => c.email)).toEqual(["carol_x@example.com"]);
    const byName = await t.call("GET", "/customers", { token, query: { search: "BOB" } });
    expect((byName.json() as Page<Customer>).meta.total).toBe(1);
    const alice = customers[0];
    const detail = await t.call("GET", `/customers/${alice?.id ?? 0}`, { token });
    expect((detail.json() as { data: unknown }).data).toMatchObject({
      email: "alice@example.com",
      first_order_at: "2025-01-01T04:30:00Z",
      last_order_at: "2025-01-31T23:00:00Z",
      game_usernames: { minecraft: null, steam_id: null },
      subscriptions: [],
    });
    const theirOrders = await t.call("GET", `/customers/${alice?.id ?? 0}/orders`, { token });
    expect(labels(theirOrders.json() as Page<Order>)).toEqual(["o3", "o1"]);
    const beta = await t.createStore({ subdomain: "beta" });
    expect((await t.call("GET", `/customers/${alice?.id ?? 0}`, { token: beta.token })).status).toBe(404);
    expect((await t.call("GET", `/customers/${alice?.id ?? 0}/orders`, { token: beta.token })).status).toBe(
      404,
    );
  });

  it("creates and updates customers; a taken email is 422", async () => {
    const created = await t.call("POST", "/customers", {
      token,
      body: { email: "Eve@Example.com", username: "eve", game_usernames: { minecraft: "EveMC" } },
    });
    expect(created.status).toBe(201);
    const eve = (created.json() as { data: Customer & { game_usernames: unknown } }).data;
    expect(eve).toMatchObject({
      email: "eve@example.com",
      total_orders: 0,
      game_usernames: { minecraft: "EveMC", steam_id: null },
    });
    expect(t.published.map((e) => e.type)).toEqual(["customer.created"]);
    const dup = await t.call("POST", "/customers", { token, body: { email: "ALICE@example.com" } });
    expect((dup.json() as { errors: unknown }).errors).toEqual({
      email: ["The email has already been taken."],
    });
    const badEmail = await t.call("POST", "/customers", { token, body: { email: "not an email" } });
    expect((badEmail.json() as { errors: unknown }).errors).toEqual({
      email: ["The email must be a valid email address."],
    });
    const upd = await t.call("PATCH", `/customers/${eve.id}`, {
      token,
      body: { username: "eve2", discord_id: "123456789012345678" },
    });
    expect((upd.json() as { data: unknown }).data).toMatchObject({
      username: "eve2",
      discord_id: "123456789012345678",
    });
    const clash = await t.call("PUT", `/customers/${eve.id}`, { token, body: { email: "bob@example.com" } });
    expect(clash.status).toBe(422);
  });
});
