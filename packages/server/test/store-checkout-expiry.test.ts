// Unpaid checkouts expire on both engines under a fake clock: the order is cancelled, the coupon use, gift card
// amount and stock come back, the basket reopens, payment.failed is published, and a late card or gateway
// event changes nothing. Then the same through the app's job queue, as `pixl serve` runs it.
import { afterEach, describe, expect, it } from "vitest";
import type { App } from "../src/app.js";
import { createApp } from "../src/app.js";
import { createFakeClock } from "../src/core/clock.js";
import { loadConfig } from "../src/core/config/index.js";
import { createLogger } from "../src/core/logging/logger.js";
import { createStoreTestApp, type StoreTestApp } from "./fixtures/store-api-harness.js";
import { createTestDatabase, testDialects, type TestDatabase } from "./support/databases.js";
import { createTestEnv } from "./support/test-app.js";
import { waitFor } from "./support/wait.js";
import { createStoreWithToken } from "../src/store/stores/store.service.js";
import { createSandboxGateway, encodeSandboxEvent } from "../src/store/payments/sandbox-gateway.js";
import { signGatewayBody } from "../src/store/payments/gateway.js";
import { createDeliveryScheduler } from "../src/store/deliveries/delivery-scheduler.js";
import { expireUnpaidCheckouts } from "../src/store/checkout/checkout-expiry.service.js";
import type { PublishEvent } from "../src/store/store-api.deps.js";

const MINUTE = 60_000;
const SECRET = "expiry-sandbox-secret";
const CHECKOUT = "/api/checkout/v1/stores/alpha";

describe.each(testDialects)("unpaid checkout expiry on %s", (dialect) => {
  let t: StoreTestApp;
  afterEach(async () => {
    await t.close();
  });

  it("cancels a checkout left unpaid, gives its holds back and refuses late payments", async () => {
    t = await createStoreTestApp(dialect, {
      sandboxGatewaySecret: SECRET,
      publicUrl: "https://shop.example",
    });
    const { token } = await t.createStore({ subdomain: "alpha" });
    const api = async (method: "GET" | "POST", path: string, body?: unknown) =>
      (
        (await t.call(method, path, { token, ...(body === undefined ? {} : { body }) })).json() as {
          data: Record<string, unknown> & { id: number };
        }
      ).data;
    const pub = async (method: "GET" | "POST", url: string, payload?: Record<string, unknown>) => {
      const r = await t.http.app.inject({
        method,
        url: `${CHECKOUT}${url}`,
        ...(payload ? { payload } : {}),
      });
      return { status: r.statusCode, data: r.json<{ data: Record<string, unknown> }>().data };
    };
    const pay = (url: string) =>
      t.http.app.inject({
        method: "POST",
        url: new URL(url).pathname,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        payload: "card_number=4242424242424242&exp=12%2F40&cvc=123",
      });
    const product = (await api("POST", "/products", { name: "Key", price: "10.00", stock: 3 })).id;
    await api("POST", "/coupons", { code: "LAST", type: "fixed_amount", value: "1.00", usage_limit: 1 });
    const card = await api("POST", "/gift-cards", { initial_balance: "4.00" });
    const basket = async (email: string, extras: boolean) => {
      const tok = (await pub("POST", "/baskets", { email })).data["token"] as string;
      await pub("POST", `/baskets/${tok}/items`, { product_id: product });
      if (extras) {
        expect((await pub("POST", `/baskets/${tok}/coupon`, { code: "LAST" })).status).toBe(200);
        expect(
          (await pub("POST", `/baskets/${tok}/gift-cards`, { code: card["code"] as string })).status,
        ).toBe(200);
      }
      const out = await pub("POST", `/baskets/${tok}/checkout`);
      expect(out.status).toBe(201);
      return { tok, ...(out.data as { order: { id: number }; payment: { redirect_url: string } }) };
    };
    const publish: PublishEvent = (_db, storeId, type, data) => {
      t.published.push({ storeId, type, data });
      return Promise.resolve();
    };
    const expire = () =>
      expireUnpaidCheckouts(
        {
          database: t.db.database,
          clock: t.clock,
          publish,
          deliveries: createDeliveryScheduler({ clock: t.clock, publish }),
          gateway: createSandboxGateway({ secret: SECRET, publicUrl: "http://x", now: () => t.clock.now() }),
          scheduleRenewal: () => Promise.resolve(),
        },
        60 * MINUTE,
      );

    const left = await basket("left@example.com", true);
    const paid = await basket("paid@example.com", false);
    expect((await pay(paid.payment.redirect_url)).statusCode).toBe(200);
    t.clock.advance(30 * MINUTE);
    const later = await basket("later@example.com", false); // younger: not due with the first
    t.clock.advance(30 * MINUTE - 1);
    expect(await expire()).toBe(0);
    expect((await api("GET", `/products/${product}`))["stock"]).toBe(0);
    t.published.length = 0;
    t.clock.advance(1);
    expect(await expire()).toBe(1);
    expect(await expire()).toBe(0);

    expect(await api("GET", `/orders/${left.order.id}`)).toMatchObject({
      status: "cancelled",
      payment_status: "failed",
    });
    expect(t.published.map((p) => p.type)).toEqual(["payment.failed"]);
    expect(t.published[0]?.data).toMatchObject({ id: left.order.id, status: "cancelled" });
    expect(await api("GET", `/gift-cards/${card.id}`)).toMatchObject({ balance: "4.00", status: "active" });
    expect(((await api("GET", "/coupons")) as unknown as { times_used: number }[])[0]?.times_used).toBe(0);
    expect((await api("GET", `/products/${product}`))["stock"]).toBe(1);
    expect((await api("GET", `/orders/${paid.order.id}`))["payment_status"]).toBe("paid");
    expect((await api("GET", `/orders/${later.order.id}`))["status"]).toBe("pending");
    // The hosted page is closed; a late card changes nothing; a late gateway event neither.
    expect((await pay(left.payment.redirect_url)).body).toContain("no longer");
    const reference = new URL(left.payment.redirect_url).pathname.split("/").pop() ?? "";
    const body = encodeSandboxEvent(
      { id: "evt_late", type: "payment.succeeded", payment: reference },
      t.clock.now(),
    );
    await t.http.app.inject({
      method: "POST",
      url: "/api/checkout/v1/gateways/sandbox/webhook",
      headers: {
        "content-type": "application/json",
        "pixl-gateway-signature": signGatewayBody(SECRET, body, t.clock.now()),
      },
      payload: body,
    });
    expect((await api("GET", `/orders/${left.order.id}`))["status"]).toBe("cancelled");
    // The basket reopened with its coupon and gift card: the buyer checks out again and pays.
    expect((await pub("GET", `/baskets/${left.tok}`)).data).toMatchObject({
      status: "open",
      amount_due: "5.00",
    });
    const again = await pub("POST", `/baskets/${left.tok}/checkout`);
    expect(again.status).toBe(201);
    const url = (again.data as { payment: { redirect_url: string } }).payment.redirect_url;
    expect((await pay(url)).statusCode).toBe(200);
    expect(((await api("GET", "/coupons")) as unknown as { times_used: number }[])[0]?.times_used).toBe(1);
  });
});

