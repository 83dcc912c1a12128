// The Store examples (examples/, mirroring pixlpay-python-examples.txt) against a live Pixl server: what each
// prints and does; the receivers get real deliveries (every seed event, tampered, unsigned, redelivered).
import type http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analytics } from "../examples/analytics.js";
import { asyncClient } from "../examples/async-client.js";
import { creatingWebhooks } from "../examples/creating-webhooks.js";
import { errorHandling } from "../examples/error-handling.js";
import { fetchingOrders } from "../examples/fetching-orders.js";
import { fetchingProducts } from "../examples/fetching-products.js";
import { fulfillingOrders } from "../examples/fulfilling-orders.js";
import { connectRedis } from "../examples/support/redis-resp.js";
import { serveFetch } from "../examples/support/serve-fetch.js";
import { createExpressReceiver } from "../examples/webhook-express.js";
import { createRouteHandler } from "../examples/webhook-fetch-handler.js";
import { createFastifyReceiver } from "../examples/webhook-fastify.js";
import { createIdempotentReceiver } from "../examples/webhook-idempotency.js";
import { createPlainReceiver } from "../examples/webhook-signature.js";
import { freePort } from "../../server/test/support/processes.js";
import { createAgentClient, createStoreClient, type StoreClient } from "../src/index.js";
import { startLiveServer, waitFor, type LiveServer } from "./support/live-server.js";

const today = new Date().toISOString().slice(0, 10);
const seedEvents = [
  "order.received",
  "order.refunded",
  "subscription.created",
  "subscription.cancelled",
  "delivery.completed",
  "delivery.failed",
  "product.created",
] as const;

function printer() {
  const lines: string[] = [];
  return { lines, print: (l: string) => void lines.push(l) };
}

