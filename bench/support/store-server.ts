// A server for the store benchmark, run as its own process so the load generator does not share its event
// loop. `app [DATABASE_URL] [no-cache]`: the whole app (SQLite in a fresh data dir, or the given PostgreSQL)
// with one store seeded with 100,000 orders over a year, no workers (`no-cache`: the read cache off). `floor <orders.json> <product.json>`: bare
// Fastify answering those constant bodies at /orders and /product. Prints one JSON line when ready.
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import Fastify from "fastify";
import { sql } from "kysely";
import { createApp } from "../../packages/server/src/app.js";
import { loadConfig } from "../../packages/server/src/core/config/index.js";
import { createLogger } from "../../packages/server/src/core/logging/logger.js";
import { seedDemoStore } from "../../packages/server/src/store/demo/demo-seed.js";
import { createStoreWithToken } from "../../packages/server/src/store/stores/store.service.js";

export const BENCH_ORDERS = 100_000;

async function startApp(databaseUrl: string | undefined, readCache: boolean): Promise<void> {
  const env: Record<string, string> = {
    PIXL_DATA_DIR: mkdtempSync(path.join(tmpdir(), "pixl-bench-store-")),
    PIXL_SECRET_KEY: randomBytes(32).toString("hex"),
    PIXL_STORE_READ_CACHE_MB: readCache ? "32" : "0",
  };
  if (databaseUrl !== undefined) env["DATABASE_URL"] = databaseUrl;
  const app = createApp(loadConfig(env), { logger: createLogger({ level: "silent" }) });
  await app.prepareDatabase();
  const { store, token, tokenInfo } = await createStoreWithToken(
    app.database,
    { subdomain: "bench" },
    app.clock,
  );
  // The limiter still runs on every request (one upsert), but must not refuse the load generator.
  await app.database.kysely
    .updateTable("store_api_tokens")
    .set({ rate_limit: 1_000_000_000 })
    .where("id", "=", tokenInfo.id)
    .execute();
  const started = performance.now();
  await seedDemoStore(app.database, app.clock, store, { orders: BENCH_ORDERS, days: 365 });
  const seedSeconds = (performance.now() - started) / 1000;
  // The seed analyzes what it wrote. PostgreSQL also needs a vacuum before index-only scans skip the heap;
  // after a bulk insert autovacuum does that within minutes (its insert threshold), so do it now rather
  // than measure the minutes in between.
  if (app.database.dialect === "postgres")
    await sql`vacuum analyze store_orders`.execute(app.database.kysely);
  const url = await app.http.app.listen({ port: 0, host: "127.0.0.1" });
  const stopProfile = await startProfile();
  process.stdout.write(`${JSON.stringify({ url, token, seedSeconds: seedSeconds.toFixed(1) })}\n`);
  process.once("SIGTERM", () => void stopProfile().then(() => app.close().then(() => process.exit(0))));
}

/**
 * `PIXL_BENCH_PROFILE=<file>` records a CPU profile of the serving phase only (after the seed), written
 * at SIGTERM: what `--cpu-prof` would show without the seed's minutes in it.
 */
async function startProfile(): Promise<() => Promise<void>> {
  const file = process.env["PIXL_BENCH_PROFILE"];
  if (file === undefined || file === "") return () => Promise.resolve();
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  return async () => {
    const { profile } = await session.post("Profiler.stop");
    writeFileSync(file, JSON.stringify(profile));
  };
}

async function startFloor(ordersFile: string, productFile: string): Promise<void> {
  const orders = readFileSync(ordersFile, "utf8");
  const product = readFileSync(productFile, "utf8");
  const app = Fastify({ logger: false });
  app.get("/orders", (_request, reply) => reply.type("application/json; charset=utf-8").send(orders));
  app.get("/product", (_request, reply) => reply.type("application/json; charset=utf-8").send(product));
  const url = await app.listen({ port: 0, host: "127.0.0.1" });
  process.stdout.write(`${JSON.stringify({ url })}\n`);
  process.once("SIGTERM", () => void app.close().then(() => process.exit(0)));
}

const [mode, a, b = ""] = process.argv.slice(2);
if (mode === "floor") await startFloor(a ?? "", b);
else if (mode === "app") await startApp(a === "" ? undefined : a, b !== "no-cache");