describe("unpaid checkout expiry in the app", () => {
  let db: TestDatabase | undefined;
  let app: App | undefined;
  afterEach(async () => {
    await app?.close();
    await db?.dispose();
  });

  it("is swept by the job queue after PIXL_CHECKOUT_EXPIRY_MINUTES", async () => {
    db = await createTestDatabase("sqlite");
    const clock = createFakeClock(Date.UTC(2025, 0, 20, 12));
    app = createApp(loadConfig(createTestEnv(db, { PIXL_CHECKOUT_EXPIRY_MINUTES: "15" })), {
      logger: createLogger({ level: "silent" }),
      clock,
    });
    await app.prepareDatabase();
    await app.startWorker();
    const running = app;
    const { token } = await createStoreWithToken(app.database, { subdomain: "alpha" }, clock);
    const inject = async (method: "GET" | "POST", url: string, payload?: unknown, auth = false) =>
      (
        await running.http.app.inject({
          method,
          url,
          headers: auth ? { authorization: `Bearer ${token}` } : {},
          ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
        })
      ).json<{ data: Record<string, unknown> & { id: number } }>().data;
    const product = await inject("POST", "/api/external/v1/products", { name: "VIP", price: "5.00" }, true);
    const tok = (await inject("POST", `${CHECKOUT}/baskets`, { email: "a@example.com" }))["token"] as string;
    await inject("POST", `${CHECKOUT}/baskets/${tok}/items`, { product_id: product.id });
    const order = (
      (await inject("POST", `${CHECKOUT}/baskets/${tok}/checkout`)) as unknown as { order: { id: number } }
    ).order;
    const status = async () =>
      (await inject("GET", `/api/external/v1/orders/${order.id}`, undefined, true))["status"];
    clock.advance(14 * MINUTE);
    expect(await status()).toBe("pending");
    clock.advance(2 * MINUTE); // past the expiry and the next sweep
    await waitFor("the sweep", async () => ((await status()) === "cancelled" ? true : undefined), 10_000);
  });
});
