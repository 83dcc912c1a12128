// Idempotency-Key on Store API POSTs, on both engines: replay, mismatch, scoping per token, expiry.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createStoreTestApp, type StoreTestApp } from "./fixtures/store-api-harness.js";
import { testDialects } from "./support/databases.js";

describe.each(testDialects)("Store API idempotency on %s", (dialect) => {
  let t: StoreTestApp;
  let token: string;
  beforeEach(async () => {
    t = await createStoreTestApp(dialect);
    token = (await t.createStore({ subdomain: "alpha" })).token;
  });
  afterEach(async () => {
    await t.close();
  });

  const post = (body: unknown, key?: string, as = token, rawBody?: string) =>
    t.call("POST", "/products", {
      token: as,
      ...(rawBody === undefined ? { body } : { rawBody }),
      headers: key === undefined ? {} : { "idempotency-key": key },
    });
  const count = async () =>
    ((await t.call("GET", "/products", { token })).json() as { meta: { total: number } }).meta.total;

  it("replays the first response for the same key and body, without doing the work twice", async () => {
    const first = await post({ name: "VIP", price: "5" }, "k-1");
    expect(first.status).toBe(201);
    expect(first.headers["idempotent-replayed"]).toBeUndefined();
    t.clock.advance(60_000);
    const second = await post({ name: "VIP", price: "5" }, "k-1");
    expect(second.status).toBe(201);
    expect(second.headers["idempotent-replayed"]).toBe("true");
    expect(second.json()).toEqual(first.json());
    expect(await count()).toBe(1);
    expect(t.published).toHaveLength(1);
    // Without a key, every POST is a new request.
    await post({ name: "VIP", price: "5" });
    expect(await count()).toBe(2);
  });

  it("refuses a key reused with a different body (422) and keeps keys per token", async () => {
    await post({ name: "VIP", price: "5" }, "k-2");
    const reused = await post({ name: "VIP", price: "6" }, "k-2");
    expect(reused.status).toBe(422);
    expect(reused.json()).toMatchObject({ success: false, error: "VALIDATION_ERROR" });
    expect((reused.json() as { errors: object }).errors).toHaveProperty("Idempotency-Key");
    const other = await t.call("POST", "/tokens", {
      token,
      body: { name: "o", scopes: ["products:write", "products:read"] },
    });
    const otherToken = (other.json() as { data: { token: string } }).data.token;
    const theirs = await post({ name: "VIP", price: "6" }, "k-2", otherToken);
    expect(theirs.status).toBe(201);
    expect(theirs.headers["idempotent-replayed"]).toBeUndefined();
    expect(await count()).toBe(2);
  });

  it("does not remember requests refused before they ran, and replays errors from ones that did", async () => {
    expect((await post(undefined, "k-3", token, "{bad json")).status).toBe(400);
    expect((await post({ name: 5 }, "k-3")).status).toBe(422);
    expect((await post({ name: "VIP", price: "5" }, "k-3")).status).toBe(201);
    const taken = await post({ name: "Other", slug: "vip", price: "1" }, "k-4");
    expect(taken.status).toBe(422);
    const replay = await post({ name: "Other", slug: "vip", price: "1" }, "k-4");
    expect(replay.status).toBe(422);
    expect(replay.headers["idempotent-replayed"]).toBe("true");
    expect((await post({ name: "x", price: "1" }, "bad key with spaces")).status).toBe(422);
    expect(await count()).toBe(1);
  });

  it("forgets keys after 24 hours", async () => {
    await post({ name: "VIP", price: "5" }, "k-5");
    t.clock.advance(24 * 60 * 60 * 1000 + 1);
    const again = await post({ name: "VIP", price: "5" }, "k-5");
    expect(again.status).toBe(201);
    expect(again.headers["idempotent-replayed"]).toBeUndefined();
    expect(await count()).toBe(2);
  });
});
