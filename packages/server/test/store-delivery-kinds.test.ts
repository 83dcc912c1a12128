// Every command kind queued by the real lifecycle on both engines: purchase at payment, refund on a full refund,
// chargeback on a lost dispute, renewal at each renewal and expiry at the end (fake clock), rendered for the
// player the order or subscription was bought for, and claimable by the game server's agent.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createStoreTestApp, type StoreTestApp } from "./fixtures/store-api-harness.js";
import { testDialects } from "./support/databases.js";
import { createSandboxGateway, encodeSandboxEvent } from "../src/store/payments/sandbox-gateway.js";
import { signGatewayBody } from "../src/store/payments/gateway.js";
import { createDeliveryScheduler } from "../src/store/deliveries/delivery-scheduler.js";
import {
  renewSubscription,
  RENEWAL_RETRY_DELAYS_MS,
} from "../src/store/subscriptions/subscription-renewal.service.js";
import type { PublishEvent, ScheduleRenewal } from "../src/store/store-api.deps.js";

const DAY = 86_400_000;
const SECRET = "kinds-sandbox-secret";
const CHECKOUT = "/api/checkout/v1/stores/alpha";
const UUID = "069a79f4-44e9-4726-a5be-fca90e38aaf5";

interface Delivery {
  id: number;
  kind: string;
  command: string;
  status: string;
  order_id: number | null;
  subscription_id: number | null;
}

