// The public checkout's budgets on both engines: per IP, per store (by path or Host), checkouts per IP — each a
// 429 in the Store API's error format with Retry-After — and the limits on basket size, quantities and fields.
import { afterEach, describe, expect, it } from "vitest";
import { createStoreTestApp, type StoreTestApp } from "./fixtures/store-api-harness.js";
import { testDialects } from "./support/databases.js";
import type { CheckoutRateLimits } from "../src/store/checkout/checkout-rate-limit.js";
import { createApiToken } from "../src/store/tokens/token.service.js";

const CHECKOUT = "/api/checkout/v1";

describe.each(testDialects)("checkout limits on %s", (dialect) => {
  let t: StoreTestApp;
  let token: string;
  afterEach(async () => {
    await t.close();
  });

  async function start(limits: Partial<CheckoutRateLimits>) {
    t = await createStoreTestApp(dialect, { checkoutRateLimits: limits, sandboxGatewaySecret: "s" });
    const { store } = await t.createStore({ subdomain: "alpha" });
    // The set-up makes ~60 admin calls: more than a default token's budget of 60 a minute.
    token = (
      await createApiToken(
        t.db.database.kysely,
        store.id,
        { name: "setup", scopes: ["*"], rateLimit: 1000 },
        t.clock,
      )
    ).secret;
    await t.createStore({ subdomain: "beta" });
  }
  const send = (
    method: "GET" | "POST" | "PUT",
    url: string,
    options: { ip?: string; host?: string; body?: unknown } = {},
  ) =>
    t.http.app.inject({
      method,
      url: url.startsWith("/") && !url.startsWith("/api") ? `${CHECKOUT}${url}` : url,
      remoteAddress: options.ip ?? "203.0.113.1",
      headers: {
        ...(options.host === undefined ? {} : { host: options.host }),
        ...(options.body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(options.body === undefined
        ? {}
        : { payload: typeof options.body === "string" ? options.body : JSON.stringify(options.body) }),
    });
  const product = async (body: Record<string, unknown> = {}) =>
    (
      (await t.call("POST", "/products", { token, body: { name: "P", price: "1.00", ...body } })).json() as {
        data: { id: number };
      }
    ).data.id;

  it("refuses an IP past its budget with a 429 and Retry-After, and lets it in again next window", async () => {
    await start({ perIp: 3 });
    for (const remaining of [2, 1, 0]) {
      const r = await send("GET", "/stores/alpha/products");
      expect(r.statusCode).toBe(200);
      expect(r.headers["x-ratelimit-limit"]).toBe("3");
      expect(r.headers["x-ratelimit-remaining"]).toBe(String(remaining));
    }
    const refused = await send("POST", "/stores/alpha/baskets", { body: {} });
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toEqual({
      success: false,
      error: "Too Many Requests",
      message: expect.stringMatching(/^Too many requests\. Retry in \d+ seconds\.$/) as unknown,
    });
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
    expect(Number(refused.headers["retry-after"])).toBeLessThanOrEqual(60);
    expect(refused.headers["x-ratelimit-reset"]).toMatch(/^\d+$/);
    // The hosted payment pages share the budget (card testing); other IPs are unaffected.
    expect((await send("GET", `/sandbox/pay/pay_sbx_${"a".repeat(24)}`)).statusCode).toBe(429);
    expect((await send("GET", "/stores/alpha/products", { ip: "203.0.113.2" })).statusCode).toBe(200);
    t.clock.advance(60_000);
    expect((await send("GET", "/stores/alpha/products")).statusCode).toBe(200);
  });

  it("caps the requests one store takes from everyone, by path or by Host", async () => {
    await start({ perIp: 1000, perStore: 3 });
    expect((await send("GET", "/stores/alpha/products", { ip: "198.51.100.1" })).statusCode).toBe(200);
    expect((await send("GET", "/products", { ip: "198.51.100.2", host: "alpha.localhost" })).statusCode).toBe(
      200,
    );
    expect((await send("GET", "/stores/alpha/categories", { ip: "198.51.100.3" })).statusCode).toBe(200);
    const refused = await send("GET", "/products", { ip: "198.51.100.4", host: "alpha.localhost" });
    expect(refused.statusCode).toBe(429);
    expect(refused.headers["retry-after"]).toBeDefined();
    expect((await send("GET", "/stores/beta/products", { ip: "198.51.100.4" })).statusCode).toBe(200);
  });

  it("allows few checkouts per IP: the one refused creates no order and holds nothing", async () => {
    await start({ checkoutsPerIp: 2 });
    const id = await product({ stock: 5 });
    const checkout = async () => {
      const b = await send("POST", "/stores/alpha/baskets", { body: { email: "c@example.com" } });
      const tok = b.json<{ data: { token: string } }>().data.token;
      await send("POST", `/stores/alpha/baskets/${tok}/items`, { body: { product_id: id } });
      return (await send("POST", `/stores/alpha/baskets/${tok}/checkout`)).statusCode;
    };
    expect([await checkout(), await checkout(), await checkout()]).toEqual([201, 201, 429]);
    const orders = (await t.call("GET", "/orders", { token })).json() as { meta: { total: number } };
    expect(orders.meta.total).toBe(2);
    expect(
      ((await t.call("GET", `/products/${id}`, { token })).json() as { data: { stock: number } }).data.stock,
    ).toBe(3);
  });

  it("limits basket lines, quantities, gift cards, codes, identity fields and body size", async () => {
    await start({ perIp: 10_000 });
    const ids: number[] = [];
    ids.push(...(await Promise.all(Array.from({ length: 51 }, (_, i) => product({ name: `P${i}` })))));
    const tok = (await send("POST", "/stores/alpha/baskets", { body: {} })).json<{
      data: { token: string };
    }>().data.token;
    const path = `/stores/alpha/baskets/${tok}`;
    for (const id of ids.slice(0, 50))
      expect((await send("POST", `${path}/items`, { body: { product_id: id } })).statusCode).toBe(200);
    const lines = await send("POST", `${path}/items`, { body: { product_id: ids[50] } });
    expect(lines.statusCode).toBe(422);
    expect(lines.json<{ errors: Record<string, string[]> }>().errors).toEqual({
      product_id: ["A basket holds at most 50 products."],
    });
    expect((await send("PUT", `${path}/items/${ids[0]}`, { body: { quantity: 101 } })).statusCode).toBe(422);
    expect((await send("PUT", `${path}/items/${ids[0]}`, { body: { quantity: 100 } })).statusCode).toBe(200);
    for (let i = 0; i < 5; i++) {
      const card = (
        await t.call("POST", "/gift-cards", { token, body: { initial_balance: "1.00" } })
      ).json() as {
        data: { code: string };
      };
      expect((await send("POST", `${path}/gift-cards`, { body: { code: card.data.code } })).statusCode).toBe(
        200,
      );
    }
    const sixth = (
      await t.call("POST", "/gift-cards", { token, body: { initial_balance: "1.00" } })
    ).json() as {
      data: { code: string };
    };
    expect((await send("POST", `${path}/gift-cards`, { body: { code: sixth.data.code } })).statusCode).toBe(
      422,
    );
    expect((await send("POST", `${path}/coupon`, { body: { code: "C".repeat(65) } })).statusCode).toBe(422);
    expect((await send("POST", `${path}/coupon`, { body: { code: "" } })).statusCode).toBe(422);
    const long = `${"a".repeat(250)}@example.com`;
    expect((await send("POST", "/stores/alpha/baskets", { body: { email: long } })).statusCode).toBe(422);
    expect(
      (await send("POST", "/stores/alpha/baskets", { body: { steam_id: "1".repeat(18) } })).statusCode,
    ).toBe(422);
    const big = JSON.stringify({ email: "a@example.com", pad: "x".repeat(20_000) });
    expect((await send("POST", "/stores/alpha/baskets", { body: big })).statusCode).toBe(413);
  });
});
