// A PostgreSQL that is down when Pixl starts: HTTP answers, /readyz explains, and Pixl recovers by itself.
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createApp, type App } from "../src/app.js";
import { loadConfig } from "../src/core/config/index.js";
import { createLogger } from "../src/core/logging/logger.js";
import { TEST_POSTGRES_URL, testDialects } from "./support/databases.js";

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/** A TCP proxy to the real PostgreSQL, started late to play "the database came up". */
async function startProxy(port: number, target: URL): Promise<net.Server> {
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    client.pipe(upstream).pipe(client);
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  return server;
}

describe.runIf(testDialects.includes("postgres"))("PostgreSQL down at start", () => {
  let app: App | undefined;
  let proxy: net.Server | undefined;
  afterEach(async () => {
    await app?.close();
    await new Promise<void>((r) => (proxy ? proxy.close(() => r()) : r()));
  });

  it("serves /healthz, explains /readyz with 503, then becomes ready when the database appears", async () => {
    const port = await freePort();
    const target = new URL(TEST_POSTGRES_URL);
    const url = new URL(TEST_POSTGRES_URL);
    url.host = `127.0.0.1:${port}`;
    const config = loadConfig({ DATABASE_URL: url.toString(), PIXL_DATA_DIR: "/tmp/pixl-down-test" });
    app = createApp(config, { logger: createLogger({ level: "silent" }), migrations: [] });
    const preparing = app.prepareDatabase({ retry: true });

    const health = await app.http.app.inject({ url: "/healthz" });
    expect(health.statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    const notReady = await app.http.app.inject({ url: "/readyz" });
    expect(notReady.statusCode).toBe(503);
    expect(notReady.json<{ reason: string }>().reason).toMatch(/PostgreSQL at postgres:\/\/.*is unreachable/);

    proxy = await startProxy(port, target);
    await preparing;
    const ready = await app.http.app.inject({ url: "/readyz" });
    expect(ready.statusCode).toBe(200);
  }, 20_000);

  it("fails at once with a clear message when not asked to retry (pixl migrate)", async () => {
    const port = await freePort();
    const url = new URL(TEST_POSTGRES_URL);
    url.host = `127.0.0.1:${port}`;
    app = createApp(loadConfig({ DATABASE_URL: url.toString() }), {
      logger: createLogger({ level: "silent" }),
      migrations: [],
    });
    await expect(app.prepareDatabase()).rejects.toThrow(/is unreachable/);
  });
});
