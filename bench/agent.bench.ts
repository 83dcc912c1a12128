// Agent poll → claim latency: 1,000 pending commands across 100 servers, each server polled over HTTP until its
// queue is empty; the floor is a GET of a bare Fastify route in the same process (no auth, no claim).
import type { AddressInfo } from "node:net";
import Fastify from "fastify";
import { createStoreTestApp } from "../packages/server/test/fixtures/store-api-harness.js";
import { testDialects } from "../packages/server/test/support/databases.js";
import { createServer } from "../packages/server/src/store/deliveries/delivery-server.service.js";
import { percentile, round, type Bench, type BenchReport } from "./harness.js";

const SERVERS = 100;
const PER_SERVER = 10;

async function runOne(dialect: "sqlite" | "postgres"): Promise<BenchReport> {
  const t = await createStoreTestApp(dialect, { deliveryOptions: { maxBatch: 5 } });
  const bare = Fastify();
  bare.get("/bench/floor", () => ({ success: true, data: [], meta: {} }));
  await bare.listen({ port: 0, host: "127.0.0.1" });
  const floorUrl = `http://127.0.0.1:${(bare.server.address() as AddressInfo).port}/bench/floor`;
  const { store } = await t.createStore({ subdomain: "bench" });
  await t.http.app.listen({ port: 0, host: "127.0.0.1" });
  const base = `http://127.0.0.1:${(t.http.app.server.address() as AddressInfo).port}`;
  const servers: { id: number; server_secret: string; store_secret?: string }[] = [];
  for (let i = 0; i < SERVERS; i++) {
    // Created directly: the API token's own rate limit (60/min) would throttle the set-up.
    servers.push(
      await createServer(t.db.database.kysely, store.id, { name: `s${i}`, rate_limit: 60000 }, t.clock),
    );
  }
  const storeSecret = servers[0]?.store_secret ?? "";
  const now = t.clock.now();
  await t.db.database.kysely
    .insertInto("store_delivery_commands")
    .values(
      servers.flatMap((s) =>
        Array.from({ length: PER_SERVER }, (_, k) => ({
          store_id: store.id,
          server_id: s.id,
          order_id: null,
          order_item_id: null,
          subscription_id: null,
          product_id: null,
          resend_of: null,
          kind: "purchase" as const,
          command: `give p${k} diamond`,
          player: null,
          require_online: 0,
          status: "pending" as const,
          last_error: null,
          created_at: now,
          updated_at: now,
          failed_at: null,
        })),
      ),
    )
    .execute();
  const claim: number[] = [];
  const floor: number[] = [];
  let claimed = 0;
  // 16 concurrent pollers over distinct servers; each poll claims up to 5 commands (two polls per server, then empty).
  const queue = servers.flatMap((s) => [s, s, s]);
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let s = queue.shift(); s; s = queue.shift()) {
        let start = performance.now();
        const r = await fetch(`${base}/api/v1/agent/commands/pending`, {
          headers: { "x-store-secret": storeSecret, "x-server-secret": s.server_secret },
        });
        claimed += ((await r.json()) as { data: unknown[] }).data.length;
        claim.push(performance.now() - start);
        start = performance.now();
        await (await fetch(floorUrl)).json();
        floor.push(performance.now() - start);
      }
    }),
  );
  await t.close();
  await bare.close();
  const p99 = percentile(claim, 99);
  const floorP99 = percentile(floor, 99);
  return {
    name: `agent poll → claim (${dialect})`,
    metrics: {
      polls: claim.length,
      commands_claimed: claimed,
      claim_p50_ms: round(percentile(claim, 50)),
      claim_p99_ms: round(p99),
      floor_p50_ms: round(percentile(floor, 50)),
      floor_p99_ms: round(floorP99),
    },
    ratios: { claim_p99_over_floor_p99: p99 / floorP99 },
    notes: [`${SERVERS} servers × ${PER_SERVER} pending commands, 16 concurrent pollers, batches of 5`],
  };
}

export const bench: Bench = {
  id: "agent",
  description: "agent poll → claim latency with 1,000 pending commands across 100 servers",
  async run() {
    const reports: BenchReport[] = [];
    for (const d of testDialects) reports.push(await runOne(d));
    return reports;
  },
};
