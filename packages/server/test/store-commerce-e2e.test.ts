// The whole purchase over real sockets on both engines: a basket with a coupon, a gift card and tax is checked
// out, paid on the sandbox's hosted page (its event through the signed gateway webhook), the built `pixl agent`
// process runs the commands against an RCON test server, the order completes, and a webhook receiver saw
// order.received then delivery.completed, each signed with the endpoint's secret.
import { createHmac } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ChildProcess } from "node:child_process";
import { createApp, type App } from "../src/app.js";
import { loadConfig } from "../src/core/config/index.js";
import { createLogger } from "../src/core/logging/logger.js";
import { createStoreWithToken } from "../src/store/stores/store.service.js";
import { ensureBuilt, finished, spawnBuiltPixl } from "./support/built-pixl.js";
import { createTestDatabase, testDialects, type TestDatabase } from "./support/databases.js";
import { freePort } from "./support/processes.js";
import { startRconTestServer, type RconTestServer } from "./support/rcon-server.js";
import { startReceiver, type Receiver } from "./support/receiver.js";
import { createTestEnv } from "./support/test-app.js";
import { waitFor } from "./support/wait.js";

const UUID = "069a79f4-44e9-4726-a5be-fca90e38aaf5";

beforeAll(async () => {
  await ensureBuilt();
}, 300_000);

