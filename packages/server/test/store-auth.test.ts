// Store API authentication on both engines: tokens, Host/token agreement, scopes, rate limits, token management.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createStoreTestApp, type StoreTestApp } from "./fixtures/store-api-harness.js";
import { testDialects } from "./support/databases.js";

interface TokenJson {
  id: number;
  name: string;
  prefix: string;
  scopes: string[];
  rate_limit: number;
  expires_at: string | null;
  revoked_at: string | null;
  token?: string;
}

describe.each(testDialects)("Store API auth on %s", (dialect) => {
  let t: StoreTestApp;
  let token: string;
  beforeEach(async () => {
    t = await createStoreTestApp(dialect, { storeDomain: "shops.test" });
    token = (await t.createStore({ subdomain: "alpha" })).token;
  });
  afterEach(async () => {
    await t.close();
  });

  async function newToken(body: Record<string, unknown>): Promise<TokenJson> {
    const r = await t.call("POST", "/tokens", { token, body });
    expect(r.status).toBe(201);
    return (r.json() as { data: TokenJson }).data;
  }

  it("creates stores with a full-access sk_live_ token and refuses a taken subdomain", async () => {
    expect(token).toMatch(/^sk_live_[0-9A-Za-z]{43}$/);
    await expect(t.createStore({ subdomain: "ALPHA" })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(t.createStore({ subdomain: "bad_name" })).rejects.toMatchObject({
      code: "validation_failed",
    });
    await expect(t.createStore({ subdomain: "beta", currency: "XXY" })).rejects.toMatchObject({
      code: "validation_failed",
    });
    const beta = await t.createStore({ subdomain: "beta", currency: "eur", timeZone: "Europe/Berlin" });
    expect(beta.store).toMatchObject({
      subdomain: "beta",
      name: "beta",
      currency: "EUR",
      timeZone: "Europe/Berlin",
    });
    const r = await t.call("GET", "/tokens", { token });
    expect(r.status).toBe(200);
    expect(r.body).not.toContain(token);
  });

  it("answers 401 with the documented body for missing, unknown, malformed, revoked and expired tokens", async () => {
    const expected = { success: false, error: "Unauthorized", message: "Invalid or missing API token" };
    for (const auth of [undefined, "sk_live_" + "a".repeat(43), "garbage", token.slice(0, -1)]) {
      const r = await t.call("GET", "/tokens", auth === undefined ? {} : { token: auth });
      expect(r.status).toBe(401);
      expect(r.json()).toEqual(expected);
    }
    const expiring = await newToken({
      name: "soon",
      scopes: ["settings:read"],
      expires_at: "2025-01-20T13:00:00Z",
    });
    expect((await t.call("GET", "/tokens", { token: expiring.token ?? "" })).status).toBe(200);
    t.clock.advance(60 * 60 * 1000);
    expect((await t.call("GET", "/tokens", { token: expiring.token ?? "" })).json()).toEqual(expected);

    const doomed = await newToken({ name: "doomed", scopes: ["settings:read"] });
    const del = await t.call("DELETE", `/tokens/${doomed.id}`, { token });
    expect(del.json()).toEqual({ success: true, message: "Token revoked successfully" });
    const after = await t.call("GET", "/tokens", { token: doomed.token ?? "" });
    expect(after.status).toBe(401);
    const listed = (await t.call("GET", "/tokens", { token })).json() as { data: TokenJson[] };
    expect(listed.data.find((x) => x.id === doomed.id)?.revoked_at).not.toBeNull();
  });

  it("resolves the store from the Host and refuses a Host naming another store than the token's", async () => {
    const beta = await t.createStore({ subdomain: "beta" });
    const own = await t.call("GET", "/tokens", { token, headers: { host: "alpha.shops.test:8080" } });
    expect(own.status).toBe(200);
    const other = await t.call("GET", "/tokens", { token, headers: { host: "beta.shops.test" } });
    expect(other.status).toBe(401);
    const unknown = await t.call("GET", "/tokens", { token, headers: { host: "nobody.shops.test" } });
    expect(unknown.status).toBe(401);
    const betaOwn = await t.call("GET", "/tokens", {
      token: beta.token,
      headers: { host: "beta.shops.test" },
    });
    expect(betaOwn.status).toBe(200);
    // Any other host: the token alone decides, and it only ever sees its own store's tokens.
    const plain = (
      await t.call("GET", "/tokens", { token: beta.token, headers: { host: "127.0.0.1:9" } })
    ).json() as {
      data: TokenJson[];
    };
    expect(plain.data).toHaveLength(1);
  });

  it("answers 403 with the documented message when a scope is missing, and never grants beyond its own", async () => {
    const reader = await newToken({ name: "reader", scopes: ["settings:read"] });
    const r = await t.call("POST", "/tokens", {
      token: reader.token ?? "",
      body: { name: "x", scopes: ["settings:read"] },
    });
    expect(r.status).toBe(403);
    expect(r.json()).toEqual({
      success: false,
      error: "Forbidden",
      message: "Token does not have the required scope: settings:write",
    });
    const writer = await newToken({ name: "writer", scopes: ["settings:write"] });
    const escalate = await t.call("POST", "/tokens", {
      token: writer.token ?? "",
      body: { name: "x", scopes: ["*"] },
    });
    expect(escalate.status).toBe(422);
    expect((escalate.json() as { errors: Record<string, string[]> }).errors).toHaveProperty("scopes.0");
    const listed = (await t.call("GET", "/tokens", { token })).json() as { data: TokenJson[] };
    expect(listed.data.map((x) => x.name)).toEqual(["Default", "reader", "writer"]);
  });

  it("validates token creation with per-field errors", async () => {
    const r = await t.call("POST", "/tokens", {
      token,
      body: { scopes: ["products:read", "nope"], rate_limit: 5000 },
    });
    expect(r.status).toBe(422);
    expect(r.json()).toEqual({
      success: false,
      error: "VALIDATION_ERROR",
      message: "The given data was invalid",
      errors: {
        name: ["The name field is required."],
        "scopes.1": ["The selected scopes.1 is invalid."],
        rate_limit: ["The rate limit may not be greater than 1000."],
      },
    });
    const past = await t.call("POST", "/tokens", {
      token,
      body: { name: "x", scopes: ["*"], expires_at: "2020-01-01T00:00:00Z" },
    });
    expect(past.status).toBe(422);
    const created = await newToken({ name: "limited", scopes: ["settings:read"], rate_limit: 2 });
    expect(created).toMatchObject({ rate_limit: 2, scopes: ["settings:read"], revoked_at: null });
    expect(created.token?.startsWith(created.prefix)).toBe(true);
  });

  it("limits each token per minute: headers on every response, 429 with Retry-After, then recovers", async () => {
    const limited = await newToken({ name: "limited", scopes: ["settings:read"], rate_limit: 2 });
    const secret = limited.token ?? "";
    t.clock.set(Date.UTC(2025, 0, 20, 12, 5, 15));
    const first = await t.call("GET", "/tokens", { token: secret });
    expect(first.headers["x-ratelimit-limit"]).toBe("2");
    expect(first.headers["x-ratelimit-remaining"]).toBe("1");
    // Errors carry the headers too (403 here: the scope is missing).
    const second = await t.call("POST", "/tokens", { token: secret, body: { name: "x", scopes: ["*"] } });
    expect(second.status).toBe(403);
    expect(second.headers["x-ratelimit-remaining"]).toBe("0");
    const third = await t.call("GET", "/tokens", { token: secret });
    expect(third.status).toBe(429);
    expect(third.json()).toMatchObject({ success: false, error: "Too Many Requests" });
    expect(third.headers["retry-after"]).toBe("45");
    expect(third.headers["x-ratelimit-reset"]).toBe(String(Date.UTC(2025, 0, 20, 12, 6, 0) / 1000));
    // Other tokens have their own budget.
    expect((await t.call("GET", "/tokens", { token })).status).toBe(200);
    t.clock.advance(45_000);
    const recovered = await t.call("GET", "/tokens", { token: secret });
    expect(recovered.status).toBe(200);
    expect(recovered.headers["x-ratelimit-remaining"]).toBe("1");
  });

  it("revoking another store's token id answers 404", async () => {
    const beta = await t.createStore({ subdomain: "beta" });
    const betaTokens = (await t.call("GET", "/tokens", { token: beta.token })).json() as {
      data: TokenJson[];
    };
    const id = betaTokens.data[0]?.id ?? 0;
    const r = await t.call("DELETE", `/tokens/${id}`, { token });
    expect(r.status).toBe(404);
    expect(r.json()).toEqual({ success: false, error: "Not Found", message: "Token not found" });
    expect((await t.call("GET", "/tokens", { token: beta.token })).status).toBe(200);
    expect((await t.call("DELETE", "/tokens/abc", { token })).status).toBe(404);
  });
});