describe("the Store examples against a live server", () => {
  let server: LiveServer;
  let store: StoreClient;
  let env: Record<string, string>;
  let productId: number;
  const closers: (() => Promise<void> | void)[] = [];
  beforeAll(async () => {
    server = await startLiveServer("sqlite");
    const s = await server.createStore("examples");
    env = { PIXL_URL: server.url, PIXLPAY_TOKEN: s.token };
    store = createStoreClient({ url: server.url, token: s.token });
    productId = (await store.products.create({ name: "Bronze", price: "4.99" })).id;
    await store.products.create({ name: "Silver", price: "9.99", stock: 3 });
  });
  afterAll(async () => {
    for (const close of closers) await close();
    await server.close();
  });

  it("fetching products prints every product with its price, then one product", async () => {
    const out = printer();
    const product = await fetchingProducts({ ...env, PRODUCT_ID: String(productId) }, out.print);
    expect(product.name).toBe("Bronze");
    // Newest first, as the API lists them.
    expect(out.lines).toEqual([
      "Silver - $9.99",
      "Bronze - $4.99",
      "Single product: Bronze (digital, stock unlimited)",
    ]);
  });

  it("fetching orders prints the pending ones with their customer, and counts orders by date", async () => {
    const pending = await store.orders.create({
      customer: { email: "steve@example.com" },
      items: [{ product_id: productId, quantity: 1 }],
    });
    const out = printer();
    await fetchingOrders({ ...env, FROM: today, TO: today }, out.print);
    expect(out.lines).toEqual([
      `Order #${pending.order_number} - steve@example.com`,
      `1 orders from ${today} to ${today}`,
    ]);
    const none = printer();
    await fetchingOrders({ ...env, FROM: "2020-01-01", TO: "2020-01-31" }, none.print);
    expect(none.lines.at(-1)).toBe("0 orders from 2020-01-01 to 2020-01-31");
  });

  it("fulfilling an order marks it completed with the note, and analytics show its revenue", async () => {
    const order = await store.orders.create({
      customer: { email: "alex@example.com" },
      items: [{ product_id: productId, quantity: 2 }],
      status: "processing",
      payment_status: "paid",
    });
    const out = printer();
    const fulfilled = await fulfillingOrders({ ...env, ORDER_ID: String(order.id) }, out.print);
    expect(out.lines).toEqual(["Order fulfilled successfully!"]);
    expect(fulfilled.status).toBe("completed");
    expect((await store.orders.get(order.id)).status).toBe("completed");

    const figures = printer();
    const revenue = await analytics({ ...env, FROM: today, TO: today }, figures.print);
    expect(revenue.total_revenue).toBe("9.98");
    expect(figures.lines).toEqual(["Revenue: $9.98", "Orders: 1", "AOV: $9.98"]);
    const concurrent = printer();
    await asyncClient(env, concurrent.print);
    expect(concurrent.lines[1]).toBe("2 orders, revenue $9.98");
    expect(JSON.parse(concurrent.lines[0] ?? "{}")).toMatchObject({ total: 2 });
  });

  it("error handling prints the API's message and what to do, per status", async () => {
    const out = printer();
    await errorHandling(env, out.print);
    expect(out.lines).toEqual(["Error: Product not found", "Resource not found"]);
    const badToken = printer();
    await errorHandling({ ...env, PIXLPAY_TOKEN: "sk_live_wrong" }, badToken.print);
    expect(badToken.lines[1]).toBe("Check your API token");
    expect(badToken.lines[0]).toMatch(/^Error: /);
  });

  it(
    "the receivers verify real deliveries, dispatch every seed event, refuse tampered or unsigned ones, and run a redelivery once",
    { timeout: 60_000 },
    async () => {
      const redis = await connectRedis();
      closers.push(() => redis.close());
      const receivers: Record<string, { port: number; path: string; out: ReturnType<typeof printer> }> = {};
      // Each receiver gets a webhook made by the creating-webhooks example (its secret printed once), then
      // subscribed to every event the seed's handlers know.
      const start = async (
        name: string,
        path: string,
        listen: (secret: string, port: number, out: ReturnType<typeof printer>) => Promise<void>,
      ) => {
        const port = await freePort();
        const created = printer();
        const hook = await creatingWebhooks(
          { ...env, WEBHOOK_URL: `http://127.0.0.1:${port}${path}` },
          created.print,
        );
        expect(created.lines).toEqual([`Webhook created! Secret: ${hook.secret}`]);
        expect(hook.events).toEqual(["order.received", "order.refunded", "subscription.cancelled"]);
        await store.webhooks.update(hook.id, { events: [...seedEvents] });
        const out = printer();
        await listen(hook.secret, port, out);
        receivers[name] = { port, path, out };
        return hook;
      };
      const onPort = (s: http.Server, port: number) =>
        new Promise<void>((r) => {
          s.listen(port, "127.0.0.1", r);
          closers.push(() => void s.close());
        });
      await start("plain", "/hook", (secret, port, out) =>
        onPort(createPlainReceiver({ PIXLPAY_WEBHOOK_SECRET: secret }, out.print), port),
      );
      await start(
        "express",
        "/webhooks/pixlpay",
        (secret, port, out) =>
          new Promise<void>((r) => {
            const s = createExpressReceiver({ PIXLPAY_WEBHOOK_SECRET: secret }, out.print).listen(
              port,
              "127.0.0.1",
              r,
            );
            closers.push(() => void s.close());
          }),
      );
      const idempotentHook = await start(
        "idempotent",
        "/webhooks/pixlpay",
        (secret, port, out) =>
          new Promise<void>((r) => {
            const s = createIdempotentReceiver(redis, { PIXLPAY_WEBHOOK_SECRET: secret }, out.print).listen(
              port,
              "127.0.0.1",
              r,
            );
            closers.push(() => void s.close());
          }),
      );
      await start("fetch", "/webhooks/pixlpay", (secret, port, out) =>
        onPort(serveFetch(createRouteHandler({ PIXLPAY_WEBHOOK_SECRET: secret }, out.print)), port),
      );
      await start("fastify", "/webhooks/pixlpay", async (secret, port, out) => {
        const app = createFastifyReceiver({ PIXLPAY_WEBHOOK_SECRET: secret }, out.print);
        await app.listen({ port, host: "127.0.0.1" });
        closers.push(() => app.close());
      });

      // Every event the seed's handlers name, for real: orders, a refund, a subscription, deliveries.
      const srv = (await store.deliveryServers.create({ name: "Survival" })) as {
        id: number;
        server_secret: string;
        store_secret: string;
      };
      const kit = await store.products.create({ name: "Kit", price: "2.00" });
      await store.productCommands.create(kit.id, { server_id: srv.id, command: "give {player} kit" });
      const buy = () =>
        store.orders.create({
          customer: { email: "jeb@example.com" },
          items: [{ product_id: kit.id, quantity: 1 }],
          status: "processing",
          payment_status: "paid",
          metadata: { player: "Jeb" },
        });
      const first = await buy();
      const second = await buy();
      const agent = createAgentClient({
        url: server.url,
        storeSecret: srv.store_secret,
        serverSecret: srv.server_secret,
      });
      const [c1, c2] = await agent.pending();
      await agent.confirm(c1?.id ?? 0);
      await agent.fail(c2?.id ?? 0, "inventory full");
      await store.orders.refund(first.id, { amount: "1.00", reason: "goodwill" });
      const plan = await store.products.create({ name: "VIP Monthly", price: "5.00", type: "subscription" });
      const customer = await store.customers.create({ email: "sub@example.com" });
      const sub = await store.subscriptions.create({ customer_id: customer.id, product_id: plan.id });
      await store.subscriptions.cancel(sub.id, { reason: "test" });

      const expected = [
        `Order received: ${first.order_number}`,
        `Order received: ${second.order_number}`,
        `Delivery completed: ${c1?.id ?? 0}`,
        `Delivery failed: ${c2?.id ?? 0}`,
        `Order refunded: ${first.order_number}`,
        `Subscription created: ${sub.id}`,
        `Subscription cancelled: ${sub.id}`,
        "Unhandled event type: product.created",
      ];
      for (const name of ["express", "idempotent", "fetch", "fastify"]) {
        const r = receivers[name];
        await waitFor(`${name} handled every event`, () =>
          Promise.resolve(expected.every((l) => r?.out.lines.includes(l)) ? true : undefined),
        );
      }
      const plain = receivers["plain"]?.out.lines ?? [];
      await waitFor("the plain receiver", () => Promise.resolve(plain.length >= 9 ? true : undefined));
      expect(plain).toContain("Verified order.received");

      // Tampered, unsigned and another secret's deliveries are refused before anything runs.
      const delivered = (await store.webhooks.deliveries(idempotentHook.id)).data;
      const sample = await store.webhooks.getDelivery(idempotentHook.id, delivered[0]?.id ?? "");
      for (const name of ["plain", "express", "idempotent", "fetch", "fastify"]) {
        const r = receivers[name];
        const before = r?.out.lines.length ?? 0;
        const forged: Record<string, string>[] = [{ "x-webhook-signature": "0".repeat(64) }, {}];
        for (const headers of forged) {
          const res = await fetch(`http://127.0.0.1:${r?.port ?? 0}${r?.path ?? ""}`, {
            method: "POST",
            headers: { "content-type": "application/json", "x-webhook-id": "wh_del_forged", ...headers },
            body: sample.request_body,
          });
          expect(res.status, name).toBe(401);
        }
        if (name !== "plain") expect(r?.out.lines.length, name).toBe(before);
      }

      // A redelivery carries the same X-Webhook-ID: the idempotent receivers answer without running again.
      const orderDelivery = delivered.find((d) => d.event_type === "order.received");
      const out = receivers["idempotent"]?.out.lines ?? [];
      const count = () =>
        out.filter(
          (l) =>
            l === `Order received: ${first.order_number}` || l === `Order received: ${second.order_number}`,
        ).length;
      expect(count()).toBe(2);
      await store.webhooks.redeliver(idempotentHook.id, orderDelivery?.id ?? "");
      await waitFor("the redelivery", async () => {
        const d = await store.webhooks.getDelivery(idempotentHook.id, orderDelivery?.id ?? "");
        return d.status === "delivered" && d.attempts >= 2 ? d : undefined;
      });
      expect(count()).toBe(2);
    },
  );
});
