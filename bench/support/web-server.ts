// A server for the web console benchmark, in its own process: the whole app (SQLite, the built console)
// with a store seeded with `orders` orders over a year, its owner, and a bare static page at /bench-floor
// (the floor: same server, same socket, no app code). Prints one JSON line when ready.
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createApp } from "../../packages/server/src/app.js";
import { addMembership, createUser } from "../../packages/server/src/console/account.service.js";
import { loadConfig } from "../../packages/server/src/core/config/index.js";
import { createLogger } from "../../packages/server/src/core/logging/logger.js";
import { seedDemoStore } from "../../packages/server/src/store/demo/demo-seed.js";
import { createStoreWithToken } from "../../packages/server/src/store/stores/store.service.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const FLOOR = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Floor</title></head>
<body><main><h1>Dashboard</h1><p>A bare static page: the floor for first render.</p></main></body></html>`;

async function main(): Promise<void> {
  const orders = Number(process.argv[2] ?? "100000");
  const app = createApp(
    loadConfig({
      PIXL_DATA_DIR: mkdtempSync(path.join(tmpdir(), "pixl-bench-web-")),
      PIXL_SECRET_KEY: randomBytes(32).toString("hex"),
      PIXL_WEB_DIR: path.join(here, "../../packages/web/dist"),
    }),
    { logger: createLogger({ level: "silent" }) },
  );
  await app.prepareDatabase();
  const { store } = await createStoreWithToken(
    app.database,
    { subdomain: "bench", name: "Bench" },
    app.clock,
  );
  const started = performance.now();
  await seedDemoStore(app.database, app.clock, store, { orders, days: 365 });
  const seedSeconds = (performance.now() - started) / 1000;
  const owner = { email: "owner@bench.test", password: "bench owner password" };
  const user = await createUser(app.database.kysely, app.clock, owner);
  await addMembership(app.database.kysely, app.clock, user.id, { store: "bench" }, "owner");
  app.http.app.get("/bench-floor", (_request, reply) => reply.type("text/html; charset=utf-8").send(FLOOR));
  const url = await app.http.app.listen({ port: 0, host: "127.0.0.1" });
  process.stdout.write(`${JSON.stringify({ url, ...owner, seedSeconds: seedSeconds.toFixed(1) })}\n`);
  process.once("SIGTERM", () => void app.close().then(() => process.exit(0)));
}

await main();
