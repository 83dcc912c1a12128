// Store API benchmark on a store with 100,000 orders: GET /orders?status=pending&per_page=15 and
// GET /products/{id} requests/s and p99 against a bare-Fastify floor answering a constant body of the same
// size, in the same run; and GET /analytics/revenue over a year. SQLite, then PostgreSQL when reachable.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import autocannon, { type AutocannonResult } from "autocannon";
import type { Dialect } from "../packages/server/src/core/db/index.js";
import { createTestDatabase, testDialects } from "../packages/server/test/support/databases.js";
import { percentile, round, type Bench, type BenchReport } from "./harness.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const SERVER = path.join(here, "support/store-server.ts");
const CONNECTIONS = 32;
const SECONDS = 5;
/** Rounds of (floor, ours) pairs per endpoint, interleaved so machine load drifts hit both alike. */
const ROUNDS = 2;
const ANALYTICS_SAMPLES = 9;
const API = "/api/external/v1";

interface Server {
  info: Record<string, string>;
  child: ChildProcess;
}

async function startServer(args: string[]): Promise<Server> {
  const child = spawn(process.execPath, ["--import", "tsx", SERVER, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const info = await new Promise<Record<string, string>>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`store bench server exited (code ${String(code)})`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once("line", (line) =>
      resolve(JSON.parse(line) as Record<string, string>),
    );
  });
  return { info, child };
}

async function stop(server: Server): Promise<void> {
  const exited = new Promise((resolve) => server.child.once("exit", resolve));
  server.child.kill("SIGTERM");
  await exited;
}

async function load(url: string, headers: Record<string, string> = {}): Promise<AutocannonResult> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers });
  if (result.errors > 0 || result.timeouts > 0 || result.non2xx > 0)
    throw new Error(`${url}: ${String(result.errors)} errors, ${String(result.non2xx)} non-2xx`);
  return result;
}

