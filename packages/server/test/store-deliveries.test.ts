// In-game delivery on both engines: servers and commands by API, the agent API over real HTTP (claims, leases,
// idempotent confirm/fail, hostile input), order completion, delivery events, resend, and the Discord agent.
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createStoreTestApp, type StoreTestApp } from "./fixtures/store-api-harness.js";
import { testDialects } from "./support/databases.js";

interface Secrets {
  id: number;
  server_secret: string;
  store_secret?: string;
}
interface Claimed {
  id: number;
  command: string;
  attempt: number;
  player: string | null;
}

describe.each(testDialects)("deliveries on %s", (dialect) => {
  let t: StoreTestApp;
  let token: string;
  let base: string;
  let server: Secrets;
  let storeSecret: string;
  let productId: number;

  const json = <T>(r: { status: number; json: () => unknown; body: string }, status: number): Promise<T> => {
    expect(r.status, r.body).toBe(status);
    return Promise.resolve((r.json() as { data: T }).data);
  };
  const agent = (secrets: { store: string; server: string }) => ({
    poll: (query = "") =>
      fetch(`${base}/api/v1/agent/commands/pending${query}`, {
        headers: { "x-store-secret": secrets.store, "x-server-secret": secrets.server },
      }),
    post: (id: number | string, what: "confirm" | "fail", body?: unknown) =>
      fetch(`${base}/api/v1/agent/commands/${id}/${what}`, {
        method: "POST",
        headers: {
          "x-store-secret": secrets.store,
          "x-server-secret": secrets.server,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
      }),
  });
  const claimed = async (r: Response): Promise<Claimed[]> => {
    expect(r.status).toBe(200);
    return ((await r.json()) as { data: Claimed[] }).data;
  };
  const order = async (metadata: Record<string, unknown> = { player: "Notch" }, product = productId) =>
    json<{ id: number; status: string; items: { delivery_status: string }[] }>(
      await t.call("POST", "/orders", {
        token,
        body: {
          customer: { email: "alice@example.com" },
          items: [{ product_id: product, quantity: 2 }],
          status: "processing",
          payment_status: "paid",
          metadata,
        },
      }),
      201,
    );

  beforeEach(async () => {
    t = await createStoreTestApp(dialect, { deliveryOptions: { leaseMs: 30_000, pollIntervalMs: 5_000 } });
    token = (await t.createStore({ subdomain: "alpha" })).token;
    await t.http.app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(t.http.app.server.address() as AddressInfo).port}`;
    server = await json<Secrets>(
      await t.call("POST", "/delivery-servers", { token, body: { name: "Survival", rate_limit: 60000 } }),
      201,
    );
    storeSecret = server.store_secret ?? "";
    const p = await t.call("POST", "/products", { token, body: { name: "VIP Rank", price: "29.99" } });
    productId = (p.json() as { data: { id: number } }).data.id;
    await json(
      await t.call("POST", `/products/${productId}/commands`, {
        token,
        body: { server_id: server.id, command: "give {player} diamond {quantity}", require_online: true },
      }),
      201,
    );
  });
  afterEach(async () => {
    await t.close();
  });

  it("shows secrets once, links the server to the product, and refuses bad templates", async () => {
    expect(server.server_secret).toMatch(/^srv_/);
    expect(storeSecret).toMatch(/^pxs_/);
    const list = await json<Record<string, unknown>[]>(
      await t.call("GET", "/delivery-servers", { token }),
      200,
    );
    expect(list[0]).toMatchObject({ name: "Survival", rate_limit: 60000 });
    expect(JSON.stringify(list)).not.toContain(server.server_secret);
    const second = await json<Secrets>(
      await t.call("POST", "/delivery-servers", { token, body: { name: "Creative" } }),
      201,
    );
    expect(second.store_secret).toBeUndefined();
    const detail = await json<{ delivery_servers: { name: string }[] }>(
      await t.call("GET", `/products/${productId}`, { token }),
      200,
    );
    expect(detail.delivery_servers.map((s) => s.name)).toEqual(["Survival"]);
    for (const command of ["say hi\nstop", "give {nobody}"]) {
      const r = await t.call("POST", `/products/${productId}/commands`, {
        token,
        body: { server_id: server.id, command },
      });
      expect(r.status).toBe(422);
    }
    const other = await t.createStore({ subdomain: "beta" });
    const cross = await t.call("POST", `/products/${productId}/commands`, {
      token: other.token,
      body: { server_id: server.id, command: "x" },
    });
    expect(cross.status).toBe(404);
  });

  it("delivers a paid order: claim with a lease, confirm once, order completed, delivery.completed", async () => {
    const o = await order();
    expect(o.status).toBe("processing");
    expect(o.items[0]?.delivery_status).toBe("pending");
    const a = agent({ store: storeSecret, server: server.server_secret });
    const r = await a.poll();
    expect(r.headers.get("x-poll-interval")).toBe("5");
    const [cmd, ...rest] = await claimed(r);
    expect(rest).toEqual([]);
    expect(cmd).toMatchObject({ command: "give Notch diamond 2", attempt: 1, player: "Notch" });
    expect(await claimed(await a.poll())).toEqual([]); // leased: not offered to a second poll
    t.published.length = 0;
    const first = await a.post(cmd?.id ?? 0, "confirm");
    expect(first.status).toBe(200);
    expect(((await first.json()) as { data: { changed: boolean } }).data.changed).toBe(true);
    const again = await a.post(cmd?.id ?? 0, "confirm");
    expect(((await again.json()) as { data: { changed: boolean } }).data.changed).toBe(false);
    expect(t.published.map((p) => p.type)).toEqual(["delivery.completed"]);
    expect(t.published[0]?.data).toMatchObject({
      id: cmd?.id,
      status: "delivered",
      server: { name: "Survival" },
    });
    const after = await json<{ status: string; items: { delivery_status: string }[] }>(
      await t.call("GET", `/orders/${o.id}`, { token }),
      200,
    );
    expect(after).toMatchObject({ status: "completed", items: [{ delivery_status: "delivered" }] });
    t.clock.advance(60_000);
    expect(await claimed(await a.poll())).toEqual([]); // confirmed: never offered again
    const log = await json<{ log: { event: string }[] }>(
      await t.call("GET", `/deliveries/${cmd?.id}`, { token }),
      200,
    );
    expect(log.log.map((l) => l.event)).toEqual(["queued", "delivered"]);
  });

  it("completes an order with nothing to deliver at once (scheduler called by the payment flow)", async () => {
    const p = await t.call("POST", "/products", { token, body: { name: "Cosmetic", price: "1.00" } });
    const o = await order({}, (p.json() as { data: { id: number } }).data.id);
    expect(o.status).toBe("processing"); // a manual order keeps its status when there is nothing to deliver
    const { createDeliveryScheduler } = await import("../src/store/deliveries/delivery-scheduler.js");
    const scheduler = createDeliveryScheduler({ clock: t.clock, publish: () => Promise.resolve() });
    const storeId = (await t.db.database.kysely.selectFrom("stores").select("id").executeTakeFirstOrThrow())
      .id;
    await scheduler.queueForOrder(t.db.database.kysely, { storeId, orderId: o.id, kind: "purchase" });
    const after = await t.call("GET", `/orders/${o.id}`, { token });
    expect((after.json() as { data: { status: string } }).data.status).toBe("completed");
  });

  it("offers an unconfirmed command again after its lease; fail and confirm are idempotent", async () => {
    await order();
    const a = agent({ store: storeSecret, server: server.server_secret });
    const [first] = await claimed(await a.poll());
    t.clock.advance(29_000);
    expect(await claimed(await a.poll())).toEqual([]);
    t.clock.advance(1_000);
    const [again] = await claimed(await a.poll());
    expect(again).toMatchObject({ id: first?.id, attempt: 2 });
    t.published.length = 0;
    const fail = await a.post(first?.id ?? 0, "fail", { reason: "Player offline" });
    expect(fail.status).toBe(200);
    const twice = await a.post(first?.id ?? 0, "fail", { reason: "Player offline" });
    expect(((await twice.json()) as { data: { changed: boolean } }).data.changed).toBe(false);
    expect(t.published.map((p) => p.type)).toEqual(["delivery.failed"]);
    const list = await t.call("GET", "/deliveries", { token, query: { status: "failed" } });
    expect((list.json() as { data: { last_error: string }[] }).data[0]?.last_error).toBe("Player offline");
    // Resend queues a copy; the order completes once the copy is confirmed.
    const copy = await json<{ id: number; resend_of: number }>(
      await t.call("POST", `/deliveries/${first?.id}/resend`, { token }),
      201,
    );
    expect(copy.resend_of).toBe(first?.id);
    const [next] = await claimed(await a.poll());
    expect(next?.id).toBe(copy.id);
    expect((await a.post(copy.id, "confirm")).status).toBe(200);
    const failDelivered = await a.post(copy.id, "fail", {});
    expect(failDelivered.status).toBe(409);
  });

  it("defers a command with retry: back to pending, no event", async () => {
    await order();
    const a = agent({ store: storeSecret, server: server.server_secret });
    const [c] = await claimed(await a.poll());
    t.published.length = 0;
    expect((await a.post(c?.id ?? 0, "fail", { reason: "offline", retry: true })).status).toBe(200);
    expect(t.published).toEqual([]);
    expect((await claimed(await a.poll()))[0]?.id).toBe(c?.id);
  });

  it("refuses hostile agents: bad, missing, swapped and other stores' secrets, bad ids, big bodies", async () => {
    await order();
    const other = await t.createStore({ subdomain: "beta" });
    const otherServer = await json<Secrets>(
      await t.call("POST", "/delivery-servers", { token: other.token, body: { name: "B" } }),
      201,
    );
    const cases = [
      { store: "", server: "" },
      {
        store: storeSecret,
        server: `${server.server_secret.slice(0, -1)}${server.server_secret.endsWith("A") ? "B" : "A"}`,
      },
      { store: `pxs_${"A".repeat(43)}`, server: server.server_secret },
      { store: storeSecret, server: otherServer.server_secret },
      { store: otherServer.store_secret ?? "", server: server.server_secret },
      { store: server.server_secret, server: storeSecret },
      { store: `${storeSecret}'; drop table stores; --`, server: server.server_secret },
    ];
    for (const c of cases) {
      const r = await agent(c).poll();
      expect(r.status).toBe(401);
      expect(await r.json()).toEqual({
        success: false,
        error: "Unauthorized",
        message: "Invalid store or server secret",
      });
    }
    const a = agent({ store: storeSecret, server: server.server_secret });
    const [cmd] = await claimed(await a.poll());
    const b = agent({ store: otherServer.store_secret ?? "", server: otherServer.server_secret });
    expect((await b.post(cmd?.id ?? 0, "confirm")).status).toBe(404); // another store's command
    for (const id of ["abc", "-1", "0", "1.5", "99999999999999999999"])
      expect((await a.post(id, "confirm")).status).toBe(404);
    expect((await a.post(cmd?.id ?? 0, "fail", { reason: "x".repeat(20_000) })).status).toBe(413);
    expect((await a.post(cmd?.id ?? 0, "fail", "{not json")).status).toBe(400);
    expect((await a.post(cmd?.id ?? 0, "fail", { reason: 5 })).status).toBe(422);
    expect((await a.poll("?limit=0")).status).toBe(422);
  });

  it("answers unknown servers and wrong store secrets in the same time", async () => {
    const time = async (c: { store: string; server: string }) => {
      const samples: number[] = [];
      for (let i = 0; i < 40; i++) {
        const s = performance.now();
        await agent(c).poll();
        samples.push(performance.now() - s);
      }
      return samples.sort((x, y) => x - y)[20] ?? 0;
    };
    const unknown = await time({ store: storeSecret, server: `srv_${"B".repeat(43)}` });
    const wrongStore = await time({ store: `pxs_${"C".repeat(43)}`, server: server.server_secret });
    // Both do one indexed lookup and one digest comparison; a loose bound that scheduling noise stays under.
    expect(Math.max(unknown, wrongStore) / Math.min(unknown, wrongStore)).toBeLessThan(3);
  });

  it("rate-limits each server", async () => {
    await t.call("PUT", `/delivery-servers/${server.id}`, { token, body: { rate_limit: 2 } });
    const a = agent({ store: storeSecret, server: server.server_secret });
    expect((await a.poll()).status).toBe(200);
    expect((await a.poll()).status).toBe(200);
    const limited = await a.poll();
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).not.toBeNull();
  });

  it("rotating a server secret locks out the old one", async () => {
    const rotated = await json<Secrets>(
      await t.call("POST", `/delivery-servers/${server.id}/secret`, { token }),
      200,
    );
    expect((await agent({ store: storeSecret, server: server.server_secret }).poll()).status).toBe(401);
    expect((await agent({ store: storeSecret, server: rotated.server_secret }).poll()).status).toBe(200);
  });

  it("assigns Discord roles through the Discord agent API; the order completes with both deliveries", async () => {
    await json(
      await t.call("POST", `/products/${productId}/discord-roles`, {
        token,
        body: { guild_id: "111111111111111111", role_id: "222222222222222222", role_name: "VIP" },
      }),
      201,
    );
    const o = await order({ player: "Notch", discord_id: "80351110224678912" });
    const discord = (method: "GET" | "POST", path: string, body?: unknown) =>
      t.http.app.inject({
        method,
        url: `/api/v1/discord-agent${path}`,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      });
    const pending = (await discord("GET", "/pending")).json<{ data: Record<string, unknown>[] }>().data;
    expect(pending).toEqual([
      expect.objectContaining({
        operation: "assign",
        guild_id: "111111111111111111",
        discord_user_id: "80351110224678912",
        role_id: "222222222222222222",
        role_name: "VIP",
        order_id: o.id,
      }),
    ]);
    const claim = (await discord("POST", "/claim", {})).json<{ data: { id: number }[] }>().data;
    expect(claim.map((c) => c.id)).toEqual([pending[0]?.["id"]]);
    expect((await discord("POST", "/claim", {})).json<{ data: unknown[] }>().data).toEqual([]);
    const id = claim[0]?.id ?? 0;
    expect(
      (await discord("POST", `/confirm/${id}`)).json<{ data: { changed: boolean } }>().data.changed,
    ).toBe(true);
    expect(
      (await discord("POST", `/confirm/${id}`)).json<{ data: { changed: boolean } }>().data.changed,
    ).toBe(false);
    expect((await discord("POST", `/fail/${id}`, { reason: "x" })).statusCode).toBe(409);
    let now = await json<{ status: string }>(await t.call("GET", `/orders/${o.id}`, { token }), 200);
    expect(now.status).toBe("processing"); // the game-server command is still out
    const a = agent({ store: storeSecret, server: server.server_secret });
    const [cmd] = await claimed(await a.poll());
    await a.post(cmd?.id ?? 0, "confirm");
    now = await json<{ status: string }>(await t.call("GET", `/orders/${o.id}`, { token }), 200);
    expect(now.status).toBe("completed");
    const other = await t.createStore({ subdomain: "beta" });
    const cross = await t.http.app.inject({
      method: "POST",
      url: `/api/v1/discord-agent/confirm/${id}`,
      headers: { authorization: `Bearer ${other.token}` },
    });
    expect(cross.statusCode).toBe(404);
    const noToken = await t.http.app.inject({ method: "GET", url: "/api/v1/discord-agent/pending" });
    expect(noToken.statusCode).toBe(401);
  });
  it("defers a failed Discord operation for retry_after_seconds, as the game-server agent's fail does", async () => {
    await json(
      await t.call("POST", `/products/${productId}/discord-roles`, {
        token,
        body: { guild_id: "111111111111111111", role_id: "222222222222222222", role_name: "VIP" },
      }),
      201,
    );
    await order({ player: "Notch", discord_id: "80351110224678912" });
    const discord = (path: string, body?: unknown) =>
      t.http.app.inject({
        method: body === undefined ? "GET" : "POST",
        url: `/api/v1/discord-agent${path}`,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      });
    const claim = async () =>
      (await discord("/claim", {})).json<{ data: { id: number; attempts: number }[] }>().data;
    const [first] = await claim();
    const id = first?.id ?? 0;
    for (const bad of [
      { retry: true, retry_after_seconds: -1 },
      { retry: true, retry_after_seconds: 86_401 },
      { retry: true, retry_after_seconds: "soon" },
      { retry: true, retry_after_seconds: 1.5 },
    ]) {
      const r = await discord(`/fail/${id}`, bad);
      expect(r.statusCode, JSON.stringify(bad)).toBe(422);
      expect(r.json()).toMatchObject({ success: false, error: "VALIDATION_ERROR" });
    }
    const deferred = await discord(`/fail/${id}`, {
      reason: "Rate limited by Discord",
      retry: true,
      retry_after_seconds: 60,
    });
    expect(deferred.statusCode).toBe(200);
    expect(deferred.json<{ data: { status: string } }>().data.status).toBe("pending");
    // Neither listed nor claimable before its time, then claimable again (a second attempt).
    t.clock.advance(59_000);
    expect((await discord("/pending")).json<{ data: unknown[] }>().data).toEqual([]);
    expect(await claim()).toEqual([]);
    t.clock.advance(1_000);
    expect(await claim()).toMatchObject([{ id, attempts: 2 }]);
    // Without `retry` the delay means nothing: failed for good.
    const failed = await discord(`/fail/${id}`, { reason: "Unknown member", retry_after_seconds: 60 });
    expect(failed.json<{ data: { status: string } }>().data.status).toBe("failed");
  });
});
