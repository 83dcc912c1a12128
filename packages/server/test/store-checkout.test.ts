// The public checkout over HTTP on both engines: basket with coupon, gift card and tax → sandbox hosted page →
// gateway webhook → order paid; declines, captures, disputes, refunds split over gateway and gift cards;
// signed-webhook checks and idempotency; hostile and oversized basket input; racing checkouts.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createStoreTestApp, type StoreTestApp } from "./fixtures/store-api-harness.js";
import { testDialects } from "./support/databases.js";
import { encodeSandboxEvent } from "../src/store/payments/sandbox-gateway.js";
import { signGatewayBody } from "../src/store/payments/gateway.js";

const CHECKOUT = "/api/checkout/v1";
const SECRET = "test-sandbox-secret";

interface Order {
  id: number;
  status: string;
  payment_status: string;
  total: string;
  subtotal: string;
  tax: string;
  discount: string;
  refunded_amount: string;
  metadata: Record<string, unknown>;
  customer: { id: number; email: string };
}
interface Checkout {
  order: Order;
  payment: { id: number; amount: string; redirect_url: string; status: string } | null;
}

describe.each(testDialects)("checkout and payments on %s", (dialect) => {
  let t: StoreTestApp;
  let token: string;
  let vip: number;
  let key: number;

  const api = async (method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE", path: string, body?: unknown) => {
    const r = await t.call(method, path, { token, ...(body === undefined ? {} : { body }) });
    return { status: r.status, json: r.json() as { data: Record<string, unknown> & { id: number } } };
  };
  const pub = async (
    method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const r = await t.http.app.inject({
      method,
      url: `${CHECKOUT}/stores/alpha${path}`,
      headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { payload: typeof body === "string" ? body : JSON.stringify(body) }),
    });
    return {
      status: r.statusCode,
      body: r.body,
      json: () => r.json<{ data: Record<string, unknown>; errors?: Record<string, string[]> }>(),
    };
  };
  const pay = async (url: string, card: string, exp = "12/30") => {
    const path = new URL(url).pathname;
    const r = await t.http.app.inject({
      method: "POST",
      url: path,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: new URLSearchParams({ card_number: card, exp, cvc: "123" }).toString(),
    });
    return { status: r.statusCode, body: r.body, headers: r.headers };
  };
  async function basketWith(
    items: { product_id: number; quantity?: number }[],
    identity: Record<string, string> = {},
  ) {
    const created = await pub("POST", "/baskets", {
      email: "steve@example.com",
      username: "Steve_1",
      ...identity,
    });
    expect(created.status, created.body).toBe(201);
    const tok = created.json().data["token"] as string;
    for (const i of items) {
      const r = await pub("POST", `/baskets/${tok}/items`, i);
      expect(r.status, r.body).toBe(200);
    }
    return tok;
  }
  const checkout = async (tok: string) => {
    const r = await pub("POST", `/baskets/${tok}/checkout`);
    return {
      status: r.status,
      body: r.body,
      data: r.json().data as unknown as Checkout,
      errors: r.json().errors,
    };
  };

  beforeEach(async () => {
    t = await createStoreTestApp(dialect, {
      sandboxGatewaySecret: SECRET,
      publicUrl: "https://shop.example",
    });
    token = (await t.createStore({ subdomain: "alpha" })).token;
    vip = (await api("POST", "/products", { name: "VIP Rank", price: "20.00" })).json.data.id;
    key = (await api("POST", "/products", { name: "Crate Key", price: "2.50", stock: 10 })).json.data.id;
  });
  afterEach(async () => {
    await t.close();
  });

  it("pays a basket with coupon, gift card and tax through the hosted page and the webhook", async () => {
    expect((await api("PUT", "/settings/checkout", { tax_rate: "19", tax_inclusive: false })).status).toBe(
      200,
    );
    await api("POST", "/coupons", { code: "SAVE10", type: "percentage", value: "10", usage_limit: 5 });
    const card = (await api("POST", "/gift-cards", { initial_balance: "5.00" })).json.data;
    const tok = await basketWith([{ product_id: vip }, { product_id: key, quantity: 2 }], {
      minecraft_uuid: "069a79f4-44e9-4726-a5be-fca90e38aaf5",
    });
    expect((await pub("POST", `/baskets/${tok}/coupon`, { code: "save10" })).status).toBe(200);
    const withCard = await pub("POST", `/baskets/${tok}/gift-cards`, { code: card["code"] as string });
    expect(withCard.status, withCard.body).toBe(200);
    // 25.00 − 10 % = 22.50; 19 % tax = 4.275 → 4.28 (half up); 26.78 − 5.00 gift card = 21.78.
    expect(withCard.json().data).toMatchObject({
      subtotal: "25.00",
      discount: "2.50",
      tax: "4.28",
      total: "26.78",
      gift_card_total: "5.00",
      amount_due: "21.78",
    });
    const out = await checkout(tok);
    expect(out.status, out.body).toBe(201);
    expect(out.data.order).toMatchObject({ status: "pending", payment_status: "pending", total: "26.78" });
    expect(out.data.order.metadata).toMatchObject({ username: "Steve_1" });
    expect(out.data.payment).toMatchObject({ status: "requires_payment", amount: "21.78" });
    const url = out.data.payment?.redirect_url ?? "";
    expect(url).toMatch(/^https:\/\/shop\.example\/api\/checkout\/v1\/sandbox\/pay\/pay_sbx_/);
    const page = await t.http.app.inject({ method: "GET", url: new URL(url).pathname });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-security-policy"]).toContain("default-src 'none'");
    expect(page.body).toContain("21.78 USD");

    const paid = await pay(url, "4242 4242 4242 4242");
    expect(paid.status, paid.body).toBe(200);
    const order = (await api("GET", `/orders/${out.data.order.id}`)).json.data;
    expect(order).toMatchObject({ payment_status: "paid", status: "completed" }); // nothing to deliver: completed at once
    expect(t.published.filter((p) => p.type === "order.received")).toHaveLength(1);
    const giftCard = (await api("GET", `/gift-cards/${card.id}`)).json.data;
    expect(giftCard).toMatchObject({ balance: "0.00", status: "depleted" });
    const coupons = (await api("GET", "/coupons")).json.data as unknown as { times_used: number }[];
    expect(coupons[0]?.times_used).toBe(1);
    const product = (await api("GET", `/products/${key}`)).json.data;
    expect(product["stock"]).toBe(8);
    // The page now shows the result, a second submission changes nothing.
    expect((await pay(url, "4242424242424242")).body).toContain("Payment received");
    expect(t.published.filter((p) => p.type === "order.received")).toHaveLength(1);
    // Basket is done.
    expect((await pub("POST", `/baskets/${tok}/items`, { product_id: key })).status).toBe(409);
  });

  it("declines: payment.failed, the order is cancelled, holds come back and the basket reopens", async () => {
    await api("POST", "/coupons", { code: "ONE", type: "fixed_amount", value: "1.00", usage_limit: 1 });
    const card = (await api("POST", "/gift-cards", { initial_balance: "3.00" })).json.data;
    const tok = await basketWith([{ product_id: key, quantity: 4 }]);
    await pub("POST", `/baskets/${tok}/coupon`, { code: "ONE" });
    await pub("POST", `/baskets/${tok}/gift-cards`, { code: card["code"] as string });
    const out = await checkout(tok);
    expect(out.status, out.body).toBe(201);
    expect((await api("GET", `/gift-cards/${card.id}`)).json.data["balance"]).toBe("0.00");
    const declined = await pay(out.data.payment?.redirect_url ?? "", "4000 0000 0000 0002");
    expect(declined.status).toBe(402);
    expect(declined.body).toContain("declined");
    const order = (await api("GET", `/orders/${out.data.order.id}`)).json.data;
    expect(order).toMatchObject({ payment_status: "failed", status: "cancelled" });
    expect(t.published.map((p) => p.type)).toContain("payment.failed");
    expect((await api("GET", `/gift-cards/${card.id}`)).json.data).toMatchObject({
      balance: "3.00",
      status: "active",
    });
    expect(
      ((await api("GET", "/coupons")).json.data as unknown as { times_used: number }[])[0]?.times_used,
    ).toBe(0);
    expect((await api("GET", `/products/${key}`)).json.data["stock"]).toBe(10);
    // The buyer tries again with a good card.
    const again = await checkout(tok);
    expect(again.status, again.body).toBe(201);
    expect((await pay(again.data.payment?.redirect_url ?? "", "4242424242424242")).status).toBe(200);
    expect((await api("GET", `/orders/${again.data.order.id}`)).json.data["payment_status"]).toBe("paid");
  });

  it("authorises, then captures by API; marks paid by hand; cancels unpaid", async () => {
    const a = await checkout(await basketWith([{ product_id: vip }]));
    expect((await pay(a.data.payment?.redirect_url ?? "", "4000000000003220")).body).toContain("authorised");
    expect((await api("GET", `/orders/${a.data.order.id}`)).json.data["payment_status"]).toBe("pending");
    const captured = await api("POST", `/orders/${a.data.order.id}/capture`);
    expect(captured.status).toBe(200);
    expect(captured.json.data).toMatchObject({ payment_status: "paid", status: "completed" }); // nothing to deliver
    expect((await api("POST", `/orders/${a.data.order.id}/capture`)).status).toBe(422);

    const b = await checkout(await basketWith([{ product_id: vip }], { email: "b@example.com" }));
    const manual = await api("POST", `/orders/${b.data.order.id}/mark-paid`);
    expect(manual.json.data).toMatchObject({ payment_status: "paid", payment_method: "manual" });
    // The hosted page of the superseded payment no longer takes a card.
    expect((await pay(b.data.payment?.redirect_url ?? "", "4242424242424242")).body).toContain("no longer");

    const c = await checkout(
      await basketWith([{ product_id: key, quantity: 3 }], { email: "c@example.com" }),
    );
    expect((await api("GET", `/products/${key}`)).json.data["stock"]).toBe(7);
    expect((await api("POST", `/orders/${c.data.order.id}/cancel`)).json.data).toMatchObject({
      status: "cancelled",
    });
    expect((await api("GET", `/products/${key}`)).json.data["stock"]).toBe(10);
    expect((await api("POST", `/orders/${a.data.order.id}/cancel`)).status).toBe(422);
  });

  it("verifies gateway webhooks (signature, tolerance) and applies each event once", async () => {
    const out = await checkout(await basketWith([{ product_id: vip }]));
    const reference = new URL(out.data.payment?.redirect_url ?? "").pathname.split("/").pop() ?? "";
    const body = encodeSandboxEvent(
      { id: "evt_1", type: "payment.succeeded", payment: reference },
      t.clock.now(),
    );
    const send = (payload: string, signature: string) =>
      t.http.app.inject({
        method: "POST",
        url: `${CHECKOUT}/gateways/sandbox/webhook`,
        headers: { "content-type": "application/json", "pixl-gateway-signature": signature },
        payload,
      });
    expect((await send(body, "")).statusCode).toBe(400);
    expect((await send(body, signGatewayBody("wrong", body, t.clock.now()))).statusCode).toBe(400);
    expect((await send(body, signGatewayBody(SECRET, body, t.clock.now() - 10 * 60_000))).statusCode).toBe(
      400,
    );
    expect((await send(`${body} `, signGatewayBody(SECRET, body, t.clock.now()))).statusCode).toBe(400);
    const bad = "{not json";
    expect((await send(bad, signGatewayBody(SECRET, bad, t.clock.now()))).statusCode).toBe(400);
    const sig = signGatewayBody(SECRET, body, t.clock.now());
    const [first, second] = await Promise.all([send(body, sig), send(body, sig)]);
    const results = [first, second].map((r) => r.json<{ result: string }>().result).sort();
    expect(results).toEqual(["duplicate", "processed"]);
    expect(t.published.filter((p) => p.type === "order.received")).toHaveLength(1);
  });

  it("opens and resolves disputes; a lost one charges the order back", async () => {
    const out = await checkout(await basketWith([{ product_id: vip }]));
    const reference = new URL(out.data.payment?.redirect_url ?? "").pathname.split("/").pop() ?? "";
    await pay(out.data.payment?.redirect_url ?? "", "4000000000000259");
    const created = t.published.find((p) => p.type === "dispute.created");
    expect(created?.data).toMatchObject({ status: "open", amount: "20.00", reason: "fraudulent" });
    const dispute = (created?.data as { reference: string }).reference;
    const body = encodeSandboxEvent(
      { id: "evt_lost", type: "dispute.resolved", payment: reference, dispute, outcome: "lost" },
      t.clock.now(),
    );
    const r = await t.http.app.inject({
      method: "POST",
      url: `${CHECKOUT}/gateways/sandbox/webhook`,
      headers: {
        "content-type": "application/json",
        "pixl-gateway-signature": signGatewayBody(SECRET, body, t.clock.now()),
      },
      payload: body,
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(t.published.find((p) => p.type === "dispute.resolved")?.data).toMatchObject({ status: "lost" });
    const order = (await api("GET", `/orders/${out.data.order.id}`)).json.data;
    expect(order).toMatchObject({ status: "refunded", payment_status: "refunded", refunded_amount: "20.00" });
    const customer = (await api("GET", `/customers/${(order["customer"] as { id: number }).id}`)).json.data;
    expect(customer).toMatchObject({ total_orders: 0, total_spent: "0.00" });
  });

  it("refuses hostile, malformed and oversized basket input", async () => {
    const tok = await basketWith([]);
    const bad = async (path: string, body: unknown) => (await pub("POST", path, body)).status;
    expect(await bad(`/baskets/${tok}/items`, { product_id: vip, quantity: 101 })).toBe(422);
    expect(await bad(`/baskets/${tok}/items`, { product_id: vip, quantity: -1 })).toBe(422);
    expect(await bad(`/baskets/${tok}/items`, { product_id: vip, price: "0.01" })).toBe(422);
    expect(await bad(`/baskets/${tok}/items`, { product_id: 999999 })).toBe(422);
    expect(await bad(`/baskets/${tok}/items`, "{nope")).toBe(400);
    expect(await bad(`/baskets/${tok}/items`, { product_id: vip, quantity: "1; drop" })).toBe(422);
    expect((await pub("PATCH", `/baskets/${tok}`, { username: "Steve; op Eve" })).status).toBe(422);
    expect((await pub("PATCH", `/baskets/${tok}`, { username: "a".repeat(33) })).status).toBe(422);
    expect((await pub("PATCH", `/baskets/${tok}`, { discord_id: "<@1234>" })).status).toBe(422);
    expect((await pub("POST", "/baskets", "x".repeat(100_000))).status).toBe(413);
    expect((await pub("GET", "/baskets/bsk_guess")).status).toBe(404);
    expect((await pub("GET", `/baskets/bsk_${"A".repeat(43)}`)).status).toBe(404);
    // Another store cannot see the basket.
    await t.createStore({ subdomain: "beta" });
    const other = await t.http.app.inject({ method: "GET", url: `${CHECKOUT}/stores/beta/baskets/${tok}` });
    expect(other.statusCode).toBe(404);
    expect(
      (await t.http.app.inject({ method: "GET", url: `${CHECKOUT}/stores/nope/products` })).statusCode,
    ).toBe(404);
    // Empty basket and missing email.
    expect((await checkout(tok)).errors).toHaveProperty("items");
    const anonymous = (await pub("POST", "/baskets", {})).json().data["token"] as string;
    await pub("POST", `/baskets/${anonymous}/items`, { product_id: vip });
    expect((await checkout(anonymous)).errors).toHaveProperty("email");
  });

  it("refuses an expired coupon and a spent gift card even when the basket held them", async () => {
    await api("POST", "/coupons", {
      code: "SOON",
      type: "fixed_amount",
      value: "5.00",
      expires_at: new Date(t.clock.now() + 60_000).toISOString(),
    });
    const tok = await basketWith([{ product_id: vip }]);
    expect((await pub("POST", `/baskets/${tok}/coupon`, { code: "SOON" })).status).toBe(200);
    t.clock.advance(120_000);
    const out = await checkout(tok);
    expect(out.status).toBe(422);
    expect(out.errors?.["coupon"]).toEqual(["This coupon has expired."]);
    expect((await pub("POST", `/baskets/${tok}/coupon`, { code: "SOON" })).status).toBe(422);
  });

  it("lets exactly one of many racing checkouts take the last coupon use and the last gift card balance", async () => {
    await api("POST", "/coupons", { code: "LAST", type: "fixed_amount", value: "1.00", usage_limit: 1 });
    const card = (await api("POST", "/gift-cards", { initial_balance: "19.00" })).json.data;
    const baskets: string[] = [];
    for (let i = 0; i < 6; i++) {
      const tok = await basketWith([{ product_id: vip }], { email: `p${i}@example.com` });
      expect((await pub("POST", `/baskets/${tok}/coupon`, { code: "LAST" })).status).toBe(200);
      expect((await pub("POST", `/baskets/${tok}/gift-cards`, { code: card["code"] as string })).status).toBe(
        200,
      );
      baskets.push(tok);
    }
    const results = await Promise.all(baskets.map((b) => checkout(b)));
    const won = results.filter((r) => r.status === 201);
    expect(won).toHaveLength(1);
    expect(results.filter((r) => r.status === 422)).toHaveLength(5);
    expect(won[0]?.data.payment).toBeNull();
    expect(won[0]?.data.order).toMatchObject({ payment_status: "paid", discount: "1.00", total: "19.00" });
    expect((await api("GET", `/gift-cards/${card.id}`)).json.data["balance"]).toBe("0.00");
    expect(
      ((await api("GET", "/coupons")).json.data as unknown as { times_used: number }[])[0]?.times_used,
    ).toBe(1);
  });
});

describe.each(testDialects)("refunds of checkout orders on %s", (dialect) => {
  let t: StoreTestApp;
  let token: string;
  afterEach(async () => {
    await t.close();
  });

  it("returns a partial refund to the gateway first, then to the gift card", async () => {
    t = await createStoreTestApp(dialect, { sandboxGatewaySecret: SECRET });
    token = (await t.createStore({ subdomain: "alpha" })).token;
    const call = async (method: "GET" | "POST", path: string, body?: unknown) => {
      const r = await t.call(method, path, { token, ...(body === undefined ? {} : { body }) });
      return r.json() as { data: Record<string, unknown> & { id: number } };
    };
    const product = (await call("POST", "/products", { name: "Rank", price: "30.00" })).data.id;
    const card = (await call("POST", "/gift-cards", { initial_balance: "10.00" })).data;
    const inject = async (method: "POST", url: string, payload?: unknown) =>
      (
        await t.http.app.inject({
          method,
          url: `${CHECKOUT}/stores/alpha${url}`,
          ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
        })
      ).json<{ data: Record<string, unknown> }>().data;
    const tok = (await inject("POST", "/baskets", { email: "r@example.com" }))["token"] as string;
    await inject("POST", `/baskets/${tok}/items`, { product_id: product });
    await inject("POST", `/baskets/${tok}/gift-cards`, { code: card["code"] as string });
    const out = (await inject("POST", `/baskets/${tok}/checkout`)) as unknown as Checkout;
    const url = new URL(out.payment?.redirect_url ?? "").pathname;
    await t.http.app.inject({
      method: "POST",
      url,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: "card_number=4242424242424242&exp=12%2F30&cvc=123",
    });
    // 30.00 = 20.00 by card + 10.00 by gift card. Refund 25.00: 20.00 to the card, 5.00 to the gift card.
    const refunded = await call("POST", `/orders/${out.order.id}/refund`, { amount: "25.00" });
    expect(refunded.data).toMatchObject({ refunded_amount: "25.00", payment_status: "paid" });
    expect((await call("GET", `/gift-cards/${card.id}`)).data).toMatchObject({
      balance: "5.00",
      status: "active",
    });
    const rest = await call("POST", `/orders/${out.order.id}/refund`, {});
    expect(rest.data).toMatchObject({
      refunded_amount: "30.00",
      payment_status: "refunded",
      status: "refunded",
    });
    expect((await call("GET", `/gift-cards/${card.id}`)).data["balance"]).toBe("10.00");
  });
});
