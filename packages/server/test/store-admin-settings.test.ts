// What the console's admin screens need from the Store API, on both engines: store settings (currency and
// time zone, validated and locked once money is recorded), a server's product commands, and the delivery
// log answering polls from the read cache (304 until a delivery changes).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createStoreTestApp, type StoreTestApp } from "./fixtures/store-api-harness.js";
import { testDialects } from "./support/databases.js";

interface StoreJson {
  id: number;
  subdomain: string;
  name: string;
  currency: string;
  time_zone: string;
}

describe.each(testDialects)("store admin endpoints on %s", (dialect) => {
  let t: StoreTestApp;
  let token: string;
  let betaToken: string;

  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the shape
  const data = <T>(r: { status: number; json: () => unknown; body: string }, status = 200): T => {
    expect(r.status, r.body).toBe(status);
    return (r.json() as { data: T }).data;
  };
  const put = (body: unknown, as = token) => t.call("PUT", "/settings/store", { token: as, body });
  const errors = (r: { json: () => unknown }) => (r.json() as { errors: Record<string, string[]> }).errors;

  beforeEach(async () => {
    t = await createStoreTestApp(dialect);
    token = (await t.createStore({ subdomain: "alpha", currency: "USD" })).token;
    betaToken = (await t.createStore({ subdomain: "beta", currency: "EUR", timeZone: "Europe/Berlin" }))
      .token;
  });
  afterEach(async () => {
    await t.close();
  });

  it("reads and changes the store's name, currency and time zone", async () => {
    expect(data<StoreJson>(await t.call("GET", "/settings/store", { token }))).toMatchObject({
      subdomain: "alpha",
      currency: "USD",
      time_zone: "UTC",
    });
    const changed = data<StoreJson>(
      await put({
        name: "  Alpha <img src=x onerror=alert(1)>  ",
        currency: "eur",
        time_zone: "europe/berlin",
      }),
    );
    expect(changed).toMatchObject({
      name: "Alpha <img src=x onerror=alert(1)>",
      currency: "EUR",
      time_zone: "Europe/Berlin",
    });
    // Links are stored under their canonical name; the next read shows the change.
    expect(data<StoreJson>(await put({ time_zone: "US/Eastern" })).time_zone).toBe("America/New_York");
    expect(data<StoreJson>(await t.call("GET", "/settings/store", { token }))).toMatchObject({
      currency: "EUR",
      time_zone: "America/New_York",
    });
    // The other store is untouched.
    expect(data<StoreJson>(await t.call("GET", "/settings/store", { token: betaToken }))).toMatchObject({
      subdomain: "beta",
      currency: "EUR",
      time_zone: "Europe/Berlin",
    });
  });

  it("refuses what is not an ISO 4217 currency or an IANA time zone, and hostile or oversized input", async () => {
    for (const [body, field] of [
      [{ currency: "XYZ" }, "currency"],
      [{ currency: "US" }, "currency"],
      [{ currency: "€€€" }, "currency"],
      [{ currency: 978 }, "currency"],
      [{ time_zone: "EST" }, "time_zone"],
      [{ time_zone: "+01:00" }, "time_zone"],
      [{ time_zone: "Mars/Olympus_Mons" }, "time_zone"],
      [{ time_zone: "Europe/Berlin; DROP TABLE stores" }, "time_zone"],
      [{ time_zone: "../../etc/passwd" }, "time_zone"],
      [{ time_zone: "Europe/\nBerlin" }, "time_zone"],
      [{ time_zone: `Europe/${"x".repeat(100)}` }, "time_zone"],
      [{ time_zone: "" }, "time_zone"],
      [{ name: "" }, "name"],
      [{ name: "   " }, "name"],
      [{ name: "n".repeat(101) }, "name"],
    ] as const) {
      const r = await put(body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(Object.keys(errors(r)), JSON.stringify(body)).toContain(field);
    }
    expect((await t.call("PUT", "/settings/store", { token, rawBody: "{not json" })).status).toBe(400);
    expect(
      (
        await t.call("PUT", "/settings/store", {
          token,
          rawBody: JSON.stringify({ name: "x".repeat(70_000) }),
        })
      ).status,
    ).toBe(413);
    expect(data<StoreJson>(await t.call("GET", "/settings/store", { token }))).toMatchObject({
      name: "alpha",
      currency: "USD",
      time_zone: "UTC",
    });
  });

  it("needs settings:write to change and settings:read to look", async () => {
    const created = data<{ token: string }>(
      await t.call("POST", "/tokens", { token, body: { name: "reader", scopes: ["settings:read"] } }),
      201,
    );
    expect((await t.call("GET", "/settings/store", { token: created.token })).status).toBe(200);
    expect((await put({ currency: "EUR" }, created.token)).status).toBe(403);
    const none = data<{ token: string }>(
      await t.call("POST", "/tokens", { token, body: { name: "orders", scopes: ["orders:read"] } }),
      201,
    );
    expect((await t.call("GET", "/settings/store", { token: none.token })).status).toBe(403);
  });

  it("fixes the currency once money is recorded in it, and keeps decimals while prices exist", async () => {
    const product = data<{ id: number }>(
      await t.call("POST", "/products", { token, body: { name: "VIP", price: "29.99" } }),
      201,
    );
    // Same number of decimals: the prices mean the same digits in the new currency.
    expect(data<StoreJson>(await put({ currency: "GBP" })).currency).toBe("GBP");
    const jpy = await put({ currency: "JPY" });
    expect(jpy.status).toBe(422);
    expect(errors(jpy)["currency"]?.[0]).toMatch(/decimals/);
    data(
      await t.call("POST", "/orders", {
        token,
        body: { customer: { email: "a@example.com" }, items: [{ product_id: product.id, quantity: 1 }] },
      }),
      201,
    );
    const locked = await put({ currency: "EUR" });
    expect(locked.status).toBe(422);
    expect(errors(locked)["currency"]?.[0]).toMatch(/orders or subscriptions \(they are in GBP\)/);
    // Repeating the current currency and changing the rest still works.
    expect(data<StoreJson>(await put({ currency: "gbp", time_zone: "Asia/Tokyo" })).time_zone).toBe(
      "Asia/Tokyo",
    );
  });

  it("moves the read versions, so cached reads show a new time zone at once", async () => {
    const first = await t.call("GET", "/orders", { token });
    const etag = String(first.headers["etag"]);
    expect((await t.call("GET", "/orders", { token, headers: { "if-none-match": etag } })).status).toBe(304);
    data(await put({ time_zone: "Pacific/Auckland" }));
    const after = await t.call("GET", "/orders", { token, headers: { "if-none-match": etag } });
    expect(after.status).toBe(200);
  });

  it("applies concurrent changes one after the other", async () => {
    const zones = ["Europe/Paris", "Asia/Tokyo", "America/Chicago", "Australia/Sydney", "Africa/Cairo"];
    const results = await Promise.all(zones.map((z) => put({ time_zone: z })));
    expect(results.map((r) => r.status)).toEqual(zones.map(() => 200));
    const final = data<StoreJson>(await t.call("GET", "/settings/store", { token }));
    expect(zones).toContain(final.time_zone);
  });

  it("lists a server's product commands with their products, and only the store's own servers", async () => {
    const server = data<{ id: number; server_secret: string }>(
      await t.call("POST", "/delivery-servers", { token, body: { name: "Survival <script>" } }),
      201,
    );
    const other = data<{ id: number }>(
      await t.call("POST", "/delivery-servers", { token, body: { name: "Creative" } }),
      201,
    );
    const product = data<{ id: number }>(
      await t.call("POST", "/products", { token, body: { name: "VIP <b>Rank</b>", price: "5.00" } }),
      201,
    );
    for (const [serverId, kind, command] of [
      [server.id, "purchase", "lp user {player} parent add vip"],
      [server.id, "refund", "lp user {player} parent remove vip"],
      [other.id, "purchase", "say thanks {player}"],
    ] as const)
      data(
        await t.call("POST", `/products/${String(product.id)}/commands`, {
          token,
          body: { server_id: serverId, kind, command },
        }),
        201,
      );
    const commands = data<
      { kind: string; command: string; product: { name: string }; server: { name: string } }[]
    >(await t.call("GET", `/delivery-servers/${String(server.id)}/commands`, { token }));
    expect(commands).toEqual([
      expect.objectContaining({
        kind: "purchase",
        command: "lp user {player} parent add vip",
        product: { id: product.id, name: "VIP <b>Rank</b>" },
        server: { id: server.id, name: "Survival <script>" },
      }),
      expect.objectContaining({ kind: "refund" }),
    ]);
    // The list of servers never shows a secret, only its prefix.
    const servers = await t.call("GET", "/delivery-servers", { token });
    expect(servers.body).not.toContain(server.server_secret);
    expect(data<{ secret_prefix: string }[]>(servers)[0]?.secret_prefix).toBe(
      server.server_secret.slice(0, 8),
    );
    // Another store's server, unknown and malformed ids: 404.
    for (const path of [`/delivery-servers/${String(server.id)}/commands`]) {
      expect((await t.call("GET", path, { token: betaToken })).status).toBe(404);
    }
    for (const id of ["999999", "0", "-1", "abc", "1e3", "99999999999999999999"])
      expect((await t.call("GET", `/delivery-servers/${id}/commands`, { token })).status, id).toBe(404);
  });

  it("answers the delivery log's polls from the cache until a delivery changes", async () => {
    const server = data<{ id: number }>(
      await t.call("POST", "/delivery-servers", { token, body: { name: "Survival" } }),
      201,
    );
    const product = data<{ id: number }>(
      await t.call("POST", "/products", { token, body: { name: "VIP", price: "5.00" } }),
      201,
    );
    data(
      await t.call("POST", `/products/${String(product.id)}/commands`, {
        token,
        body: { server_id: server.id, command: "give {player} diamond" },
      }),
      201,
    );
    const poll = (etag?: string) =>
      t.call("GET", "/deliveries?per_page=25", {
        token,
        ...(etag ? { headers: { "if-none-match": etag } } : {}),
      });
    const empty = await poll();
    expect(data<unknown[]>(empty)).toEqual([]);
    const etag = String(empty.headers["etag"]);
    expect((await poll(etag)).status).toBe(304);
    data(
      await t.call("POST", "/orders", {
        token,
        body: {
          customer: { email: "a@example.com" },
          items: [{ product_id: product.id, quantity: 1 }],
          payment_status: "paid",
          status: "processing",
          metadata: { player: "Notch" },
        },
      }),
      201,
    );
    const after = await poll(etag);
    expect(after.status).toBe(200);
    expect(data<{ status: string; command: string; server: { name: string } }[]>(after)).toMatchObject([
      { status: "pending", command: "give Notch diamond", server: { name: "Survival" } },
    ]);
    // Another store's log is its own.
    expect(data<unknown[]>(await t.call("GET", "/deliveries", { token: betaToken }))).toEqual([]);
  });
});
