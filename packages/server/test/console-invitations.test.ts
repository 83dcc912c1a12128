// Staff invitations over real HTTP on both engines: one-time links (hashed, expiring, single use, tamper-proof,
// per store), accepting as a new or an existing account, concurrent acceptance, owner-only staff management.
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApp, type App } from "../src/app.js";
import { addMembership, createUser } from "../src/console/account.service.js";
import { INVITATION_MS } from "../src/console/staff.service.js";
import { createFakeClock } from "../src/core/clock.js";
import { loadConfig } from "../src/core/config/index.js";
import { createLogger } from "../src/core/logging/logger.js";
import { createStoreWithToken } from "../src/store/stores/store.service.js";
import { createTestDatabase, testDialects, type TestDatabase } from "./support/databases.js";
import { createTestEnv } from "./support/test-app.js";

const PASSWORD = "correct horse battery";
const NEW_PASSWORD = "a brand new passphrase";

interface Session {
  cookie: string;
  csrf: string;
}

interface InvitationJson {
  id: number;
  email: string;
  role: string;
  status: string;
  token: string;
  url: string;
}

describe.each(testDialects)("console staff invitations on %s", (dialect) => {
  let t: TestDatabase;
  let app: App;
  let base: string;
  const clock = createFakeClock(Date.UTC(2026, 5, 1));
  let emails = 0;
  const freshEmail = (what: string) => `${what}${String(++emails)}@alpha.test`;

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    app = createApp(
      loadConfig(createTestEnv(t, { PIXL_WEB_DIR: "off", PIXL_PUBLIC_URL: "https://shop.example" })),
      {
        logger: createLogger({ level: "silent" }),
        clock,
      },
    );
    await app.prepareDatabase();
    const db = app.database.kysely;
    await createStoreWithToken(app.database, { subdomain: "alpha", name: "Alpha <b>Shop</b>" }, clock);
    await createStoreWithToken(app.database, { subdomain: "beta" }, clock);
    for (const [email, store, role] of [
      ["owner@alpha.test", "alpha", "owner"],
      ["manager@alpha.test", "alpha", "manager"],
      ["support@alpha.test", "alpha", "support"],
      ["owner@beta.test", "beta", "owner"],
    ] as const) {
      const user = await createUser(db, clock, { email, password: PASSWORD });
      await addMembership(db, clock, user.id, { store }, role);
    }
    await app.http.app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(app.http.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app.close();
    await t.dispose();
  });
  beforeEach(() => {
    clock.advance(120_000); // a fresh sign-in rate-limit window
  });

  async function session(email: string, password = PASSWORD): Promise<Session> {
    const r = await fetch(`${base}/api/console/v1/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
    });
    expect(r.status, email).toBe(200);
    const body = (await r.json()) as { data: { csrf_token: string } };
    return { cookie: (r.headers.get("set-cookie") ?? "").split(";")[0] ?? "", csrf: body.data.csrf_token };
  }

  function consoleCall(s: Session | undefined, method: string, path: string, body?: unknown) {
    return fetch(`${base}/api/console/v1${path}`, {
      method,
      headers: {
        ...(s === undefined ? {} : { cookie: s.cookie, "x-csrf-token": s.csrf }),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  function storeCall(s: Session, method: string, path: string, body?: unknown) {
    return fetch(`${base}/api/external/v1${path}`, {
      method,
      headers: {
        cookie: s.cookie,
        "x-csrf-token": s.csrf,
        "x-pixl-store": "alpha",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  async function invite(owner: Session, email: string, role = "manager", store = "alpha") {
    const r = await consoleCall(owner, "POST", `/stores/${store}/invitations`, { email, role });
    expect(r.status, await r.clone().text()).toBe(201);
    return ((await r.json()) as { data: InvitationJson }).data;
  }

  const accept = (token: string, password = NEW_PASSWORD, name?: string) =>
    consoleCall(undefined, "POST", "/invitations/accept", { token, password, ...(name ? { name } : {}) });

  it("an owner invites a manager, who sets a password, is signed in and holds only a manager's scopes", async () => {
    const owner = await session("owner@alpha.test");
    const email = freshEmail("Manager.");
    const inv = await invite(owner, email.toUpperCase());
    expect(inv).toMatchObject({ email: email.toLowerCase(), role: "manager", status: "pending" });
    expect(inv.token).toMatch(/^pxi_\d+\.[A-Za-z0-9_-]{43}$/);
    expect(inv.url).toBe(`https://shop.example/invite#${inv.token}`);
    // Only the secret's SHA-256 is stored.
    const row = await app.database.kysely
      .selectFrom("console_invitations")
      .selectAll()
      .where("id", "=", inv.id)
      .executeTakeFirstOrThrow();
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(inv.token.split(".")[1]);
    // The list never shows a token again.
    const list = await consoleCall(owner, "GET", "/stores/alpha/invitations");
    const listed = ((await list.json()) as { data: InvitationJson[] }).data;
    expect(listed.find((i) => i.id === inv.id)).toMatchObject({ status: "pending" });
    expect(JSON.stringify(listed)).not.toContain(inv.token);

    const preview = await consoleCall(undefined, "POST", "/invitations/preview", { token: inv.token });
    expect(await preview.json()).toMatchObject({
      data: {
        store: { name: "Alpha <b>Shop</b>", subdomain: "alpha" },
        email: email.toLowerCase(),
        role: "manager",
        account_exists: false,
      },
    });
    const tooShort = await accept(inv.token, "short");
    expect(tooShort.status).toBe(422);
    const r = await accept(inv.token, NEW_PASSWORD, "Manny");
    expect(r.status).toBe(200);
    expect(r.headers.get("set-cookie")).toMatch(
      /^(__Host-)?pixl_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly/,
    );
    const body = (await r.json()) as {
      data: { user: { name: string }; memberships: unknown[]; csrf_token: string };
    };
    expect(body.data.user.name).toBe("Manny");
    expect(body.data.memberships).toMatchObject([{ kind: "store", subdomain: "alpha", role: "manager" }]);
    const manager = {
      cookie: (r.headers.get("set-cookie") ?? "").split(";")[0] ?? "",
      csrf: body.data.csrf_token,
    };
    expect((await storeCall(manager, "GET", "/orders")).status).toBe(200);
    expect((await storeCall(manager, "PUT", "/settings/checkout", { tax_rate: "5.00" })).status).toBe(403);
    expect((await consoleCall(manager, "GET", "/stores/alpha/staff")).status).toBe(403);
    // The new password signs in from now on.
    await session(email, NEW_PASSWORD);
    const after = (
      (await (await consoleCall(owner, "GET", "/stores/alpha/invitations")).json()) as {
        data: InvitationJson[];
      }
    ).data;
    expect(after.find((i) => i.id === inv.id)?.status).toBe("accepted");
  });

  it("refuses a reused, tampered, malformed, expired or revoked link", async () => {
    const owner = await session("owner@alpha.test");
    const used = await invite(owner, freshEmail("used"), "support");
    expect((await accept(used.token)).status).toBe(200);
    const again = await accept(used.token, "another long password");
    expect(again.status).toBe(410);
    expect(((await again.json()) as { message: string }).message).toMatch(/already been used/);

    const fresh = await invite(owner, freshEmail("tamper"), "support");
    const [head, secret = ""] = fresh.token.split(".");
    const flipped = `${head ?? ""}.${secret.slice(0, -1)}${secret.endsWith("A") ? "B" : "A"}`;
    const otherId = fresh.token.replace(/^pxi_\d+/, `pxi_${String(fresh.id + 1000)}`);
    for (const token of [
      flipped,
      otherId,
      "pxi_1",
      "not a token",
      `${fresh.token}x`,
      "pxi_0.".padEnd(49, "A"),
    ]) {
      const r = await accept(token);
      expect(r.status, token).toBe(404);
      expect(((await r.json()) as { message: string }).message).toBe("This invitation link is not valid.");
    }
    expect((await accept("x".repeat(129))).status).toBe(422);
    // The tampering used nothing up.
    expect((await accept(fresh.token)).status).toBe(200);

    const expiring = await invite(owner, freshEmail("late"), "support");
    clock.advance(INVITATION_MS + 1);
    expect((await accept(expiring.token)).status).toBe(410);
    const preview = await consoleCall(undefined, "POST", "/invitations/preview", { token: expiring.token });
    expect(preview.status).toBe(410);

    const owner2 = await session("owner@alpha.test");
    const revoked = await invite(owner2, freshEmail("revoked"), "support");
    const del = await consoleCall(owner2, "DELETE", `/stores/alpha/invitations/${String(revoked.id)}`);
    expect(await del.json()).toMatchObject({ data: { status: "revoked" } });
    expect((await accept(revoked.token)).status).toBe(410);
    // A second invitation for one email revokes the first link.
    const email = freshEmail("twice");
    const first = await invite(owner2, email, "support");
    const second = await invite(owner2, email, "manager");
    expect((await accept(first.token)).status).toBe(410);
    expect((await accept(second.token)).status).toBe(200);
  });

  it("keeps stores apart: another store's owner cannot see or revoke invitations, a link joins only its store", async () => {
    const alphaOwner = await session("owner@alpha.test");
    const betaOwner = await session("owner@beta.test");
    const inv = await invite(alphaOwner, freshEmail("tenant"), "manager");
    expect((await consoleCall(betaOwner, "GET", "/stores/alpha/invitations")).status).toBe(404);
    expect((await consoleCall(betaOwner, "GET", "/stores/alpha/staff")).status).toBe(404);
    expect(
      (await consoleCall(betaOwner, "POST", "/stores/alpha/invitations", { email: "x@y.z", role: "owner" }))
        .status,
    ).toBe(404);
    // Beta's path with alpha's invitation id: not found, and the link still works.
    expect(
      (await consoleCall(betaOwner, "DELETE", `/stores/beta/invitations/${String(inv.id)}`)).status,
    ).toBe(404);
    expect((await consoleCall(alphaOwner, "GET", "/stores/beta/staff")).status).toBe(404);
    const r = await accept(inv.token);
    expect(r.status).toBe(200);
    const memberships = ((await r.json()) as { data: { memberships: { subdomain: string }[] } }).data
      .memberships;
    expect(memberships.map((m) => m.subdomain)).toEqual(["alpha"]);
  });

  it("lets only owners invite or manage staff, and wants the CSRF token", async () => {
    for (const email of ["manager@alpha.test", "support@alpha.test"]) {
      const s = await session(email);
      const r = await consoleCall(s, "POST", "/stores/alpha/invitations", {
        email: freshEmail("x"),
        role: "support",
      });
      expect(r.status, email).toBe(403);
      expect((await consoleCall(s, "GET", "/stores/alpha/invitations")).status).toBe(403);
      expect((await consoleCall(s, "PATCH", "/stores/alpha/staff/1", { role: "owner" })).status).toBe(403);
    }
    expect((await consoleCall(undefined, "GET", "/stores/alpha/invitations")).status).toBe(401);
    const owner = await session("owner@alpha.test");
    const noCsrf = await fetch(`${base}/api/console/v1/stores/alpha/invitations`, {
      method: "POST",
      headers: { cookie: owner.cookie, "content-type": "application/json" },
      body: JSON.stringify({ email: freshEmail("csrf"), role: "support" }),
    });
    expect(noCsrf.status).toBe(403);
    for (const body of [
      { email: "not-an-email", role: "support" },
      { email: freshEmail("r"), role: "admin" },
      { email: `${"a".repeat(300)}@x.test`, role: "support" },
      { email: "manager@alpha.test", role: "support" },
    ]) {
      const r = await consoleCall(owner, "POST", "/stores/alpha/invitations", body);
      expect(r.status, JSON.stringify(body)).toBe(422);
    }
    const huge = await fetch(`${base}/api/console/v1/stores/alpha/invitations`, {
      method: "POST",
      headers: { cookie: owner.cookie, "x-csrf-token": owner.csrf, "content-type": "application/json" },
      body: JSON.stringify({ email: "a@b.c", role: "support", pad: "x".repeat(2_000_000) }),
    });
    expect(huge.status).toBe(413);
  });

  it("turns concurrent acceptances of one link into one account", async () => {
    const owner = await session("owner@alpha.test");
    const email = freshEmail("race");
    const inv = await invite(owner, email, "support");
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => accept(inv.token, `${NEW_PASSWORD} ${String(i)}`)),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.every((s) => s === 200 || s === 410)).toBe(true);
    const users = await app.database.kysely
      .selectFrom("console_users")
      .select("id")
      .where("email", "=", email)
      .execute();
    expect(users).toHaveLength(1);
    const members = await app.database.kysely
      .selectFrom("console_memberships")
      .select("id")
      .where("user_id", "=", users[0]?.id ?? 0)
      .execute();
    expect(members).toHaveLength(1);
  });

  it("lets an existing account join with its own password, never with the link alone", async () => {
    const betaOwner = await session("owner@beta.test");
    const inv = await invite(betaOwner, "support@alpha.test", "manager", "beta");
    const preview = await consoleCall(undefined, "POST", "/invitations/preview", { token: inv.token });
    expect(await preview.json()).toMatchObject({ data: { account_exists: true } });
    const wrong = await accept(inv.token, "somebody else's guess");
    expect(wrong.status).toBe(401);
    const r = await accept(inv.token, PASSWORD);
    expect(r.status).toBe(200);
    const memberships = ((await r.json()) as { data: { memberships: { subdomain: string; role: string }[] } })
      .data.memberships;
    expect(memberships).toMatchObject([
      { subdomain: "alpha", role: "support" },
      { subdomain: "beta", role: "manager" },
    ]);
    // The password is unchanged.
    await session("support@alpha.test", PASSWORD);
  });

  it("changes roles and removes staff, but never the last owner", async () => {
    const owner = await session("owner@alpha.test");
    const staff = async () =>
      (
        (await (await consoleCall(owner, "GET", "/stores/alpha/staff")).json()) as {
          data: { user_id: number; email: string; role: string }[];
        }
      ).data;
    const email = freshEmail("promote");
    expect((await accept((await invite(owner, email, "support")).token)).status).toBe(200);
    const member = (await staff()).find((m) => m.email === email);
    expect(member?.role).toBe("support");
    const id = String(member?.user_id);
    const memberSession = await session(email, NEW_PASSWORD);
    expect(
      (await storeCall(memberSession, "POST", "/products", { name: "Bow", price: 2, type: "digital" }))
        .status,
    ).toBe(403);
    expect((await consoleCall(owner, "PATCH", `/stores/alpha/staff/${id}`, { role: "manager" })).status).toBe(
      200,
    );
    expect(
      (await storeCall(memberSession, "POST", "/products", { name: "Bow", price: 2, type: "digital" }))
        .status,
    ).toBe(201);
    expect((await consoleCall(owner, "PATCH", `/stores/alpha/staff/${id}`, { role: "root" })).status).toBe(
      422,
    );
    expect(
      (await consoleCall(owner, "PATCH", "/stores/alpha/staff/999999", { role: "manager" })).status,
    ).toBe(404);
    // The only owner can neither step down nor leave.
    const ownerId = String((await staff()).find((m) => m.email === "owner@alpha.test")?.user_id);
    const demote = await consoleCall(owner, "PATCH", `/stores/alpha/staff/${ownerId}`, { role: "manager" });
    expect(demote.status).toBe(422);
    expect(((await demote.json()) as { message: string }).message).toMatch(/last owner/);
    expect((await consoleCall(owner, "DELETE", `/stores/alpha/staff/${ownerId}`)).status).toBe(422);
    // Removed staff lose the store at their next request.
    expect((await consoleCall(owner, "DELETE", `/stores/alpha/staff/${id}`)).status).toBe(204);
    expect((await storeCall(memberSession, "GET", "/orders")).status).toBe(403);
    expect((await staff()).some((m) => m.email === email)).toBe(false);

    // Two owners demoting each other at once leave one owner.
    const second = freshEmail("owner");
    expect((await accept((await invite(owner, second, "owner")).token)).status).toBe(200);
    const secondId = String((await staff()).find((m) => m.email === second)?.user_id);
    const secondSession = await session(second, NEW_PASSWORD);
    const [a, b] = await Promise.all([
      consoleCall(owner, "PATCH", `/stores/alpha/staff/${secondId}`, { role: "support" }),
      consoleCall(secondSession, "PATCH", `/stores/alpha/staff/${ownerId}`, { role: "support" }),
    ]);
    // The loser is refused by the last-owner rule, or (when it came second) because it is no owner now.
    expect([a.status, b.status].filter((x) => x === 200)).toHaveLength(1);
    expect([a.status, b.status].every((x) => [200, 403, 422].includes(x))).toBe(true);
    const owners = (
      await app.database.kysely
        .selectFrom("console_memberships")
        .select("console_memberships.id")
        .innerJoin("stores", "stores.id", "console_memberships.store_id")
        .where("stores.subdomain", "=", "alpha")
        .where("role", "=", "owner")
        .execute()
    ).length;
    expect(owners).toBe(1);
  });
});
