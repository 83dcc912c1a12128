// Retry behaviour the live server cannot stage at will: a 429 that clears, HTTP-date Retry-After, a body
// that is not JSON, a connection that fails.
import { afterEach, describe, expect, it } from "vitest";
import { PixlConnectionError, ServerError, createStoreClient } from "../src/index.js";
import { parseRetryAfter } from "../src/core/retry-after.js";
import { startLoopback, type Loopback } from "./support/loopback.js";

describe("Store transport", () => {
  let server: Loopback | undefined;
  afterEach(async () => {
    await server?.close();
  });

  it("retries a 429 after Retry-After with the same Idempotency-Key, then succeeds", async () => {
    let calls = 0;
    server = await startLoopback(() =>
      ++calls < 3
        ? {
            status: 429,
            headers: { "retry-after": "2" },
            body: { success: false, error: "Too Many Requests", message: "slow" },
          }
        : { status: 201, body: { success: true, data: { id: 7 } } },
    );
    const waits: number[] = [];
    const store = createStoreClient({
      url: server.url,
      token: "sk_live_x",
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    });
    const created = await store.products.create({ name: "A", price: "1.00" });
    expect(created).toEqual({ id: 7 });
    expect(waits).toEqual([2000, 2000]);
    const keys = server.requests.map((r) => r.headers["idempotency-key"]);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(server.requests[0]?.headers["authorization"]).toBe("Bearer sk_live_x");
    // GETs carry no key.
    calls = 10;
    await store.products.list();
    expect(server.requests.at(-1)?.headers["idempotency-key"]).toBeUndefined();
  });

  it("reads Retry-After as seconds or an HTTP date", () => {
    expect(parseRetryAfter("3", 0)).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter("soon", 0)).toBeUndefined();
    expect(parseRetryAfter(null, 0)).toBeUndefined();
  });

  it("turns a non-envelope 5xx into ServerError and a refused connection into PixlConnectionError", async () => {
    server = await startLoopback(() => ({ status: 502, body: "bad gateway" }));
    const store = createStoreClient({ url: server.url, token: "t" });
    await expect(store.orders.list()).rejects.toMatchObject({ status: 502 });
    await expect(store.orders.list()).rejects.toBeInstanceOf(ServerError);
    const url = server.url;
    await server.close();
    server = undefined;
    await expect(createStoreClient({ url, token: "t" }).orders.list()).rejects.toBeInstanceOf(
      PixlConnectionError,
    );
  });
});