describe.each(testDialects)("command kinds on %s", (dialect) => {
  let t: StoreTestApp;
  let token: string;
  let serverId: number;
  let jobs: Map<number, { storeId: number; subscriptionId: number; runAt: number }>;

  const api = async (method: "GET" | "POST", path: string, body?: unknown) => {
    const r = await t.call(method, path, { token, ...(body === undefined ? {} : { body }) });
    expect(r.status, r.body).toBeLessThan(300);
    return (r.json() as { data: Record<string, unknown> & { id: number } }).data;
  };
  const deliveries = async (kind: string) =>
    (await api("GET", `/deliveries?kind=${kind}`)) as unknown as Delivery[];
  const product = async (body: Record<string, unknown>, commands: Record<string, string>) => {
    const p = await api("POST", "/products", { price: "10.00", ...body });
    for (const [kind, command] of Object.entries(commands))
      await api("POST", `/products/${p.id}/commands`, { server_id: serverId, kind, command });
    return p.id;
  };
  const pub = async (url: string, payload?: Record<string, unknown>) =>
    (
      await t.http.app.inject({ method: "POST", url: `${CHECKOUT}${url}`, ...(payload ? { payload } : {}) })
    ).json<{ data: Record<string, unknown> }>().data;
  /** Buys `productId` at checkout and pays with `card` on the hosted page; returns the order id. */
  const buy = async (productId: number, card: string, identity: Record<string, string>) => {
    const tok = (await pub("/baskets", identity))["token"] as string;
    await pub(`/baskets/${tok}/items`, { product_id: productId });
    const out = (await pub(`/baskets/${tok}/checkout`)) as {
      order: { id: number };
      payment: { redirect_url: string };
    };
    await t.http.app.inject({
      method: "POST",
      url: new URL(out.payment.redirect_url).pathname,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: `card_number=${card}&exp=12%2F40&cvc=123`,
    });
    return out.order.id;
  };
  const publish: PublishEvent = (_db, storeId, type, data) => {
    t.published.push({ storeId, type, data });
    return Promise.resolve();
  };

  /** Runs, as a worker would, every renewal job due at the fake clock's now, with the real scheduler. */
  async function runDueJobs(): Promise<string[]> {
    const gateway = createSandboxGateway({ secret: SECRET, publicUrl: "http://x", now: () => t.clock.now() });
    const scheduleRenewal: ScheduleRenewal = (_db, next) => {
      jobs.set(next.subscriptionId, next);
      return Promise.resolve();
    };
    const deps = {
      database: t.db.database,
      clock: t.clock,
      publish,
      deliveries: createDeliveryScheduler({ clock: t.clock, publish }),
      gateway,
      scheduleRenewal,
    };
    const outcomes: string[] = [];
    for (const [id, job] of [...jobs]) {
      if (job.runAt > t.clock.now()) continue;
      jobs.delete(id);
      outcomes.push(await renewSubscription(deps, job.storeId, job.subscriptionId));
    }
    return outcomes;
  }

  beforeEach(async () => {
    jobs = new Map();
    const scheduleRenewal: ScheduleRenewal = (_db, job) => {
      jobs.set(job.subscriptionId, job);
      return Promise.resolve();
    };
    t = await createStoreTestApp(dialect, { sandboxGatewaySecret: SECRET, scheduleRenewal });
    token = (await t.createStore({ subdomain: "alpha" })).token;
    serverId = (await api("POST", "/delivery-servers", { name: "Survival", rate_limit: 60_000 })).id;
  });
  afterEach(async () => {
    await t.close();
  });

  it("queues refund commands on a full refund and chargeback commands on a lost dispute", async () => {
    const vip = await product(
      { name: "VIP" },
      {
        purchase: "lp user {player} parent add vip",
        refund: "lp user {player} parent remove vip",
        chargeback: "ban {player} chargeback on {order_number}",
      },
    );
    const steve = await buy(vip, "4242424242424242", { email: "s@example.com", username: "Steve" });
    expect((await deliveries("purchase")).map((d) => d.command)).toEqual(["lp user Steve parent add vip"]);
    await api("POST", `/orders/${steve}/refund`, { amount: "4.00" });
    expect(await deliveries("refund")).toEqual([]); // a partial refund takes nothing away
    await api("POST", `/orders/${steve}/refund`, {});
    expect(await deliveries("refund")).toMatchObject([
      { command: "lp user Steve parent remove vip", status: "pending", order_id: steve },
    ]);

    const alex = await buy(vip, "4000000000000259", { email: "a@example.com", username: "Alex" });
    const created = t.published.find((p) => p.type === "dispute.created")?.data as {
      reference: string;
      order: { order_number: string };
    };
    const payment = (
      await t.db.database.kysely
        .selectFrom("store_payments")
        .select("reference")
        .where("order_id", "=", alex)
        .executeTakeFirstOrThrow()
    ).reference;
    const body = encodeSandboxEvent(
      { id: "evt_lost", type: "dispute.resolved", payment, dispute: created.reference, outcome: "lost" },
      t.clock.now(),
    );
    const r = await t.http.app.inject({
      method: "POST",
      url: "/api/checkout/v1/gateways/sandbox/webhook",
      headers: {
        "content-type": "application/json",
        "pixl-gateway-signature": signGatewayBody(SECRET, body, t.clock.now()),
      },
      payload: body,
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(await deliveries("chargeback")).toMatchObject([
      { command: `ban Alex chargeback on ${created.order.order_number}`, status: "pending", order_id: alex },
    ]);

    // The agent gets them like any command; running them does not "complete" a refunded order.
    const secrets = (await api("POST", `/delivery-servers/${serverId}/secret`)) as unknown as {
      server_secret: string;
    };
    const storeSecret = ((await api("POST", "/agent-secret")) as unknown as { store_secret: string })
      .store_secret;
    const headers = { "x-store-secret": storeSecret, "x-server-secret": secrets.server_secret };
    const poll = await t.http.app.inject({ method: "GET", url: "/api/v1/agent/commands/pending", headers });
    const claimed = poll.json<{ data: { id: number; kind: string }[] }>().data;
    expect(claimed.map((c) => c.kind).sort()).toEqual(["chargeback", "purchase", "purchase", "refund"]);
    const ids = claimed.map((c) => c.id);
    const confirm = await t.http.app.inject({
      method: "POST",
      url: "/api/v1/agent/commands/confirm",
      headers: { ...headers, "content-type": "application/json" },
      payload: { ids },
    });
    expect(confirm.statusCode, confirm.body).toBe(200);
    for (const id of [steve, alex]) expect((await api("GET", `/orders/${id}`))["status"]).toBe("refunded");
  });

  it("queues renewal commands at each renewal and expiry commands when it ends, on schedule", async () => {
    const monthly = await product(
      { name: "VIP Weekly", type: "subscription", billing_interval: "week" },
      {
        purchase: "lp user {player} parent add vip",
        renewal: "lp user {player} parent addtemp vip 7d {order_number}",
        expiry: "lp user {player} parent remove vip {uuid}",
      },
    );
    const identity = { email: "s@example.com", username: "Steve", minecraft_uuid: UUID };
    await buy(monthly, "4242424242424242", identity);
    const sub = t.published.find((p) => p.type === "subscription.created")?.data as { id: number };
    t.clock.advance(7 * DAY - 1);
    expect(await runDueJobs()).toEqual([]);
    expect(await deliveries("renewal")).toEqual([]);
    t.clock.advance(1);
    expect(await runDueJobs()).toEqual(["renewed"]);
    const [renewal] = await deliveries("renewal");
    const renewalOrder = await api("GET", `/orders/${renewal?.order_id}`);
    expect(renewal).toMatchObject({
      command: `lp user Steve parent addtemp vip 7d ${renewalOrder["order_number"] as string}`,
      status: "pending",
      subscription_id: sub.id,
    });
    expect(renewalOrder["status"]).toBe("processing"); // until the agent confirms the renewal command
    await api("POST", `/subscriptions/${sub.id}/cancel`, { at_period_end: true });
    expect(await deliveries("expiry")).toEqual([]);
    t.clock.advance(7 * DAY);
    expect(await runDueJobs()).toEqual(["expired"]);
    expect(await deliveries("expiry")).toMatchObject([
      { command: `lp user Steve parent remove vip ${UUID}`, status: "pending", subscription_id: sub.id },
    ]);
    expect((await deliveries("renewal")).length).toBe(1);
  });

  it("queues expiry commands when failed renewals cancel the subscription", async () => {
    const trial = await product(
      { name: "VIP Trial", type: "subscription", trial_days: 1 },
      { renewal: "lp user {player} parent addtemp vip 30d", expiry: "lp user {player} parent remove vip" },
    );
    await buy(trial, "4000000000000341", { email: "e@example.com", username: "Eve" });
    t.clock.advance(DAY);
    for (const wait of [0, ...RENEWAL_RETRY_DELAYS_MS.slice(0, -1)]) {
      t.clock.advance(wait);
      expect(await runDueJobs()).toEqual(["past_due"]);
    }
    expect(await deliveries("expiry")).toEqual([]);
    t.clock.advance(RENEWAL_RETRY_DELAYS_MS.at(-1) ?? 0);
    expect(await runDueJobs()).toEqual(["cancelled"]);
    expect(await deliveries("renewal")).toEqual([]);
    expect(await deliveries("expiry")).toMatchObject([{ command: "lp user Eve parent remove vip" }]);
  });
});