function best(results: AutocannonResult[]): { rps: number; p99: number } {
  const top = results.reduce((x, y) => (y.requests.average > x.requests.average ? y : x));
  return { rps: top.requests.average, p99: top.latency.p99 };
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

async function runDialect(dialect: Dialect): Promise<BenchReport[]> {
  const database = dialect === "postgres" ? await createTestDatabase("postgres") : undefined;
  const ours = await startServer(["app", database?.url ?? ""]);
  let floor: Server | undefined;
  try {
    const { url, token, seedSeconds } = ours.info as { url: string; token: string; seedSeconds: string };
    const headers = { authorization: `Bearer ${token}` };
    const endpoints = {
      orders: `${url}${API}/orders?status=pending&per_page=15`,
      product: `${url}${API}/products/5`,
    };
    const dir = mkdtempSync(path.join(tmpdir(), "pixl-bench-floor-"));
    const bodies: Record<string, string> = {};
    for (const [name, endpoint] of Object.entries(endpoints)) {
      const r = await fetch(endpoint, { headers });
      bodies[name] = await r.text();
      if (r.status !== 200) throw new Error(`${endpoint}: ${String(r.status)} ${bodies[name]}`);
      writeFileSync(path.join(dir, `${name}.json`), bodies[name]);
    }
    floor = await startServer(["floor", path.join(dir, "orders.json"), path.join(dir, "product.json")]);
    const floorUrl = (floor.info as { url: string }).url;

    const reports = await measureEndpoints(dialect, floorUrl, endpoints, headers, {
      label: "",
      targets: true,
      note: `store seeded with 100,000 orders in ${seedSeconds} s; read cache on (the default)`,
    });
    for (const granularity of ["day", "month"] as const) {
      const now = Date.now();
      const query = `from=${day(now - 364 * 86_400_000)}&to=${day(now)}&granularity=${granularity}`;
      const revenueUrl = `${url}${API}/analytics/revenue?${query}`;
      const times: number[] = [];
      let orders = 0;
      for (let i = 0; i < ANALYTICS_SAMPLES; i++) {
        const started = performance.now();
        const r = await fetch(revenueUrl, { headers });
        const json = (await r.json()) as { data: { total_orders: number } };
        times.push(performance.now() - started);
        orders = json.data.total_orders;
      }
      const median = percentile(times, 50);
      reports.push({
        name: `store.${dialect}.analytics.revenue.${granularity}`,
        metrics: {
          paid_orders_counted: orders,
          median_ms: round(median, 1),
          max_ms: round(Math.max(...times), 1),
        },
        targets: [{ description: "< 100 ms over a year of 100,000 orders", met: median < 100 }],
        notes: [`median of ${String(ANALYTICS_SAMPLES)} sequential requests`],
      });
    }
    // The same requests with the read cache off: what every request costs when it runs its queries (a
    // client paging through many different pages, or the first request after a write).
    const uncachedDatabase = dialect === "postgres" ? await createTestDatabase("postgres") : undefined;
    const uncached = await startServer(["app", uncachedDatabase?.url ?? "", "no-cache"]);
    try {
      const u = uncached.info as { url: string; token: string };
      reports.push(
        ...(await measureEndpoints(
          dialect,
          floorUrl,
          {
            orders: endpoints.orders.replace(url, u.url),
            product: endpoints.product.replace(url, u.url),
          },
          { authorization: `Bearer ${u.token}` },
          { label: ".uncached", targets: false, note: "read cache off (PIXL_STORE_READ_CACHE_MB=0)" },
        )),
      );
    } finally {
      await stop(uncached);
      await uncachedDatabase?.dispose();
    }
    return reports;
  } finally {
    if (floor) await stop(floor);
    await stop(ours);
    await database?.dispose();
  }
}

/** Each endpoint against the floor's same-sized constant body, interleaved, best of ROUNDS each. */
async function measureEndpoints(
  dialect: Dialect,
  floorUrl: string,
  endpoints: Record<string, string>,
  headers: Record<string, string>,
  options: { label: string; targets: boolean; note: string },
): Promise<BenchReport[]> {
  const reports: BenchReport[] = [];
  for (const [name, endpoint] of Object.entries(endpoints)) {
    const floorRuns: AutocannonResult[] = [];
    const ourRuns: AutocannonResult[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      floorRuns.push(await load(`${floorUrl}/${name}`));
      ourRuns.push(await load(endpoint, headers));
    }
    const body = await (await fetch(endpoint, { headers })).text();
    const f = best(floorRuns);
    const o = best(ourRuns);
    const ratio = o.rps / f.rps;
    reports.push({
      name: `store.${dialect}.${name}${options.label}`,
      metrics: {
        request: new URL(endpoint).pathname + new URL(endpoint).search,
        requests_per_s: round(o.rps, 0),
        p99_ms: o.p99,
        floor_requests_per_s: round(f.rps, 0),
        floor_p99_ms: f.p99,
        body_bytes: Buffer.byteLength(body),
      },
      ratios: { vs_floor: round(ratio, 3) },
      targets: options.targets
        ? [
            ...(dialect === "sqlite"
              ? [{ description: "≥ 0.4 of the constant-response floor", met: ratio >= 0.4 }]
              : []),
            { description: `p99 < 25 ms at ${String(CONNECTIONS)} connections`, met: o.p99 < 25 },
          ]
        : [],
      notes: [`best of ${String(ROUNDS)} interleaved ${String(SECONDS)} s runs each; ${options.note}`],
    });
  }
  return reports;
}

export const bench: Bench = {
  id: "store",
  description: `Store API on 100,000 orders: pending orders page and product detail vs a constant-body Fastify floor (${String(CONNECTIONS)} connections, ${String(SECONDS)} s runs); revenue analytics over a year`,
  async run(): Promise<BenchReport[]> {
    const reports: BenchReport[] = [];
    for (const dialect of testDialects) reports.push(...(await runDialect(dialect)));
    return reports;
  },
};
