// Webhook engine throughput and latency, each against a floor measured in the same run.
import { spawn } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Agent, request } from "undici";
import { createApp, type App } from "../packages/server/src/app.js";
import { loadConfig } from "../packages/server/src/core/config/index.js";
import { createLogger } from "../packages/server/src/core/logging/logger.js";
import { percentile, round, type Bench, type BenchReport } from "./harness.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const N = 5_000;
const CONCURRENCY = 64;
const store = { kind: "store" as const, id: 1 };

async function startSink(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, [path.join(here, "support/sink-server.cjs")], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<string>((resolve) =>
    child.stdout.once("data", (d: Buffer) => resolve(d.toString().trim())),
  );
  return { url: `http://127.0.0.1:${port}/hook`, stop: () => child.kill() };
}

/** The floor: a bare loop of signed POSTs of the same bodies with the same concurrency over keep-alive. */
async function measureFloor(url: string): Promise<number> {
  const agent = new Agent({ connections: CONCURRENCY, keepAliveTimeout: 60_000 });
  const secret = "whsec_floor";
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < N) {
        const i = next++;
        const body = JSON.stringify({
          id: `wh_del_${i}`,
          event_type: "order.received",
          created_at: new Date().toISOString(),
          data: { n: i },
        });
        const res = await request(url, {
          method: "POST",
          dispatcher: agent,
          body,
          headers: {
            "content-type": "application/json",
            "x-webhook-signature": createHmac("sha256", secret).update(body).digest("hex"),
          },
        });
        await res.body.dump();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await agent.close();
  return N / seconds;
}

function createBenchApp(dialectUrl: string | undefined): App {
  const env: Record<string, string> = {
    PIXL_DATA_DIR: mkdtempSync(path.join(tmpdir(), "pixl-bench-")),
    PIXL_SECRET_KEY: randomBytes(32).toString("hex"),
    PIXL_ALLOW_PRIVATE_NETWORKS: "1",
    PIXL_IO_CONCURRENCY: String(CONCURRENCY),
    PIXL_WORKER_POLL_MS: "20",
  };
  if (dialectUrl !== undefined) env["DATABASE_URL"] = dialectUrl;
  return createApp(loadConfig(env), { logger: createLogger({ level: "silent" }) });
}

async function countDelivered(app: App): Promise<number> {
  const r = await app.database.kysely
    .selectFrom("webhook_deliveries")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("status", "=", "delivered")
    .executeTakeFirstOrThrow();
  return r.n;
}

async function measureEngine(url: string): Promise<{ perSecond: number; publishPerSecond: number }> {
  const app = createBenchApp(undefined);
  await app.prepareDatabase();
  await app.webhooks.createEndpoint(store, { url, events: ["*"], maxConcurrency: CONCURRENCY });
  const p0 = performance.now();
  await app.database.kysely.transaction().execute(async (trx) => {
    for (let i = 0; i < N; i++) await app.webhooks.publish(trx, store, "order.received", { n: i });
  });
  const publishPerSecond = N / ((performance.now() - p0) / 1000);
  const started = performance.now();
  await app.startWorker();
  while ((await countDelivered(app)) < N) await new Promise((r) => setTimeout(r, 20));
  const perSecond = N / ((performance.now() - started) / 1000);
  await app.close();
  return { perSecond, publishPerSecond };
}

/** Event committed → first attempt received, on an idle engine, with an in-process receiver. */
async function measureLatency(samples: number): Promise<number[]> {
  const arrivals = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const id = String(req.headers["x-webhook-id"]);
    arrivals.set(id, performance.now());
    req.resume();
    res.writeHead(200).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  const app = createBenchApp(undefined);
  await app.prepareDatabase();
  await app.webhooks.createEndpoint(store, { url, events: ["*"] });
  await app.startWorker();
  const latencies: number[] = [];
  for (let i = 0; i < samples; i++) {
    const { deliveryIds } = await app.database.kysely
      .transaction()
      .execute((trx) => app.webhooks.publish(trx, store, "order.received", { n: i }));
    const committed = performance.now();
    const id = deliveryIds[0] ?? "";
    while (!arrivals.has(id)) await new Promise((r) => setImmediate(r));
    latencies.push((arrivals.get(id) ?? committed) - committed);
    await new Promise((r) => setTimeout(r, 5 + (i % 7)));
  }
  await app.close();
  server.closeAllConnections();
  server.close();
  return latencies;
}

export const bench: Bench = {
  id: "webhooks",
  description: `webhook deliveries/s (${N} deliveries, concurrency ${CONCURRENCY}, SQLite) vs a bare signed-POST loop; commit → first attempt latency`,
  async run(): Promise<BenchReport[]> {
    const sink = await startSink();
    try {
      const floor = await measureFloor(sink.url);
      const engine = await measureEngine(sink.url);
      const latencies = await measureLatency(200);
      const ratio = engine.perSecond / floor;
      const p50 = percentile(latencies, 50);
      const p99 = percentile(latencies, 99);
      return [
        {
          name: "webhooks.sqlite.throughput",
          metrics: {
            deliveries_per_s: round(engine.perSecond, 0),
            floor_posts_per_s: round(floor, 0),
            publish_events_per_s: round(engine.publishPerSecond, 0),
          },
          ratios: { vs_floor: round(ratio, 3) },
          targets: [
            { description: "≥ 0.5 of the floor", met: ratio >= 0.5 },
            { description: "≥ 1,500 deliveries/s", met: engine.perSecond >= 1500 },
          ],
        },
        {
          name: "webhooks.sqlite.latency",
          metrics: { samples: latencies.length, p50_ms: round(p50), p99_ms: round(p99) },
          targets: [
            { description: "p50 < 50 ms", met: p50 < 50 },
            { description: "p99 < 250 ms", met: p99 < 250 },
          ],
        },
      ];
    } finally {
      sink.stop();
    }
  },
};
