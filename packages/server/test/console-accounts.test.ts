// Console accounts over real HTTP on both engines: sign in/out, rate limits, CSRF, fixation, roles, tenants.
import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApp, type App } from "../src/app.js";
import { addMembership, createUser } from "../src/console/account.service.js";
import { createFakeClock } from "../src/core/clock.js";
import { loadConfig } from "../src/core/config/index.js";
import { createLogger } from "../src/core/logging/logger.js";
import { createStoreWithToken } from "../src/store/stores/store.service.js";
import { createTestDatabase, testDialects, type TestDatabase } from "./support/databases.js";
import { createTestEnv } from "./support/test-app.js";

const PASSWORD = "correct horse battery";

interface Session {
  cookie: string;
  csrf: string;
  body: {
    data: { user: { email: string }; memberships: { kind: string; subdomain?: string; role: string }[] };
  };
}

describe.each(testDialects)("console accounts on %s", (dialect) => {
  let t: TestDatabase;
  let app: App;
  let base: string;
  let alphaToken: string;
  const clock = createFakeClock(Date.UTC(2026, 5, 1));

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    app = createApp(loadConfig(createTestEnv(t, { PIXL_WEB_DIR: "off" })), {
      logger: createLogger({ level: "silent" }),
      clock,
    });
    await app.prepareDatabase();
    const db = app.database.kysely;
    alphaToken = (await createStoreWithToken(app.database, { subdomain: "alpha" }, clock)).token;
    await createStoreWithToken(app.database, { subdomain: "beta" }, clock);
    for (const [email, role] of [
      ["owner@alpha.test", "owner"],
      ["manager@alpha.test", "manager"],
      ["support@alpha.test", "support"],
    ] as const) {
      const user = await createUser(db, clock, { email, password: PASSWORD });
      await addMembership(db, clock, user.id, { store: "alpha" }, role);
    }
    await app.http.app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(app.http.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app.close();
    await t.dispose();
  });
  // Each test starts in a fresh rate-limit window.
  beforeEach(() => {
    clock.advance(120_000);
  });

  async function signIn(email: string, password = PASSWORD, cookie?: string): Promise<Response> {
    return fetch(`${base}/api/console/v1/session`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(cookie === undefined ? {} : { cookie }) },
      body: JSON.stringify({ email, password }),
    });
  }

  async function session(email: string): Promise<Session> {
    const r = await signIn(email);
    expect(r.status).toBe(200);
    const setCookie = r.headers.get("set-cookie") ?? "";
    const body = (await r.json()) as Session["body"] & { data: { csrf_token: string } };
    return { cookie: setCookie.split(";")[0] ?? "", csrf: body.data.csrf_token, body };
  }

  function store(
    s: Session,
    method: string,
    path: string,
    options: { csrf?: boolean; body?: unknown; store?: string } = {},
  ) {
    return fetch(`${base}/api/external/v1${path}`, {
      method,
      headers: {
        cookie: s.cookie,
        "x-pixl-store": options.store ?? "alpha",
        ...(options.csrf === false ? {} : { "x-csrf-token": s.csrf }),
        ...(options.body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
  }

  /** A GET with any Host header (fetch does not let a caller set Host). */
  function getWithHost(path: string, headers: Record<string, string>): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(`${base}${path}`, { headers }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end();
    });
  }

  it("signs in with an HttpOnly SameSite cookie and refuses a wrong password or unknown email alike", async () => {
    const wrong = await signIn("owner@alpha.test", "not the password");
    expect(wrong.status).toBe(401);
    const unknown = await signIn("nobody@alpha.test");
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
    const r = await signIn("OWNER@alpha.test");
    expect(r.status).toBe(200);
    const setCookie = r.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/^pixl_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax/);
    expect(r.headers.get("cache-control")).toBe("no-store");
    const s = await session("owner@alpha.test");
    expect(s.body.data.user.email).toBe("owner@alpha.test");
    expect(s.body.data.memberships).toMatchObject([{ kind: "store", subdomain: "alpha", role: "owner" }]);
    const me = await fetch(`${base}/api/console/v1/session`, { headers: { cookie: s.cookie } });
    expect(me.status).toBe(200);
    expect(await fetch(`${base}/api/console/v1/session`).then((x) => x.status)).toBe(401);
    // The password itself never leaves the server, not even hashed.
    expect(JSON.stringify(s.body)).not.toMatch(/scrypt|password/);
  });

  it("calls the Store API with the session, and refuses unsafe requests without the CSRF token", async () => {
    const s = await session("owner@alpha.test");
    expect((await store(s, "GET", "/products", { csrf: false })).status).toBe(200);
    const product = { name: "Sword", price: 4.99, type: "digital" };
    const noCsrf = await store(s, "POST", "/products", { csrf: false, body: product });
    expect(noCsrf.status).toBe(403);
    expect(await noCsrf.text()).toMatch(/CSRF/);
    const forged = await fetch(`${base}/api/external/v1/products`, {
      method: "POST",
      headers: {
        cookie: s.cookie,
        "x-pixl-store": "alpha",
        "x-csrf-token": "A".repeat(43),
        "content-type": "application/json",
      },
      body: JSON.stringify(product),
    });
    expect(forged.status).toBe(403);
    const created = await store(s, "POST", "/products", { body: product });
    expect(created.status).toBe(201);
    // A CSRF token of another session does not fit this one.
    const other = await session("owner@alpha.test");
    expect((await store({ ...s, csrf: other.csrf }, "DELETE", "/products/1")).status).toBe(403);
    // The API token path is unchanged.
    const byToken = await fetch(`${base}/api/external/v1/products`, {
      headers: { authorization: `Bearer ${alphaToken}` },
    });
    expect(byToken.status).toBe(200);
  });

  it("maps roles to scopes: support reads only, managers cannot touch tokens", async () => {
    const support = await session("support@alpha.test");
    expect((await store(support, "GET", "/orders")).status).toBe(200);
    expect((await store(support, "GET", "/analytics/sales")).status).not.toBe(403);
    const refused = await store(support, "POST", "/products", {
      body: { name: "Shield", price: 1, type: "digital" },
    });
    expect(refused.status).toBe(403);
    const manager = await session("manager@alpha.test");
    expect(
      (await store(manager, "POST", "/products", { body: { name: "Bow", price: 2, type: "digital" } }))
        .status,
    ).toBe(201);
    expect(
      (await store(manager, "POST", "/tokens", { body: { name: "ci", scopes: ["orders:read"] } })).status,
    ).toBe(403);
    const owner = await session("owner@alpha.test");
    expect(
      (await store(owner, "POST", "/tokens", { body: { name: "ci", scopes: ["orders:read"] } })).status,
    ).toBe(201);
  });

  it("keeps tenants apart: a member of alpha gets nothing of beta, by header or by host", async () => {
    const s = await session("owner@alpha.test");
    expect((await store(s, "GET", "/products", { store: "beta" })).status).toBe(403);
    const products = "/api/external/v1/products";
    expect(await getWithHost(products, { cookie: s.cookie, host: "beta.localhost" })).toBe(403);
    expect(await getWithHost(products, { cookie: s.cookie, host: "alpha.localhost" })).toBe(200);
    expect(
      await getWithHost(products, { cookie: s.cookie, host: "beta.localhost", "x-pixl-store": "alpha" }),
    ).toBe(401);
    const noStore = await fetch(`${base}/api/external/v1/products`, { headers: { cookie: s.cookie } });
    expect(noStore.status).toBe(401);
  });

  it("never keeps a session id the browser brought to sign-in (no fixation)", async () => {
    const planted = "pixl_session=" + "x".repeat(43);
    const r = await signIn("owner@alpha.test", PASSWORD, planted);
    const issued = (r.headers.get("set-cookie") ?? "").split(";")[0];
    expect(issued).not.toBe(planted);
    const old = await session("owner@alpha.test");
    const again = await signIn("owner@alpha.test", PASSWORD, old.cookie);
    expect((again.headers.get("set-cookie") ?? "").split(";")[0]).not.toBe(old.cookie);
    // The session the browser brought is over.
    expect((await fetch(`${base}/api/console/v1/session`, { headers: { cookie: old.cookie } })).status).toBe(
      401,
    );
  });

  it("signs out one session, and everywhere", async () => {
    const a = await session("manager@alpha.test");
    const b = await session("manager@alpha.test");
    const c = await session("manager@alpha.test");
    const noCsrf = await fetch(`${base}/api/console/v1/session`, {
      method: "DELETE",
      headers: { cookie: a.cookie },
    });
    expect(noCsrf.status).toBe(403);
    const out = await fetch(`${base}/api/console/v1/session`, {
      method: "DELETE",
      headers: { cookie: a.cookie, "x-csrf-token": a.csrf },
    });
    expect(out.status).toBe(204);
    expect(out.headers.get("set-cookie")).toMatch(/Max-Age=0/);
    expect((await store(a, "GET", "/products")).status).toBe(401);
    expect((await store(b, "GET", "/products")).status).toBe(200);
    const everywhere = await fetch(`${base}/api/console/v1/session/sign-out-everywhere`, {
      method: "POST",
      headers: { cookie: b.cookie, "x-csrf-token": b.csrf },
    });
    // b, c and the manager's sessions of earlier tests end; a was already over.
    const ended = ((await everywhere.json()) as { data: { ended: number } }).data.ended;
    expect(ended).toBeGreaterThanOrEqual(2);
    expect((await store(c, "GET", "/products")).status).toBe(401);
  });

  it("ends a session after a week unused, and after 30 days however much it is used", async () => {
    const idle = await session("owner@alpha.test");
    const busy = await session("owner@alpha.test");
    const me = (s: Session) => fetch(`${base}/api/console/v1/session`, { headers: { cookie: s.cookie } });
    for (let day = 1; day <= 29; day++) {
      clock.advance(24 * 3600_000);
      expect((await me(busy)).status, `day ${day}`).toBe(200);
    }
    expect((await me(idle)).status).toBe(401);
    clock.advance(24 * 3600_000 + 1);
    expect((await me(busy)).status).toBe(401);
  });

  it("limits sign-in attempts per account and per IP, with Retry-After", async () => {
    for (let i = 0; i < 5; i++) expect((await signIn("support@alpha.test", `guess ${i}`)).status).toBe(401);
    const limited = await signIn("support@alpha.test");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // Other accounts still sign in from this IP until the IP's own budget (20 a minute) is spent.
    expect((await signIn("manager@alpha.test")).status).toBe(200);
    let status = 0;
    for (let i = 0; i < 20 && status !== 429; i++) status = (await signIn(`someone${i}@alpha.test`)).status;
    expect(status).toBe(429);
    expect((await signIn("owner@alpha.test")).status).toBe(429);
    clock.advance(61_000);
    expect((await signIn("owner@alpha.test")).status).toBe(200);
  });

  it("refuses malformed and oversized sign-in bodies with a clear error", async () => {
    const notJson = await fetch(`${base}/api/console/v1/session`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "email=a&password=b",
    });
    expect(notJson.status).toBe(415);
    const huge = await signIn("owner@alpha.test", "p".repeat(5000));
    expect(huge.status).toBe(422);
    const extra = await fetch(`${base}/api/console/v1/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "a@b.c" }),
    });
    expect(extra.status).toBe(422);
    expect(await extra.json()).toMatchObject({ error: "validation_failed" });
  });
});
