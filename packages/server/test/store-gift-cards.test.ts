// Gift cards over the Store API on both engines: issue, list filters/sorts/paging, revoke (also concurrent),
// redeem (never past the balance, never once revoked or expired), validation, scopes and tenant isolation.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createStoreTestApp, type StoreTestApp } from "./fixtures/store-api-harness.js";
import { testDialects } from "./support/databases.js";

interface GiftCard {
  id: number;
  code: string;
  balance: string;
  status: string;
  currency: string;
  recipient_email: string | null;
  revoked_at: string | null;
  revoke_reason?: string | null;
  first_used_at: string | null;
  last_used_at: string | null;
  redemptions?: {
    amount: string;
    balance_before: string;
    balance_after: string;
    order: { id: number; order_number: string } | null;
  }[];
}
interface Page<T> {
  data: T[];
  meta: { current_page: number; last_page: number; per_page: number; total: number };
}

describe.each(testDialects)("Store API gift cards on %s", (dialect) => {
  let t: StoreTestApp;
  let token: string;
  let product: number;
  let customer: number;
  let order: { id: number; order_number: string };
  const ids: Record<string, number> = {};

  async function issue(body: Record<string, unknown>, as = token): Promise<GiftCard> {
    const r = await t.call("POST", "/gift-cards", { token: as, body });
    if (r.status !== 201) throw new Error(`gift card: ${r.status} ${r.body}`);
    return (r.json() as { data: GiftCard }).data;
  }
  async function list(query: Record<string, string> = {}): Promise<Page<GiftCard>> {
    const r = await t.call("GET", "/gift-cards", { token, query });
    expect(r.status, r.body).toBe(200);
    return r.json() as Page<GiftCard>;
  }
  const labels = async (query: Record<string, string> = {}) =>
    (await list(query)).data.map((g) => Object.keys(ids).find((k) => ids[k] === g.id));
  const errorsOf = (r: { json: () => unknown }) => (r.json() as { errors: Record<string, string[]> }).errors;
  const post = (path: string, body?: unknown, as = token) =>
    t.call("POST", path, { token: as, ...(body === undefined ? {} : { body }) });
  const detail = async (id: number) =>
    ((await t.call("GET", `/gift-cards/${id}`, { token })).json() as { data: GiftCard }).data;

  beforeEach(async () => {
    t = await createStoreTestApp(dialect);
    token = (await t.createStore({ subdomain: "alpha" })).token;
    const data = async (path: string, body: unknown) =>
      ((await post(path, body)).json() as { data: { id: number; order_number: string } }).data;
    product = (await data("/products", { name: "$50 Gift Card", price: "50.00" })).id;
    customer = (await data("/customers", { email: "Bob@Example.com", username: "bob" })).id;
    order = await data("/orders", {
      customer_id: customer,
      items: [{ product_id: product }],
      payment_status: "paid",
      created_at: "2025-01-15T10:30:00Z",
    });
    const specs: [string, Record<string, unknown>][] = [
      [
        "g1",
        {
          initial_balance: "50.00",
          code: "abcd-efgh-ijkl-mnop",
          recipient_email: "Alice@Example.com",
          expires_at: "2026-01-15T23:59:59Z",
        },
      ],
      ["g2", { initial_balance: 25, customer_id: customer, expires_at: "2025-06-01T00:00:00Z" }],
      ["g3", { initial_balance: "10", currency: "EUR" }],
      ["g4", { initial_balance: "5.00", code: "REVOKED-1" }],
      ["g5", { initial_balance: "20.00", code: "SPENT-100" }],
    ];
    for (const [label, body] of specs) {
      ids[label] = (await issue(body)).id;
      t.clock.advance(60_000);
    }
    expect((await post(`/gift-cards/${ids["g4"] ?? 0}/revoke`, { reason: "fraud" })).status).toBe(200);
    expect((await post(`/gift-cards/${ids["g5"] ?? 0}/redeem`, { amount: "20" })).status).toBe(200);
    t.published.length = 0;
  });
  afterEach(async () => {
    await t.close();
  });

  it("issues cards with a secure generated code unless one is given, and shows the documented shape", async () => {
    const r = await post("/gift-cards", {
      initial_balance: "50",
      recipient_name: "John Doe",
      personal_message: "Happy Birthday!",
      product_id: product,
      order_id: order.id,
      expires_at: "2026-01-15T23:59:59Z",
    });
    expect(r.status, r.body).toBe(201);
    expect(r.json()).toMatchObject({ success: true, message: "Gift card issued successfully" });
    const card = (r.json() as { data: GiftCard }).data;
    expect(card).toEqual({
      id: card.id,
      code: expect.stringMatching(/^[A-HJ-NP-Z2-9]{4}(-[A-HJ-NP-Z2-9]{4}){3}$/) as string,
      initial_balance: "50.00",
      balance: "50.00",
      currency: "USD",
      status: "active",
      recipient_email: null,
      recipient_name: "John Doe",
      personal_message: "Happy Birthday!",
      customer_id: null,
      product: { id: product, name: "$50 Gift Card" },
      order: { id: order.id, order_number: order.order_number },
      purchased_at: "2025-01-15T10:30:00Z",
      first_used_at: null,
      last_used_at: null,
      expires_at: "2026-01-15T23:59:59Z",
      revoked_at: null,
      created_at: "2025-01-20T12:05:00Z",
      revoke_reason: null,
      redemptions: [],
    });
    const g1 = await detail(ids["g1"] ?? 0);
    expect(g1).toMatchObject({ code: "ABCD-EFGH-IJKL-MNOP", recipient_email: "alice@example.com" });
    // A card for a customer goes to their email.
    expect(await detail(ids["g2"] ?? 0)).toMatchObject({
      recipient_email: "bob@example.com",
      customer_id: customer,
    });
    expect(await detail(ids["g3"] ?? 0)).toMatchObject({ currency: "EUR", balance: "10.00" });
    // Lists show the full code, as the docs' example does (a client reads it from the list).
    const listed = (await list({ search: "abcd" })).data[0];
    expect(listed).toMatchObject({ code: "ABCD-EFGH-IJKL-MNOP" });
    expect(listed).not.toHaveProperty("redemptions");
    expect(t.published).toEqual([]);
  });

  it("filters by status, code search (case-insensitive, literal % and _) and recipient email", async () => {
    expect(await labels({ status: "active" })).toEqual(["g3", "g2", "g1"]);
    expect(await labels({ status: "revoked" })).toEqual(["g4"]);
    expect(await labels({ status: "depleted" })).toEqual(["g5"]);
    expect(await labels({ search: "efgh-i" })).toEqual(["g1"]);
    expect(await labels({ search: "-1" })).toEqual(["g5", "g4"]);
    expect(await labels({ search: "%" })).toEqual([]);
    expect(await labels({ search: "_" })).toEqual([]);
    expect(await labels({ email: "ALICE@example.com" })).toEqual(["g1"]);
    expect(await labels({ email: "bob@example.com", status: "active" })).toEqual(["g2"]);
    expect(await labels({ email: "bob@example.com", status: "revoked" })).toEqual([]);
    for (const query of [{ status: "expired" }, { email: "x".repeat(255) }] as Record<string, string>[]) {
      const r = await t.call("GET", "/gift-cards", { token, query });
      expect(r.status).toBe(422);
      expect(Object.keys(errorsOf(r))).toEqual(Object.keys(query));
    }
  });

  it("sorts by created_at, balance and expires_at both ways and pages", async () => {
    expect(await labels({ sort: "created_at", order: "asc" })).toEqual(["g1", "g2", "g3", "g4", "g5"]);
    expect(await labels()).toEqual(["g5", "g4", "g3", "g2", "g1"]);
    // Balances: g5 0.00, g4 5.00, g3 10.00, g2 25.00, g1 50.00.
    expect(await labels({ sort: "balance", order: "asc" })).toEqual(["g5", "g4", "g3", "g2", "g1"]);
    expect(await labels({ sort_by: "balance", sort_order: "desc" })).toEqual(["g1", "g2", "g3", "g4", "g5"]);
    // No expiry sorts as the far future.
    expect(await labels({ sort: "expires_at", order: "asc" })).toEqual(["g2", "g1", "g3", "g4", "g5"]);
    expect(await labels({ sort: "expires_at", order: "desc" })).toEqual(["g5", "g4", "g3", "g1", "g2"]);
    expect((await t.call("GET", "/gift-cards", { token, query: { sort: "code" } })).status).toBe(422);
    const page = await list({ per_page: "2", page: "3", sort: "balance", order: "asc" });
    expect(page.data.map((g) => g.balance)).toEqual(["50.00"]);
    expect(page.meta).toEqual({ current_page: 3, last_page: 3, per_page: 2, total: 5 });
    expect((await list({ page: "4", per_page: "2" })).data).toEqual([]);
    expect((await list({ per_page: "500" })).meta.per_page).toBe(100);
    for (const per_page of ["0", "-3", "x"]) {
      expect((await t.call("GET", "/gift-cards", { token, query: { per_page } })).status).toBe(422);
    }
  });

  it("refuses invalid cards with per-field 422s and issues nothing", async () => {
    const beta = await t.createStore({ subdomain: "beta" });
    const theirCustomer = (
      (await post("/customers", { email: "c@example.com" }, beta.token)).json() as { data: { id: number } }
    ).data.id;
    const cases: [Record<string, unknown>, Record<string, string[]>][] = [
      [{}, { initial_balance: ["The initial balance field is required."] }],
      [
        { initial_balance: 0 },
        { initial_balance: ["The initial balance must be an amount in USD greater than 0."] },
      ],
      [
        { initial_balance: "1.001" },
        { initial_balance: ["The initial balance must be an amount in USD greater than 0."] },
      ],
      [
        { initial_balance: "ten" },
        { initial_balance: ["The initial balance must be a non-negative amount like 29.99."] },
      ],
      [
        { initial_balance: 5, currency: "XYZ" },
        { currency: ["The currency must be a 3-letter ISO 4217 code."] },
      ],
      [
        { initial_balance: 5, currency: "US" },
        { currency: ["The currency must be a 3-letter ISO 4217 code."] },
      ],
      [{ initial_balance: 5, code: "Abcd-Efgh-Ijkl-Mnop" }, { code: ["The code has already been taken."] }],
      [
        { initial_balance: 5, code: "ab" },
        { code: ["The code must be 4 to 64 letters and digits, optionally grouped by dashes."] },
      ],
      [
        { initial_balance: 5, code: "ABCD EFGH" },
        { code: ["The code must be 4 to 64 letters and digits, optionally grouped by dashes."] },
      ],
      [
        { initial_balance: 5, expires_at: "2025-01-01T00:00:00Z" },
        { expires_at: ["The expires at must be a date-time in the future."] },
      ],
      [
        { initial_balance: 5, customer_id: theirCustomer },
        { customer_id: ["The selected customer id is invalid."] },
      ],
      [{ initial_balance: 5, customer_id: "1" }, { customer_id: ["The customer id must be an integer."] }],
      [{ initial_balance: 5, product_id: 999_999 }, { product_id: ["The selected product id is invalid."] }],
      [{ initial_balance: 5, order_id: 999_999 }, { order_id: ["The selected order id is invalid."] }],
      [
        { initial_balance: 5, recipient_email: "nope" },
        { recipient_email: ["The recipient email must be a valid email address."] },
      ],
      [
        { initial_balance: 5, personal_message: "m".repeat(1001) },
        { personal_message: ["The personal message may not be greater than 1000 characters."] },
      ],
    ];
    for (const [body, errors] of cases) {
      const r = await post("/gift-cards", body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(errorsOf(r), JSON.stringify(body)).toEqual(errors);
    }
    const huge = await post("/gift-cards", { initial_balance: 5, personal_message: "m".repeat(70_000) });
    expect(huge.status).toBe(413);
    const poisoned = '{"initial_balance":5,"constructor":{"prototype":{"x":1}}}';
    expect((await t.call("POST", "/gift-cards", { token, rawBody: poisoned })).status).toBe(400);
    expect((await list()).meta.total).toBe(5);
  });

  it("revokes once: repeats and concurrent revocations agree on the first one, and the card cannot be used", async () => {
    const r = await post(`/gift-cards/${ids["g4"] ?? 0}/revoke`, { reason: "again" });
    expect(r.status).toBe(200);
    expect((r.json() as { data: GiftCard }).data).toMatchObject({
      status: "revoked",
      revoked_at: "2025-01-20T12:05:00Z",
      revoke_reason: "fraud",
      balance: "5.00",
    });
    const card = await issue({ initial_balance: "30.00" });
    t.clock.advance(1000);
    const results = await Promise.all(
      ["a", "b", "c", "d", "e"].map((reason) => post(`/gift-cards/${card.id}/revoke`, { reason })),
    );
    expect(results.map((x) => x.status)).toEqual([200, 200, 200, 200, 200]);
    const revoked = results.map((x) => (x.json() as { data: GiftCard }).data);
    const reasons = new Set(revoked.map((g) => g.revoke_reason));
    expect(reasons.size).toBe(1);
    expect(revoked.every((g) => g.status === "revoked" && g.revoked_at === "2025-01-20T12:05:01Z")).toBe(
      true,
    );
    expect(await detail(card.id)).toMatchObject({ revoke_reason: [...reasons][0], balance: "30.00" });
    const use = await post(`/gift-cards/${card.id}/redeem`, { amount: "1.00" });
    expect(use.status).toBe(422);
    expect(errorsOf(use)).toEqual({ status: ["A revoked gift card cannot be used."] });
    expect((await detail(card.id)).redemptions).toEqual([]);
    expect(t.published).toEqual([]);
  });

  it("redeems down to zero with a record of each use; never past the balance, expiry or currency", async () => {
    const g1 = ids["g1"] ?? 0;
    t.clock.set(Date.UTC(2025, 1, 1));
    const first = await post(`/gift-cards/${g1}/redeem`, { amount: "14.50", order_id: order.id });
    expect(first.status, first.body).toBe(200);
    expect(first.json()).toMatchObject({ message: "Gift card redeemed successfully" });
    t.clock.advance(3_600_000);
    const over = await post(`/gift-cards/${g1}/redeem`, { amount: "35.51" });
    expect(errorsOf(over)).toEqual({ amount: ["The amount may not be greater than the balance of 35.50."] });
    for (const amount of [0, "0.001"]) {
      const bad = await post(`/gift-cards/${g1}/redeem`, { amount });
      expect(errorsOf(bad)).toEqual({ amount: ["The amount must be an amount in USD greater than 0."] });
    }
    const rest = await post(`/gift-cards/${g1}/redeem`, { amount: 35.5 });
    expect((rest.json() as { data: GiftCard }).data).toMatchObject({
      balance: "0.00",
      status: "depleted",
      first_used_at: "2025-02-01T00:00:00Z",
      last_used_at: "2025-02-01T01:00:00Z",
      redemptions: [
        {
          amount: "14.50",
          balance_before: "50.00",
          balance_after: "35.50",
          order: { id: order.id, order_number: order.order_number },
        },
        { amount: "35.50", balance_before: "35.50", balance_after: "0.00", order: null },
      ],
    });
    const empty = await post(`/gift-cards/${g1}/redeem`, { amount: "1" });
    expect(errorsOf(empty)).toEqual({ status: ["This gift card has no balance left."] });
    const eur = await post(`/gift-cards/${ids["g3"] ?? 0}/redeem`, { amount: "1", order_id: order.id });
    expect(errorsOf(eur)).toEqual({ order_id: ["The order is in USD, the gift card in EUR."] });
    t.clock.set(Date.UTC(2025, 5, 1));
    const expired = await post(`/gift-cards/${ids["g2"] ?? 0}/redeem`, { amount: "1" });
    expect(errorsOf(expired)).toEqual({ status: ["This gift card has expired."] });
  });

  it("issues one card for a POST retried with the same Idempotency-Key", async () => {
    const send = () =>
      t.call("POST", "/gift-cards", {
        token,
        body: { initial_balance: 15 },
        headers: { "idempotency-key": "gc-1" },
      });
    const first = await send();
    const again = await send();
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(again.json()).toEqual(first.json());
    expect((await list()).meta.total).toBe(6);
  });

  it("lets only one of concurrent redemptions through when together they exceed the balance", async () => {
    const g2 = ids["g2"] ?? 0;
    const results = await Promise.all(
      [1, 2, 3, 4].map(() => post(`/gift-cards/${g2}/redeem`, { amount: "15.00" })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 422, 422, 422]);
    const card = await detail(g2);
    expect(card).toMatchObject({ balance: "10.00", status: "active" });
    expect(card.redemptions).toHaveLength(1);
  });

  it("answers 404 for other stores' and unknown cards and 403 without orders scopes", async () => {
    const g1 = ids["g1"] ?? 0;
    const beta = await t.createStore({ subdomain: "beta" });
    const notFound = { success: false, error: "Not Found", message: "Gift card not found" };
    expect((await t.call("GET", `/gift-cards/${g1}`, { token: beta.token })).json()).toEqual(notFound);
    expect((await post(`/gift-cards/${g1}/revoke`, {}, beta.token)).json()).toEqual(notFound);
    expect((await post(`/gift-cards/${g1}/redeem`, { amount: 1 }, beta.token)).json()).toEqual(notFound);
    expect((await t.call("GET", "/gift-cards/x1", { token })).json()).toEqual(notFound);
    expect((await t.call("GET", "/gift-cards", { token: beta.token })).json()).toMatchObject({ data: [] });
    expect((await detail(g1)).revoked_at).toBeNull();

    const scoped = async (scopes: string[]) =>
      ((await post("/tokens", { name: "s", scopes })).json() as { data: { token: string } }).data.token;
    const products = await scoped(["products:read", "products:write"]);
    const denied = await t.call("GET", "/gift-cards", { token: products });
    expect(denied.status).toBe(403);
    expect(denied.json()).toMatchObject({ message: "Token does not have the required scope: orders:read" });
    const reader = await scoped(["orders:read"]);
    expect((await t.call("GET", `/gift-cards/${g1}`, { token: reader })).status).toBe(200);
    for (const [path, body] of [
      ["/gift-cards", { initial_balance: 5 }],
      [`/gift-cards/${g1}/revoke`, {}],
      [`/gift-cards/${g1}/redeem`, { amount: 1 }],
    ] as const) {
      const r = await post(path, body, reader);
      expect(r.status, path).toBe(403);
      expect(r.json()).toMatchObject({ message: "Token does not have the required scope: orders:write" });
    }
    expect(await detail(g1)).toMatchObject({ status: "active", balance: "50.00" });
  });
});
