// Subscriptions bought at checkout renew, fail and expire on schedule under a fake clock, on both engines:
// the renewal jobs the lifecycle schedules are run when the clock reaches them (no sleeps).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createStoreTestApp, type StoreTestApp } from "./fixtures/store-api-harness.js";
import { testDialects } from "./support/databases.js";
import { createSandboxGateway } from "../src/store/payments/sandbox-gateway.js";
import { noDeliveries, type DeliveryScheduler } from "../src/store/deliveries/delivery-scheduler.js";
import {
  renewSubscription,
  RENEWAL_RETRY_DELAYS_MS,
} from "../src/store/subscriptions/subscription-renewal.service.js";
import type { ScheduleRenewal } from "../src/store/store-api.deps.js";

const DAY = 86_400_000;
const CHECKOUT = "/api/checkout/v1/stores/alpha";

interface Job {
  storeId: number;
  subscriptionId: number;
  runAt: number;
}

describe.each(testDialects)("subscription renewals on %s", (dialect) => {
  let t: StoreTestApp;
  let token: string;
  let jobs: Map<number, Job>;
  const queued: { kind: string; subscriptionId: number }[] = [];
  const deliveries: DeliveryScheduler = {
    ...noDeliveries,
    queueForSubscription: (_trx, input) => {
      queued.push({ kind: input.kind, subscriptionId: input.subscriptionId });
      return Promise.resolve();
    },
  };

  beforeEach(async () => {
    jobs = new Map();
    queued.length = 0;
    const scheduleRenewal: ScheduleRenewal = (_db, job) => {
      jobs.set(job.subscriptionId, job); // keyed per subscription, like the queue's job key
      return Promise.resolve();
    };
    t = await createStoreTestApp(dialect, { sandboxGatewaySecret: "s", scheduleRenewal });
    token = (await t.createStore({ subdomain: "alpha" })).token;
  });
  afterEach(async () => {
    await t.close();
  });

  /** Runs, like a worker would, every job due at the fake clock's now. */
  async function runDueJobs(): Promise<string[]> {
    const gateway = createSandboxGateway({ secret: "s", publicUrl: "http://x", now: () => t.clock.now() });
    const outcomes: string[] = [];
    for (const [id, job] of [...jobs]) {
      if (job.runAt > t.clock.now()) continue;
      jobs.delete(id);
      const scheduleRenewal: ScheduleRenewal = (_db, next) => {
        jobs.set(next.subscriptionId, next);
        return Promise.resolve();
      };
      outcomes.push(
        await renewSubscription(
          {
            database: t.db.database,
            clock: t.clock,
            publish: (_d, s, type, data) => (t.published.push({ storeId: s, type, data }), Promise.resolve()),
            deliveries,
            gateway,
            scheduleRenewal,
          },
          job.storeId,
          job.subscriptionId,
        ),
      );
    }
    return outcomes;
  }

  async function buy(card: string, productBody: Record<string, unknown>) {
    const product = (
      (
        await t.call("POST", "/products", {
          token,
          body: { name: "VIP", price: "5.00", type: "subscription", ...productBody },
        })
      ).json() as {
        data: { id: number };
      }
    ).data.id;
    const inject = async (url: string, payload?: Record<string, unknown>) =>
      (
        await t.http.app.inject({ method: "POST", url: `${CHECKOUT}${url}`, ...(payload ? { payload } : {}) })
      ).json<{
        data: Record<string, unknown>;
      }>().data;
    const tok = (await inject("/baskets", { email: "sub@example.com", username: "Sub" }))["token"] as string;
    await inject(`/baskets/${tok}/items`, { product_id: product });
    const out = (await inject(`/baskets/${tok}/checkout`)) as { payment: { redirect_url: string } | null };
    if (out.payment) {
      await t.http.app.inject({
        method: "POST",
        url: new URL(out.payment.redirect_url).pathname,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        payload: `card_number=${card}&exp=12%2F40&cvc=123`,
      });
    }
    const created = t.published.find((p) => p.type === "subscription.created")?.data as {
      id: number;
      status: string;
    };
    return created;
  }
  const get = async (id: number) =>
    ((await t.call("GET", `/subscriptions/${id}`, { token })).json() as { data: Record<string, unknown> })
      .data;
  const events = () => t.published.map((p) => p.type).filter((e) => e.startsWith("subscription."));

  it("renews at each period end with a renewal order and commands", async () => {
    const s = await buy("4242424242424242", { billing_interval: "week" });
    expect(s.status).toBe("active");
    t.clock.advance(7 * DAY - 1000);
    expect(await runDueJobs()).toEqual([]);
    t.clock.advance(1000);
    expect(await runDueJobs()).toEqual(["renewed"]);
    t.clock.advance(7 * DAY);
    expect(await runDueJobs()).toEqual(["renewed"]);
    expect(events()).toEqual(["subscription.created", "subscription.renewed", "subscription.renewed"]);
    expect(queued).toEqual([
      { kind: "renewal", subscriptionId: s.id },
      { kind: "renewal", subscriptionId: s.id },
    ]);
    const orders = (await t.call("GET", "/orders", { token, query: { payment_status: "paid" } })).json() as {
      meta: { total: number };
    };
    expect(orders.meta.total).toBe(3);
    expect(await get(s.id)).toMatchObject({
      status: "active",
      current_period_end: new Date(Date.UTC(2025, 0, 20, 12) + 21 * DAY).toISOString().replace(".000", ""),
    });
  });

  it("starts a trial for free, charges at its end; fails into past_due, retries, then cancels", async () => {
    const s = await buy("4000000000000341", { trial_days: 3 });
    expect(s.status).toBe("trialing");
    t.clock.advance(3 * DAY);
    expect(await runDueJobs()).toEqual(["past_due"]);
    expect(await get(s.id)).toMatchObject({ status: "past_due" });
    for (const delay of RENEWAL_RETRY_DELAYS_MS.slice(0, -1)) {
      t.clock.advance(delay);
      expect(await runDueJobs()).toEqual(["past_due"]);
    }
    t.clock.advance(RENEWAL_RETRY_DELAYS_MS.at(-1) ?? 0);
    expect(await runDueJobs()).toEqual(["cancelled"]);
    expect(await get(s.id)).toMatchObject({ status: "canceled" });
    expect(events()).toEqual([
      "subscription.created",
      "subscription.payment_failed",
      "subscription.payment_failed",
      "subscription.payment_failed",
      "subscription.cancelled",
    ]);
    expect(queued).toEqual([{ kind: "expiry", subscriptionId: s.id }]);
    t.clock.advance(30 * DAY);
    expect(await runDueJobs()).toEqual([]);
  });

  it("ends at period end when cancelled at period end", async () => {
    const s = await buy("4242424242424242", { billing_interval: "month" });
    await t.call("POST", `/subscriptions/${s.id}/cancel`, { token, body: { at_period_end: true } });
    t.clock.advance(31 * DAY);
    expect(await runDueJobs()).toEqual(["expired"]);
    expect(await get(s.id)).toMatchObject({ status: "canceled", ended_at: "2025-02-20T12:00:00Z" });
    expect(events()).toEqual(["subscription.created", "subscription.cancelled"]);
    expect(queued).toEqual([{ kind: "expiry", subscriptionId: s.id }]);
  });
});
