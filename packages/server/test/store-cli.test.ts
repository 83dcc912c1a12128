// `pixl store …` as a user runs it (real processes): create, seed-demo, token create/list/revoke, errors.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.js";
import { createTestDatabase, testDialects, type TestDatabase } from "./support/databases.js";
import { runPixl } from "./support/pixl-process.js";
import { createTestApp, createTestEnv } from "./support/test-app.js";

function oneLine(stderr: string): string {
  const lines = stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
  return lines[0] ?? "";
}

describe.each(testDialects)("pixl store commands on %s", { timeout: 120_000 }, (dialect) => {
  let t: TestDatabase;
  let env: Record<string, string>;
  let app: App;
  const pixl = (...args: string[]) => runPixl(["store", ...args], env);
  const api = async (token: string, path: string) => {
    const r = await app.http.app.inject({
      method: "GET",
      url: `/api/external/v1${path}`,
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: r.statusCode, headers: r.headers, json: r.json<Record<string, unknown>>() };
  };

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    env = createTestEnv(t);
    const created = await pixl("create", "alpha", "--json");
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    app = createTestApp(env);
    await app.prepareDatabase();
  });
  afterAll(async () => {
    await app.close();
    await t.dispose();
  });

  it("seeds demo data with progress, then refuses a second run in one line", async () => {
    const seeded = await pixl("seed-demo", "alpha", "--orders", "2000", "--days", "30");
    expect(seeded.code).toBe(0);
    expect(seeded.stdout).toBe(
      "Store alpha: added 4 categories, 11 products, 500 customers and 2000 orders.\n",
    );
    const progress = seeded.stderr.trim().split("\n");
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.at(-1)).toBe("seeding orders: 2000/2000");

    const again = await pixl("seed-demo", "alpha");
    expect(again.code).toBe(1);
    expect(oneLine(again.stderr)).toBe(
      "pixl: Store alpha is not empty (it has categories, products, customers or orders); seed-demo only fills an empty store",
    );
    const unknown = await pixl("seed-demo", "nope");
    expect(unknown.code).toBe(1);
    expect(oneLine(unknown.stderr)).toBe("pixl: No store with subdomain nope");
  });

  it("creates a scoped, limited, expiring token that works against the API, lists it, revokes it", async () => {
    const created = await pixl(
      "token",
      "create",
      "alpha",
      "--name",
      "Orders bot",
      "--scopes",
      "orders:read, products:read",
      "--expires",
      "30d",
      "--rate-limit",
      "7",
      "--json",
    );
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    const token = JSON.parse(created.stdout) as Record<string, unknown> & { token: string; id: number };
    expect(token).toMatchObject({
      name: "Orders bot",
      scopes: ["orders:read", "products:read"],
      rate_limit: 7,
      revoked_at: null,
      token: expect.stringMatching(/^sk_live_/) as string,
    });
    const expiresIn = Date.parse(token["expires_at"] as string) - Date.now();
    expect(Math.abs(expiresIn - 30 * 86_400_000)).toBeLessThan(10 * 60_000);

    const orders = await api(token.token, "/orders");
    expect(orders.status).toBe(200);
    expect(orders.headers["x-ratelimit-limit"]).toBe("7");
    expect((await api(token.token, "/customers")).json).toMatchObject({
      message: "Token does not have the required scope: customers:read",
    });

    const listed = await pixl("token", "list", "alpha");
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^ID\s+NAME\s+PREFIX\s+SCOPES\s+LIMIT\/MIN\s+EXPIRES\s+LAST USED\s+STATUS$/);
    expect(lines.find((l) => l.startsWith(`${token.id} `))).toMatch(
      /Orders bot\s+sk_live_\S+\s+orders:read,products:read\s+7\s+\S+Z\s+\S+Z\s+active$/,
    );
    expect(listed.stdout).not.toContain(token.token);

    const revoked = await pixl("token", "revoke", "alpha", String(token.id));
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toBe(
      `Token ${token.id} "Orders bot" revoked (requests with it now answer 401).\n`,
    );
    expect((await api(token.token, "/orders")).status).toBe(401);
    // Idempotent; the JSON list says so too.
    expect((await pixl("token", "revoke", "alpha", String(token.id))).code).toBe(0);
    const json = JSON.parse((await pixl("token", "list", "alpha", "--json")).stdout) as {
      id: number;
      revoked_at: string | null;
    }[];
    expect(json.find((x) => x.id === token.id)?.revoked_at).toMatch(/Z$/);
  });

  // Option checks do not depend on the engine: run them once.
  it.runIf(dialect === "sqlite")("explains bad token options in one line and creates nothing", async () => {
    const tokenCount = async () =>
      (await app.database.kysely.selectFrom("store_api_tokens").select("id").execute()).length;
    const before = await tokenCount();
    const cases: [string[], RegExp][] = [
      [["--name", "x", "--scopes", "orders:read,everything"], /^pixl: Unknown scope "everything"$/],
      [["--name", "x", "--expires", "2001-01-01"], /^pixl: --expires must be in the future$/],
      [["--name", "x", "--expires", "soon"], /^pixl: --expires must be an ISO-8601 date-time/],
      [["--name", "x", "--rate-limit", "1001"], /--rate-limit.*must be an integer from 1 to 1000/],
      [["--scopes", "*"], /required option '--name <name>' not specified/],
    ];
    for (const [args, message] of cases) {
      const r = await pixl("token", "create", "alpha", ...args);
      expect(r.code, args.join(" ")).not.toBe(0);
      expect(oneLine(r.stderr)).toMatch(message);
      expect(r.stdout).toBe("");
    }
    expect(await tokenCount()).toBe(before);
    const missing = await pixl("token", "revoke", "alpha", "99999");
    expect(missing.code).toBe(1);
    expect(oneLine(missing.stderr)).toBe("pixl: Store alpha has no token 99999");
    const badId = await pixl("token", "revoke", "alpha", "x1");
    expect(badId.code).not.toBe(0);
    expect(oneLine(badId.stderr)).toMatch(/must be an integer/);
  });
});
