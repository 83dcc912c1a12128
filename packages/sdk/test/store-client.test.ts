// The Store client against a live Pixl server on loopback: every endpoint, paging iterators, typed errors,
// idempotency keys and bounded 429 retries, on both engines.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AuthenticationError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  StoreApiError,
  ValidationError,
  STORE_API_PATH,
  createStoreClient,
  type StoreClient,
} from "../src/index.js";
import { startLiveServer, testDialects, type LiveServer } from "./support/live-server.js";

// A 1×1 PNG.
const PNG = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="),
  (c) => c.charCodeAt(0),
);

describe.each(testDialects)("Store client against a live server on %s", (dialect) => {
  let server: LiveServer;
  let store: StoreClient;
  beforeAll(async () => {
    server = await startLiveServer(dialect, { worker: false });
    const s = await server.createStore("alpha");
    store = createStoreClient({ url: server.url, token: s.token });
  });
  afterAll(async () => {
    await server.close();
  });

  it("covers the catalogue: categories, products, images, with paging and iterators", async () => {
    const category = await store.categories.create({ name: "Ranks" });
    expect(category).toMatchObject({ name: "Ranks", slug: "ranks" });
    expect(await store.categories.get(category.id)).toMatchObject({ id: category.id });
    expect((await store.categories.update(category.id, { name: "Ranks 2" })).name).toBe("Ranks 2");
    expect((await store.categories.patch(category.id, { description: "All ranks" })).description).toBe(
      "All ranks",
    );
    expect((await store.categories.list()).data.map((c) => c.id)).toContain(category.id);
    const names: string[] = [];
    for (let i = 0; i < 7; i++) {
      const p = await store.products.create({ name: `Rank ${i}`, price: "4.99", category_id: category.id });
      names.push(p.name);
    }
    const first = await store.products.list({ per_page: 3, sort: "name", order: "asc" });
    expect(first.meta).toMatchObject({ current_page: 1, per_page: 3, total: 7, last_page: 3 });
    expect(first.data).toHaveLength(3);
    const all: string[] = [];
    for await (const p of store.products.iterate({ per_page: 2, sort: "name", order: "asc" }))
      all.push(p.name);
    expect(all).toEqual([...names].sort());
    const seen: number[] = [];
    for await (const c of store.categories.iterate({ per_page: 1 })) seen.push(c.id);
    expect(seen).toEqual([category.id]);

    const product = await store.products.create({ name: "VIP", price: "29.99", stock: 5 });
    expect(await store.products.get(product.id)).toMatchObject({ name: "VIP", price: "29.99", stock: 5 });
    expect((await store.products.update(product.id, { name: "VIP+", price: "39.99" })).price).toBe("39.99");
    expect((await store.products.patch(product.id, { stock: null })).stock).toBeNull();
    const image = await store.products.uploadImage(product.id, new Blob([PNG], { type: "image/png" }), {
      is_primary: true,
    });
    expect(image).toMatchObject({ is_primary: true });
    expect((await store.products.get(product.id)).images).toHaveLength(1);
    await store.products.deleteImage(product.id, image.id);
    expect((await store.products.get(product.id)).images).toHaveLength(0);
    const catImage = await store.categories.uploadImage(category.id, PNG, { contentType: "image/png" });
    expect(catImage).toBeTruthy();
    await store.categories.deleteImage(category.id);
    expect(await store.products.delete(product.id)).toMatchObject({ success: true });
    await expect(store.products.get(product.id)).rejects.toBeInstanceOf(NotFoundError);
    const emptyCategory = await store.categories.create({ name: "Empty" });
    expect(await store.categories.delete(emptyCategory.id)).toMatchObject({ success: true });
  });

  it("covers customers, orders (fulfil, refund), subscriptions, coupons and gift cards", async () => {
    const product = await store.products.create({ name: "Crate Key", price: "10.00" });
    const customer = await store.customers.create({ email: "player@example.com", username: "Player123" });
    expect(await store.customers.get(customer.id)).toMatchObject({ email: "player@example.com" });
    expect((await store.customers.update(customer.id, { username: "P1" })).username).toBe("P1");
    expect((await store.customers.patch(customer.id, { discord_id: "123456789012345678" })).discord_id).toBe(
      "123456789012345678",
    );
    expect((await store.customers.list({ search: "player" })).data.map((c) => c.id)).toEqual([customer.id]);
    const customers: number[] = [];
    for await (const c of store.customers.iterate()) customers.push(c.id);
    expect(customers).toEqual([customer.id]);

    const order = await store.orders.create({
      customer_id: customer.id,
      items: [{ product_id: product.id, quantity: 2 }],
      status: "processing",
      payment_status: "paid",
    });
    expect(order).toMatchObject({ total: "20.00", customer: { email: "player@example.com" } });
    expect((await store.orders.get(order.id)).items[0]).toMatchObject({
      product_name: "Crate Key",
      quantity: 2,
    });
    expect((await store.orders.list({ status: "processing" })).data.map((o) => o.id)).toEqual([order.id]);
    const fulfilled = await store.orders.fulfill(order.id, { note: "Delivered via API" });
    expect(fulfilled.status).toBe("completed");
    const refunded = await store.orders.refund(order.id, { amount: "5.00", reason: "goodwill" });
    expect(refunded.refunded_amount).toBe("5.00");
    expect((await store.customers.orders(customer.id)).data.map((o) => o.id)).toEqual([order.id]);
    const viaIterator: number[] = [];
    for await (const o of store.customers.iterateOrders(customer.id)) viaIterator.push(o.id);
    expect(viaIterator).toEqual([order.id]);
    const allOrders: number[] = [];
    for await (const o of store.orders.iterate()) allOrders.push(o.id);
    expect(allOrders).toEqual([order.id]);

    const plan = await store.products.create({ name: "VIP Monthly", price: "5.00", type: "subscription" });
    const sub = await store.subscriptions.create({ customer_id: customer.id, product_id: plan.id });
    expect(await store.subscriptions.get(sub.id)).toMatchObject({ customer_id: customer.id });
    expect((await store.subscriptions.list({ customer_id: customer.id })).data).toHaveLength(1);
    for await (const s of store.subscriptions.iterate()) expect(s.id).toBe(sub.id);
    expect((await store.subscriptions.cancel(sub.id, { reason: "test" })).status).toBe("canceled");

    const coupon = await store.coupons.create({ code: "SAVE10", type: "percentage", value: 10 });
    expect(await store.coupons.get(coupon.id)).toMatchObject({ code: "SAVE10" });
    expect(
      (await store.coupons.update(coupon.id, { code: "SAVE10", type: "percentage", value: 15 })).value,
    ).toBe("15.00");
    expect((await store.coupons.patch(coupon.id, { is_active: false })).is_active).toBe(false);
    expect((await store.coupons.list({ status: "inactive" })).data.map((c) => c.id)).toEqual([coupon.id]);
    for await (const c of store.coupons.iterate()) expect(c.code).toBe("SAVE10");
    expect(await store.coupons.delete(coupon.id)).toMatchObject({ success: true });

    const card = await store.giftCards.create({ initial_balance: "25.00" });
    expect(card.code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    const redeemed = await store.giftCards.redeem(card.id, { amount: "5.00" });
    expect(redeemed.balance).toBe("20.00");
    expect((await store.giftCards.get(card.id)).redemptions).toHaveLength(1);
    expect((await store.giftCards.list({ status: "active" })).data.map((g) => g.id)).toEqual([card.id]);
    for await (const g of store.giftCards.iterate()) expect(g.id).toBe(card.id);
    expect((await store.giftCards.revoke(card.id, { reason: "fraud" })).status).toBe("revoked");
  });

  it("covers analytics, tokens and webhooks", async () => {
    const revenue = await store.analytics.revenue({ from: "2025-01-01", to: "2025-01-31" });
    expect(revenue).toMatchObject({ total_orders: 0, total_revenue: "0.00" });
    expect(revenue.timeline.length).toBeGreaterThan(0);
    expect(await store.analytics.sales({ limit: 5 })).toHaveProperty("top_products");
    expect(await store.analytics.customers()).toHaveProperty("top_customers");
    const timeline = await store.analytics.customerTimeline({
      from: "2025-01-01",
      to: "2025-03-31",
      granularity: "month",
    });
    expect(timeline.timeline.map((b) => b.date)).toEqual(["2025-01-01", "2025-02-01", "2025-03-01"]);

    const token = await store.tokens.create({ name: "CI", scopes: ["orders:read"] });
    expect(token.token).toMatch(/^sk_live_/);
    expect((await store.tokens.list()).map((t) => t.id)).toContain(token.id);
    const limited = createStoreClient({ url: server.url, token: token.token });
    await expect(limited.products.list()).rejects.toBeInstanceOf(PermissionError);
    await store.tokens.revoke(token.id);
    await expect(limited.orders.list()).rejects.toBeInstanceOf(AuthenticationError);

    const hook = await store.webhooks.create({ url: `${server.url}/nowhere`, events: ["order.received"] });
    expect(hook.secret).toMatch(/^whsec_/);
    expect(await store.webhooks.get(hook.id)).not.toHaveProperty("secret");
    expect((await store.webhooks.list()).map((w) => w.id)).toContain(hook.id);
    expect((await store.webhooks.update(hook.id, { events: ["order.refunded"] })).events).toEqual([
      "order.refunded",
    ]);
    const tested = await store.webhooks.test(hook.id);
    expect(tested).toMatchObject({ event_type: "webhook.test", attempts: 1 });
    const deliveries = await store.webhooks.deliveries(hook.id);
    expect(deliveries.data.map((d) => d.id)).toEqual([tested.id]);
    const iterated: string[] = [];
    for await (const d of store.webhooks.iterateDeliveries(hook.id)) iterated.push(d.id);
    expect(iterated).toEqual([tested.id]);
    expect((await store.webhooks.getDelivery(hook.id, tested.id)).attempt_log).toHaveLength(1);
    expect((await store.webhooks.redeliver(hook.id, tested.id)).status).toBe("pending");
    const rotated = await store.webhooks.rotateSecret(hook.id, { overlap_hours: 1 });
    expect(rotated.secret).not.toBe(hook.secret);
    expect(await store.webhooks.delete(hook.id)).toEqual({
      success: true,
      message: "Webhook deleted successfully",
    });
  });

  it("throws typed errors carrying status, error, message and per-field errors", async () => {
    const missing = await store.products.get(99999).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing).toMatchObject({ status: 404, error: "Not Found", message: "Product not found" });
    const invalid = await store.webhooks
      .create({ url: "not a url", events: ["order.received"] })
      .catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(ValidationError);
    expect(invalid).toBeInstanceOf(StoreApiError);
    expect((invalid as ValidationError).status).toBe(422);
    expect((invalid as ValidationError).error).toBe("VALIDATION_ERROR");
    expect(Object.keys((invalid as ValidationError).errors)).toEqual(["url"]);
    const bad = createStoreClient({ url: server.url, token: "sk_live_nope" });
    await expect(bad.orders.list()).rejects.toMatchObject({ status: 401, error: "Unauthorized" });
  });

  it("sends an Idempotency-Key on every POST: a repeated key replays the first answer", async () => {
    const a = await store.products.create({ name: "Once", price: "1.00" }, { idempotencyKey: "key-1" });
    const b = await store.products.create({ name: "Once", price: "1.00" }, { idempotencyKey: "key-1" });
    expect(b.id).toBe(a.id);
    const c = await store.products.create({ name: "Once", price: "1.00" });
    expect(c.id).not.toBe(a.id);
    // The same key with another body is refused: proof the key reached the server.
    await expect(
      store.products.create({ name: "Other", price: "1.00" }, { idempotencyKey: "key-1" }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it("retries a 429 as Retry-After asks, a bounded number of times, then throws RateLimitError", async () => {
    const s = await server.createStore(`limited-${dialect}`, { rateLimit: 1 });
    const waits: number[] = [];
    const limited = createStoreClient({
      url: server.url,
      token: s.token,
      retry: { maxRetries: 2 },
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    });
    await limited.orders.list();
    const error = await limited.orders.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(waits).toHaveLength(2);
    for (const w of waits) {
      expect(w).toBeGreaterThan(0);
      expect(w).toBeLessThanOrEqual(60_000);
    }
    expect((error as RateLimitError).retryAfterMs).toBeGreaterThan(0);
    // A wait longer than maxDelayMs is not taken: the error comes at once.
    const impatient = createStoreClient({ url: server.url, token: s.token, retry: { maxDelayMs: 10 } });
    await expect(impatient.orders.list()).rejects.toBeInstanceOf(RateLimitError);
  });

  it("covers payments, checkout settings, listeners and the in-game delivery setup", async () => {
    const product = await store.products.create({ name: "Delivered", price: "3.00" });
    const unpaid = await store.orders.create({
      customer: { email: "later@example.com" },
      items: [{ product_id: product.id, quantity: 1 }],
    });
    expect(await store.orders.markPaid(unpaid.id)).toMatchObject({ payment_status: "paid" });
    await expect(store.orders.capture(unpaid.id)).rejects.toBeInstanceOf(ValidationError);
    const toCancel = await store.orders.create({
      customer: { email: "later@example.com" },
      items: [{ product_id: product.id, quantity: 1 }],
    });
    expect(await store.orders.cancel(toCancel.id)).toMatchObject({ status: "cancelled" });
    expect(await store.settings.updateCheckout({ tax_rate: "20.00", tax_inclusive: true })).toEqual({
      tax_rate: "20.00",
      tax_inclusive: true,
    });
    expect(await store.settings.checkout()).toMatchObject({ tax_inclusive: true });
    expect(await store.settings.updateStore({ time_zone: "europe/berlin" })).toMatchObject({
      time_zone: "Europe/Berlin",
    });
    expect(await store.settings.store()).toMatchObject({ time_zone: "Europe/Berlin" });

    const created = (await store.deliveryServers.create({ name: "Lobby" })) as {
      id: number;
      server_secret: string;
    };
    expect(created.server_secret).toMatch(/^srv_/);
    expect(await store.deliveryServers.update(created.id, { name: "Lobby 2" })).toMatchObject({
      name: "Lobby 2",
    });
    expect(await store.deliveryServers.get(created.id)).toMatchObject({ name: "Lobby 2" });
    expect((await store.deliveryServers.list()) as unknown[]).toHaveLength(1);
    const rotated = (await store.deliveryServers.rotateSecret(created.id)) as { server_secret: string };
    expect(rotated.server_secret).not.toBe(created.server_secret);
    const storeSecret = (await store.agentSecret.rotate()) as { store_secret: string };
    expect(storeSecret.store_secret).toMatch(/^pxs_/);
    const command = (await store.productCommands.create(product.id, {
      server_id: created.id,
      command: "say {player} bought {product}",
    })) as { id: number };
    expect(
      await store.productCommands.update(product.id, command.id, { command: "say thanks {player}" }),
    ).toMatchObject({ command: "say thanks {player}" });
    expect((await store.productCommands.list(product.id)) as unknown[]).toHaveLength(1);
    expect(await store.deliveryServers.commands(created.id)).toMatchObject([
      { id: command.id, product: { id: product.id }, command: "say thanks {player}" },
    ]);
    const paid = await store.orders.create({
      customer: { email: "p@example.com" },
      items: [{ product_id: product.id, quantity: 1 }],
      status: "processing",
      payment_status: "paid",
      metadata: { player: "Steve" },
    });
    const queued = (await store.deliveries.list({ order_id: paid.id })) as {
      data: { id: number; command: string }[];
    };
    expect(queued.data.map((d) => d.command)).toEqual(["say thanks Steve"]);
    expect(await store.deliveries.get(queued.data[0]?.id ?? 0)).toMatchObject({ status: "pending" });
    await expect(store.deliveries.resend(queued.data[0]?.id ?? 0)).resolves.toMatchObject({
      status: "pending",
    });
    const role = (await store.productDiscordRoles.create(product.id, {
      guild_id: "111111111111111111",
      role_id: "222222222222222222",
      role_name: "Buyer",
    })) as { id: number };
    expect((await store.productDiscordRoles.list(product.id)) as unknown[]).toHaveLength(1);
    await store.productDiscordRoles.delete(product.id, role.id);
    await store.productCommands.delete(product.id, command.id);
    await store.deliveryServers.delete(created.id);
    await expect(store.deliveryServers.get(created.id)).rejects.toBeInstanceOf(NotFoundError);

    const listener = await store.listeners.create({ events: ["product.created"] });
    await store.products.create({ name: "Heard", price: "1.00" });
    const pulled = await store.listeners.pull(listener.id, { wait: 5 });
    expect(pulled.data.map((d) => d.event_type)).toEqual(["product.created"]);
    expect(
      await store.listeners.ack(listener.id, {
        deliveries: pulled.data.map((d) => ({ id: d.id, status: 200 })),
      }),
    ).toEqual({ acknowledged: 1 });
    await store.listeners.delete(listener.id);
  });

  it("reaches any endpoint through call() with the whole envelope", async () => {
    const r = await store.call("GET /orders", { query: { per_page: 1 } });
    expect(r.success).toBe(true);
    expect(r.meta.per_page).toBe(1);
  });

  // Last: every endpoint the server documents was called above, through the client, over the wire.
  it("has called every Store API endpoint of the server's OpenAPI document", async () => {
    const doc = (await (await fetch(`${server.url}${STORE_API_PATH}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
    );
    const called = server.routesCalled(STORE_API_PATH);
    expect(documented.length).toBeGreaterThan(80);
    expect(documented.filter((k) => !called.has(k) && k !== "GET /openapi.json")).toEqual([]);
  });
});
