// Checkouts per second end to end over real HTTP: create basket → add item → checkout → pay on the sandbox's
// hosted page → order paid and its command queued for the game server, at 8 concurrent buyers, against
// a floor of the same number of round trips to a bare Fastify answering a constant body in the same process.
import type { AddressInfo } from "node:net";
import Fastify from "fastify";
import { createApp } from "../packages/server/src/app.js";
import { loadConfig } from "../packages/server/src/core/config/index.js";
import type { Dialect } from "../packages/server/src/core/db/index.js";
import { createLogger } from "../packages/server/src/core/logging/logger.js";
import { createStoreWithToken } from "../packages/server/src/store/stores/store.service.js";
import { createTestDatabase, testDialects } from "../packages/server/test/support/databases.js";
import { createTestEnv } from "../packages/server/test/support/test-app.js";
import { percentile, round, type Bench, type BenchReport } from "./harness.js";

const BUYERS = Number(process.env["PIXL_BENCH_BUYERS"] ?? 8);
const SECONDS = Number(process.env["PIXL_BENCH_SECONDS"] ?? 8);
const ROUND_TRIPS = 4;

async function timed(buyers: number, seconds: number, once: () => Promise<void>) {
  const latencies: number[] = [];
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: buyers }, async () => {
      while (Date.now() < until) {
        const t0 = performance.now();
        await once();
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return {
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

async function runDialect(dialect: Dialect): Promise<BenchReport> {
  const t = await createTestDatabase(dialect);
  const env = createTestEnv(t, {
    PIXL_LOG_LEVEL: "silent",
    // Every buyer comes from 127.0.0.1: budgets this large are counted (the cost stays in) but never refuse.
    PIXL_CHECKOUT_RATE_LIMIT_IP: "10000000",
    PIXL_CHECKOUT_RATE_LIMIT_STORE: "10000000",
    PIXL_CHECKOUT_RATE_LIMIT_CHECKOUTS: "10000000",
  });
  const app = createApp(loadConfig(env), {
    logger: createLogger({ level: process.env["PIXL_BENCH_LOG"] === "1" ? "error" : "silent" }),
  });
  const floor = Fastify();
  floor.post("/*", () => ({ success: true, data: { ok: true } }));
  try {
    await app.prepareDatabase();
    await app.http.app.listen({ port: 0, host: "127.0.0.1" });
    await floor.listen({ port: 0, host: "127.0.0.1" });
    const base = `http://127.0.0.1:${String((app.http.app.server.address() as AddressInfo).port)}`;
    const floorBase = `http://127.0.0.1:${String((floor.server.address() as AddressInfo).port)}`;
    const { token } = await createStoreWithToken(app.database, { subdomain: "bench" }, app.clock);
    const admin = async (path: string, body: unknown) =>
      (await (
        await fetch(`${base}/api/external/v1${path}`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify(body),
        })
      ).json()) as { data: { id: number } };
    const product = await admin("/products", { name: "VIP", price: "9.99" });
    // Each paid order queues a command for the game server's agent (rendered with the buyer's name).
    const server = await admin("/delivery-servers", { name: "Survival" });
    await admin(`/products/${String(product.data.id)}/commands`, {
      server_id: server.data.id,
      command: "lp user {player} parent add vip",
    });
    const store = `${base}/api/checkout/v1/stores/bench`;
    const json = { "content-type": "application/json" };
    let n = 0;
    const checkout = async () => {
      const basket = (await (
        await fetch(`${store}/baskets`, {
          method: "POST",
          headers: json,
          body: JSON.stringify({ email: `p${++n}@x.io`, username: "P" }),
        })
      ).json()) as { data: { token: string } };
      const tok = basket.data.token;
      await (
        await fetch(`${store}/baskets/${tok}/items`, {
          method: "POST",
          headers: json,
          body: JSON.stringify({ product_id: product.data.id }),
        })
      ).arrayBuffer();
      const out = (await (await fetch(`${store}/baskets/${tok}/checkout`, { method: "POST" })).json()) as {
        data: { payment: { redirect_url: string } };
      };
      const page = new URL(out.data.payment.redirect_url).pathname;
      const paid = await fetch(`${base}${page}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "card_number=4242424242424242&exp=12%2F40&cvc=123",
      });
      await paid.arrayBuffer();
      if (paid.status !== 200) throw new Error(`payment answered ${String(paid.status)}`);
    };
    const floorOnce = async () => {
      for (let i = 0; i < ROUND_TRIPS; i++)
        await (await fetch(`${floorBase}/x`, { method: "POST", headers: json, body: "{}" })).arrayBuffer();
    };
    await timed(BUYERS, 1, checkout); // warm-up
    const ours = await timed(BUYERS, SECONDS, checkout);
    const bare = await timed(BUYERS, SECONDS, floorOnce);
    const paidOrders = await app.database.kysely
      .selectFrom("store_orders")
      .select((eb) => eb.fn.countAll<string | number>().as("n"))
      .where("payment_status", "=", "paid")
      .executeTakeFirstOrThrow();
    const queued = await app.database.kysely
      .selectFrom("store_delivery_commands")
      .select((eb) => eb.fn.countAll<string | number>().as("n"))
      .executeTakeFirstOrThrow();
    return {
      name: `checkout.${dialect}`,
      metrics: {
        checkouts_per_s: round(ours.perSecond, 1),
        checkout_p50_ms: round(ours.p50, 1),
        checkout_p99_ms: round(ours.p99, 1),
        floor_4_round_trips_per_s: round(bare.perSecond, 1),
        paid_orders: Number(paidOrders.n),
        commands_queued: Number(queued.n),
        buyers: BUYERS,
      },
      ratios: { vs_floor: ours.perSecond / bare.perSecond },
      notes: [
        "one checkout = 4 HTTP requests (basket, item, checkout, hosted-page card POST, whose sandbox event passes the signed webhook in process)",
        "each paid order queues its product's command for the game server (deliveries scheduler, same transaction)",
        "checkout rate limits are counted at budgets that never refuse (every buyer is 127.0.0.1)",
      ],
    };
  } finally {
    await floor.close();
    await app.close();
    await t.dispose();
  }
}

export const bench: Bench = {
  id: "checkout",
  description:
    "checkouts per second end to end (basket → paid order → command queued) vs a 4-round-trip floor, SQLite and PostgreSQL",
  async run() {
    const reports: BenchReport[] = [];
    for (const d of testDialects) reports.push(await runDialect(d));
    return reports;
  },
};