describe.each(testDialects)("commerce end to end on %s", (dialect) => {
  let db: TestDatabase | undefined;
  let app: App | undefined;
  let receiver: Receiver | undefined;
  let rcon: RconTestServer | undefined;
  let agent: ChildProcess | undefined;
  afterEach(async () => {
    agent?.kill("SIGKILL");
    await app?.close();
    await receiver?.close();
    await rcon?.close();
    await db?.dispose();
  });

  it("turns a paid basket into commands run in game, with signed order.received then delivery.completed", async () => {
    db = await createTestDatabase(dialect);
    receiver = await startReceiver();
    rcon = await startRconTestServer("rcon-pass");
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    app = createApp(loadConfig(createTestEnv(db, { PIXL_PUBLIC_URL: base })), {
      logger: createLogger({ level: "silent" }),
    });
    await app.prepareDatabase();
    await app.startWorker();
    await app.http.app.listen({ port, host: "127.0.0.1" });
    const { token } = await createStoreWithToken(app.database, { subdomain: "alpha" }, app.clock);

    const call = async (method: "GET" | "POST" | "PUT", path: string, body?: unknown) => {
      const r = await fetch(`${base}${path}`, {
        method,
        headers: {
          ...(path.startsWith("/api/external") ? { authorization: `Bearer ${token}` } : {}),
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await r.text();
      expect(r.status, `${method} ${path}: ${text}`).toBeLessThan(300);
      return (JSON.parse(text) as { data: Record<string, unknown> & { id: number } }).data;
    };
    const api = (method: "GET" | "POST" | "PUT", path: string, body?: unknown) =>
      call(method, `/api/external/v1${path}`, body);
    const shop = (path: string, body?: unknown) => call("POST", `/api/checkout/v1/stores/alpha${path}`, body);

    // The store: a webhook, a server with its agent secrets, a product with two commands, coupon, gift card, tax.
    const hook = await api("POST", "/webhooks", {
      url: `${receiver.url}/pixl`,
      events: ["order.received", "delivery.completed"],
    });
    const server = (await api("POST", "/delivery-servers", { name: "Survival" })) as unknown as {
      id: number;
      server_secret: string;
      store_secret: string;
    };
    const vip = await api("POST", "/products", { name: "VIP Rank", price: "20.00" });
    for (const command of ["lp user {player} parent add vip", "give {player} diamond {quantity}"])
      await api("POST", `/products/${vip.id}/commands`, { server_id: server.id, command });
    await api("POST", "/coupons", { code: "SAVE10", type: "percentage", value: "10" });
    const card = await api("POST", "/gift-cards", { initial_balance: "5.00" });
    await api("PUT", "/settings/checkout", { tax_rate: "19", tax_inclusive: false });

    // The buyer: basket, coupon, gift card, checkout, hosted page, card.
    const basket = await shop("/baskets", {
      email: "steve@example.com",
      username: "Steve",
      minecraft_uuid: UUID,
    });
    const tok = basket["token"] as string;
    await shop(`/baskets/${tok}/items`, { product_id: vip.id, quantity: 2 });
    await shop(`/baskets/${tok}/coupon`, { code: "save10" });
    const priced = await shop(`/baskets/${tok}/gift-cards`, { code: card["code"] as string });
    // 40.00 − 10 % = 36.00; + 19 % tax = 42.84; − 5.00 gift card = 37.84 by card.
    expect(priced).toMatchObject({
      subtotal: "40.00",
      discount: "4.00",
      tax: "6.84",
      total: "42.84",
      amount_due: "37.84",
    });
    const out = (await shop(`/baskets/${tok}/checkout`)) as unknown as {
      order: { id: number; status: string };
      payment: { redirect_url: string; amount: string };
    };
    expect(out.order.status).toBe("pending");
    expect(out.payment.redirect_url.startsWith(`${base}/api/checkout/v1/sandbox/pay/pay_sbx_`)).toBe(true);
    const page = await fetch(out.payment.redirect_url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("37.84 USD");
    const paid = await fetch(out.payment.redirect_url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ card_number: "4242 4242 4242 4242", exp: "12/40", cvc: "123" }),
    });
    expect(paid.status).toBe(200);
    expect(await paid.text()).toContain("Payment received");
    // The card's event went through the signed gateway webhook, recorded once.
    const events = await app.database.kysely.selectFrom("store_gateway_events").select("type").execute();
    expect(events.map((e) => e.type)).toEqual(["payment.succeeded"]);
    const order = await api("GET", `/orders/${out.order.id}`);
    expect(order).toMatchObject({ payment_status: "paid", status: "processing", total: "42.84" });
    expect(await api("GET", `/gift-cards/${card.id}`)).toMatchObject({ balance: "0.00" });

    // The game server's agent, the real executable, runs the commands over RCON.
    agent = spawnBuiltPixl(["agent", "--url", base, "--rcon", `127.0.0.1:${rcon.port}`], {
      PIXL_AGENT_STORE_SECRET: server.store_secret,
      PIXL_AGENT_SERVER_SECRET: server.server_secret,
      PIXL_AGENT_RCON_PASSWORD: "rcon-pass",
    });
    const exited = finished(agent);
    await waitFor(
      "the order to complete",
      async () =>
        (await api("GET", `/orders/${out.order.id}`))["status"] === "completed" ? true : undefined,
      60_000,
      1_500, // under the token's 60 requests a minute however long a loaded machine takes
    );
    expect(rcon.commands).toEqual(["lp user Steve parent add vip", "give Steve diamond 2"]);
    const completed = await api("GET", `/orders/${out.order.id}`);
    expect(completed).toMatchObject({
      items: [{ delivery_status: "delivered" }],
      deliveries: [
        { status: "delivered", attempts: 1, server: { name: "Survival" } },
        { status: "delivered", attempts: 1, server: { name: "Survival" } },
      ],
    });

    // The receiver: order.received first, then a delivery.completed per command, each correctly signed.
    const got = await waitFor("three webhook deliveries", () =>
      Promise.resolve(receiver && receiver.received.length >= 3 ? receiver.received : undefined),
    );
    expect(got.map((r) => r.headers["x-webhook-event"])).toEqual([
      "order.received",
      "delivery.completed",
      "delivery.completed",
    ]);
    for (const r of got) {
      const signature = createHmac("sha256", String(hook["secret"])).update(r.body).digest("hex");
      expect(r.headers["x-webhook-signature"]).toBe(signature);
      expect(r.headers["x-webhook-id"]).toMatch(/^wh_del_/);
    }
    const [received, ...delivered] = got.map(
      (r) => JSON.parse(r.body) as { event_type: string; data: Record<string, unknown> },
    );
    expect(received?.data).toMatchObject({ id: out.order.id, payment_status: "paid", total: "42.84" });
    for (const d of delivered) expect(d.data).toMatchObject({ order_id: out.order.id, status: "delivered" });

    agent.kill("SIGTERM");
    expect((await exited).code).toBe(0);
    agent = undefined;
  }, 90_000);
});
