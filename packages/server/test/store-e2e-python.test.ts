// End to end over a real socket: the seed's Python `requests` examples run unchanged against the Store API.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createStoreTestApp, type StoreTestApp } from "./fixtures/store-api-harness.js";
import { testDialects } from "./support/databases.js";

const run = promisify(execFile);
const script = path.join(import.meta.dirname, "fixtures", "store-seed-examples.py");

describe.each(testDialects)("seed Python examples against the Store API on %s", (dialect) => {
  let t: StoreTestApp;
  let token: string;
  let baseUrl: string;

  beforeEach(async () => {
    t = await createStoreTestApp(dialect);
    token = (await t.createStore({ subdomain: "yourstore" })).token;
    const product = async (name: string, price: string) =>
      t.call("POST", "/products", { token, body: { name, price } });
    await product("VIP Rank", "29.99");
    await product("Legend Key", "4.50");
    for (const [email, created_at, status, payment_status] of [
      ["player@example.com", "2025-01-10T10:00:00Z", "pending", "paid"],
      ["other@example.com", "2025-01-15T10:00:00Z", "pending", "pending"],
      ["late@example.com", "2025-02-15T10:00:00Z", "completed", "paid"],
    ] as const) {
      t.clock.set(Date.UTC(2025, 2, 1));
      await t.call("POST", "/orders", {
        token,
        body: { customer: { email }, items: [{ product_id: 1 }], status, payment_status, created_at },
      });
    }
    await t.http.app.listen({ host: "127.0.0.1", port: 0 });
    const { port } = t.http.app.server.address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${port}/api/external/v1`;
  });
  afterEach(async () => {
    await t.close();
  });

  it("fetches products and orders, fulfils order 1, reads revenue and handles the 404 as the docs show", async () => {
    const { stdout, stderr } = await run("/usr/bin/python3", [script], {
      env: { PATH: process.env["PATH"] ?? "", PIXLPAY_TOKEN: token, PIXL_BASE_URL: baseUrl },
      timeout: 20_000,
    });
    expect(stderr).toBe("");
    expect(stdout.trim().split("\n")).toEqual([
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
      "--- Analytics",
      "Revenue: $29.99",
      "Orders: 1",
      "AOV: $29.99",
      "--- Error Handling",
      "Error: Product not found",
      "Resource not found",
    ]);
    const order = await t.call("GET", "/orders/1", { token });
    expect(order.json()).toMatchObject({ data: { status: "completed", order_number: "ORD-2025-001" } });
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
