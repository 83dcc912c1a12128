// End to end over a real socket: the seed's Python `requests` examples run unchanged against Pixl, with a
// token made by `pixl store create` and only the base URL changed.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp, type App } from "../src/app.js";
import { createFakeClock } from "../src/core/clock.js";
import { loadConfig } from "../src/core/config/index.js";
import { createSafeHttpClient } from "../src/core/http-client/index.js";
import { createLogger } from "../src/core/logging/logger.js";
import { createTestDatabase, testDialects, type TestDatabase } from "./support/databases.js";
import { runPixl } from "./support/pixl-process.js";
import { createTestEnv } from "./support/test-app.js";

const run = promisify(execFile);
const script = path.join(import.meta.dirname, "fixtures", "store-seed-examples.py");
const API = "/api/external/v1";

describe.each(testDialects)("seed Python examples against Pixl on %s", { timeout: 60_000 }, (dialect) => {
  let t: TestDatabase;
  let app: App;
  let token: string;
  let baseUrl: string;

  async function call(method: "GET" | "POST", url: string, body?: unknown) {
    const r = await app.http.app.inject({
      method,
      url: `${API}${url}`,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    if (r.statusCode >= 300) throw new Error(`${method} ${url}: ${r.statusCode} ${r.body}`);
    return r.json<{ data: Record<string, unknown> }>();
  }

  beforeEach(async () => {
    t = await createTestDatabase(dialect);
    const env = createTestEnv(t);
    const created = await runPixl(["store", "create", "yourstore", "--json"], env);
    expect(created.stderr).toBe("");
    token = (JSON.parse(created.stdout) as { token: string }).token;
    // The docs' webhook URL (yoursite.com) must pass the outbound-address check without real DNS.
    const httpClient = createSafeHttpClient({
      allowPrivateNetworks: true,
      resolveHost: () => Promise.resolve(["127.0.0.1"]),
    });
    app = createApp(loadConfig(env), {
      clock: createFakeClock(Date.UTC(2025, 2, 1)),
      httpClient,
      logger: createLogger({ level: "silent" }),
    });
    await app.prepareDatabase();
    await call("POST", "/products", { name: "VIP Rank", price: "29.99" });
    await call("POST", "/products", { name: "Legend Key", price: "4.50" });
    for (const [email, created_at, status, payment_status] of [
      ["player@example.com", "2025-01-10T10:00:00Z", "pending", "paid"],
      ["other@example.com", "2025-01-15T10:00:00Z", "pending", "pending"],
      ["late@example.com", "2025-02-15T10:00:00Z", "completed", "paid"],
    ] as const) {
      await call("POST", "/orders", {
        customer: { email },
        items: [{ product_id: 1 }],
        status,
        payment_status,
        created_at,
      });
    }
    await app.http.app.listen({ host: "127.0.0.1", port: 0 });
    const { port } = app.http.app.server.address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${port}${API}`;
  });
  afterEach(async () => {
    await app.close();
    await t.dispose();
  });

  it("runs every requests snippet of the seed with the documented results", async () => {
    const { stdout, stderr } = await run("/usr/bin/python3", [script], {
      env: { PATH: process.env["PATH"] ?? "", PIXLPAY_TOKEN: token, PIXL_BASE_URL: baseUrl },
      timeout: 20_000,
    });
    expect(stderr).toBe("");
    const lines = stdout.trim().split("\n");
    const secretLine = lines.findIndex((l) => l.startsWith("Webhook created! Secret: "));
    const secret = lines[secretLine]?.slice("Webhook created! Secret: ".length) ?? "";
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/); // 32 bytes, standard base64 (Standard Webhooks)
    lines[secretLine] = "Webhook created! Secret: <secret>";
    expect(lines).toEqual([
      "--- Fetching Products",
      "Legend Key - $4.50",
      "VIP Rank - $29.99",
      "single: VIP Rank",
      "--- Fetching Orders",
      "Order #ORD-2025-002 - other@example.com",
      "Order #ORD-2025-001 - player@example.com",
      "by date: 2",
      "--- Fulfilling Orders",
      "Order fulfilled successfully!",
      "--- Creating Webhooks",
      "Webhook created! Secret: <secret>",
      "--- Analytics",
      "Revenue: $29.99",
      "Orders: 1",
      "AOV: $29.99",
      "--- Error Handling",
      "Error: Product not found",
      "Resource not found",
    ]);
    const order = await call("GET", "/orders/1");
    expect(order).toMatchObject({ data: { status: "completed", order_number: "ORD-2025-001" } });
    const hooks = await call("GET", "/webhooks");
    expect(hooks.data).toEqual([
      expect.objectContaining({
        url: "https://yoursite.com/webhooks/pixlpay",
        events: ["order.received", "order.refunded", "subscription.cancelled"],
        is_active: true,
      }),
    ]);
    expect(JSON.stringify(hooks)).not.toContain(secret);
  });

  it("answers a wrong token over the wire with 401 and the rate-limit headers on success", async () => {
    const bad = await fetch(`${baseUrl}/products`, { headers: { authorization: "Bearer sk_live_nope" } });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({
      success: false,
      error: "Unauthorized",
      message: "Invalid or missing API token",
    });
    const good = await fetch(`${baseUrl}/products`, { headers: { authorization: `Bearer ${token}` } });
    expect(good.headers.get("x-ratelimit-limit")).toBe("60");
    expect(Number(good.headers.get("x-ratelimit-remaining"))).toBeLessThan(60);
  });
});
