// Per-customer coupon rules under concurrency on both engines: N parallel checkouts by one buyer never exceed
// `usage_limit_per_customer`, a first-order coupon is taken by one of them, and a failed payment gives its use back.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createStoreTestApp, type StoreTestApp } from "./fixtures/store-api-harness.js";
import { testDialects } from "./support/databases.js";

const CHECKOUT = "/api/checkout/v1/stores/alpha";
const PARALLEL = 8;

describe.each(testDialects)("coupon races on %s", (dialect) => {
  let t: StoreTestApp;
  let token: string;
  let product: number;

  beforeEach(async () => {
    t = await createStoreTestApp(dialect, {
      sandboxGatewaySecret: "s",
      checkoutRateLimits: { perIp: 10_000, checkoutsPerIp: 10_000 },
    });
    token = (await t.createStore({ subdomain: "alpha" })).token;
    product = (
      (await t.call("POST", "/products", { token, body: { name: "VIP", price: "10.00" } })).json() as {
        data: { id: number };
      }
    ).data.id;
  });
  afterEach(async () => {
    await t.close();
  });

  const pub = async (url: string, payload?: Record<string, unknown>) => {
    const r = await t.http.app.inject({
      method: "POST",
      url: `${CHECKOUT}${url}`,
      ...(payload ? { payload } : {}),
    });
    return {
      status: r.statusCode,
      body: r.json<{ data: Record<string, unknown>; errors?: Record<string, string[]> }>(),
    };
  };
  /** `n` open baskets of one buyer, each holding the product and the coupon. */
  const baskets = async (n: number, email: string, code: string) => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const tok = (await pub("/baskets", { email })).body.data["token"] as string;
      await pub(`/baskets/${tok}/items`, { product_id: product });
      expect((await pub(`/baskets/${tok}/coupon`, { code })).status).toBe(200);
      out.push(tok);
    }
    return out;
  };
  const redemptions = async () =>
    (
      await t.db.database.kysely
        .selectFrom("store_coupon_redemptions")
        .select((eb) => eb.fn.countAll<number | string>().as("n"))
        .executeTakeFirstOrThrow()
    ).n;

  it(`lets ${PARALLEL} parallel checkouts of one customer use the coupon no more than its per-customer limit`, async () => {
    await t.call("POST", "/coupons", {
      token,
      body: { code: "TWICE", type: "percentage", value: "10", usage_limit_per_customer: 2 },
    });
    // A returning customer (known before the race) and a new one (created by the race itself).
    for (const email of ["known@example.com", "new@example.com"]) {
      if (email.startsWith("known"))
        expect((await t.call("POST", "/customers", { token, body: { email } })).status).toBe(201);
      const before = Number(await redemptions());
      const results = await Promise.all(
        (await baskets(PARALLEL, email, "TWICE")).map((tok) => pub(`/baskets/${tok}/checkout`)),
      );
      const won = results.filter((r) => r.status === 201);
      expect(won, email).toHaveLength(2);
      const lost = results.filter((r) => r.status !== 201);
      expect(lost.every((r) => r.status === 422)).toBe(true);
      for (const r of lost) expect(r.body.errors?.["coupon"]).toEqual(["You have already used this coupon."]);
      expect(Number(await redemptions()) - before).toBe(2);
    }
    const customers = (await t.call("GET", "/customers", { token })).json() as { meta: { total: number } };
    expect(customers.meta.total).toBe(2); // the new customer was created once, not once per checkout
  });

  it("gives a customer's use back when the payment fails, so one more checkout may use it", async () => {
    await t.call("POST", "/coupons", {
      token,
      body: { code: "ONCE", type: "fixed_amount", value: "1.00", usage_limit_per_customer: 1 },
    });
    const results = await Promise.all(
      (await baskets(4, "p@example.com", "ONCE")).map((tok) => pub(`/baskets/${tok}/checkout`)),
    );
    const [won, ...others] = [...results].sort((a, b) => a.status - b.status);
    expect([won?.status, ...others.map((o) => o.status)]).toEqual([201, 422, 422, 422]);
    const url = (won?.body.data["payment"] as { redirect_url: string }).redirect_url;
    const declined = await t.http.app.inject({
      method: "POST",
      url: new URL(url).pathname,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: "card_number=4000000000000002&exp=12%2F40&cvc=123",
    });
    expect(declined.statusCode).toBe(402);
    expect(Number(await redemptions())).toBe(0);
    const again = await Promise.all(
      (await baskets(3, "p@example.com", "ONCE")).map((tok) => pub(`/baskets/${tok}/checkout`)),
    );
    expect(again.filter((r) => r.status === 201)).toHaveLength(1);
  });

  it("lets one of several parallel checkouts of a new customer take a first-order coupon", async () => {
    await t.call("POST", "/coupons", {
      token,
      body: { code: "WELCOME", type: "percentage", value: "50", first_order_only: true },
    });
    const results = await Promise.all(
      (await baskets(6, "first@example.com", "WELCOME")).map((tok) => pub(`/baskets/${tok}/checkout`)),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 201))
      expect(r.body.errors?.["coupon"]).toEqual(["This coupon is for first orders only."]);
  });
});
