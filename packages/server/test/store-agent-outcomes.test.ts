// Agent outcomes on both engines over real HTTP: batch confirmations (a status per id, idempotent, hostile
// input), deferrals with a delay (a deferred command is not offered again before its time), and the delivery
// details GET /orders/{id} shows as they change (never stale from the read cache).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAgentFixture, type AgentFixture } from "./fixtures/agent-fixture.js";
import { testDialects } from "./support/databases.js";

interface Claimed {
  id: number;
  attempt: number;
}

describe.each(testDialects)("agent outcomes on %s", (dialect) => {
  let f: AgentFixture;
  beforeEach(async () => {
    f = await createAgentFixture(dialect);
  });
  afterEach(async () => {
    await f.close();
  });

  const poll = async (query = ""): Promise<Claimed[]> => {
    const r = await f.agent(`/commands/pending${query}`);
    expect(r.status).toBe(200);
    return ((await r.json()) as { data: Claimed[] }).data;
  };

  it("confirms a batch with a status per id, once, and completes the orders", async () => {
    const orders = [
      await f.order(),
      await f.order({ player: "Jeb_" }),
      await f.order({ player: "Dinnerbone" }),
    ];
    const claimed = await poll();
    expect(claimed).toHaveLength(3);
    const [a, b, c] = claimed.map((x) => x.id);
    f.t.published.length = 0;
    const r = await f.agent("/commands/confirm", { body: { ids: [b, a, 999_999] } });
    expect(r.status).toBe(200);
    expect(((await r.json()) as { data: unknown[] }).data).toEqual([
      { id: b, status: "delivered", changed: true },
      { id: a, status: "delivered", changed: true },
      { id: 999_999, success: false, error: "Not Found", message: "Command not found" },
    ]);
    expect(f.t.published.map((p) => p.type)).toEqual(["delivery.completed", "delivery.completed"]);
    // Again, with the third (still claimed) one: the first two are unchanged, the third changes.
    const again = await f.agent("/commands/confirm", { body: { ids: [a, b, c] } });
    expect(((await again.json()) as { data: { changed: boolean }[] }).data.map((d) => d.changed)).toEqual([
      false,
      false,
      true,
    ]);
    for (const o of orders) expect(await f.orderStatus(o.id)).toBe("completed");
    const log = await f.t.db.database.kysely
      .selectFrom("store_delivery_log")
      .select("command_id")
      .where("event", "=", "delivered")
      .execute();
    expect(log.map((l) => l.command_id).sort((x, y) => x - y)).toEqual([a, b, c]);
  });

  it("answers 409 per id for commands not claimed, and refuses malformed batches", async () => {
    await f.order();
    const [pending] = await f.t.db.database.kysely
      .selectFrom("store_delivery_commands")
      .select("id")
      .execute();
    const r = await f.agent("/commands/confirm", { body: { ids: [pending?.id] } });
    expect(((await r.json()) as { data: unknown[] }).data).toEqual([
      {
        id: pending?.id,
        success: false,
        error: "Conflict",
        message: "The command is not claimed; poll for it first.",
      },
    ]);
    for (const body of [
      {},
      { ids: [] },
      { ids: [1, 1] },
      { ids: ["1"] },
      { ids: [0] },
      { ids: Array.from({ length: 101 }, (_, i) => i + 1) },
      { ids: [1], extra: true },
    ]) {
      expect((await f.agent("/commands/confirm", { body })).status, JSON.stringify(body)).toBe(422);
    }
    expect((await f.agent("/commands/confirm", { body: "{nope" })).status).toBe(400);
    const huge = { ids: [1], pad: "x".repeat(20_000) };
    expect((await f.agent("/commands/confirm", { body: huge })).status).toBe(413);
    const stranger = await fetch(`${f.base}/api/v1/agent/commands/confirm`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ids: [1] }),
    });
    expect(stranger.status).toBe(401);
  });

  it("does not offer a command deferred with a delay before its time", async () => {
    await f.order();
    const [c] = await poll();
    const r = await f.agent(`/commands/${c?.id}/fail`, {
      body: { reason: "Notch is offline", retry: true, retry_after_seconds: 30 },
    });
    expect(r.status).toBe(200);
    expect(((await r.json()) as { data: { status: string } }).data.status).toBe("pending");
    f.t.clock.advance(29_000);
    expect(await poll()).toEqual([]);
    f.t.clock.advance(1_000);
    expect(await poll()).toMatchObject([{ id: c?.id, attempt: 2 }]);
    expect(
      (await f.agent(`/commands/${c?.id}/fail`, { body: { retry: true, retry_after_seconds: -1 } })).status,
    ).toBe(422);
  });

  it("shows each command's status, server, attempts and times on GET /orders/{id}, fresh after every change", async () => {
    const order = await f.order({ player: "Notch" });
    const get = async (etag?: string) => {
      const r = await f.t.call("GET", `/orders/${order.id}`, {
        token: f.token,
        ...(etag === undefined ? {} : { headers: { "if-none-match": etag } }),
      });
      return {
        status: r.status,
        etag: String(r.headers["etag"]),
        body: (r.status === 200 ? r.json() : { data: {} }) as { data: Record<string, unknown> },
      };
    };
    const first = await get();
    expect(first.body.data).toMatchObject({
      status: "processing",
      deliveries: [
        {
          kind: "purchase",
          status: "pending",
          command: "give Notch diamond 1",
          player: "Notch",
          attempts: 0,
          server: { id: f.server.id, name: "Survival" },
          order_id: order.id,
          created_at: "2025-01-20T12:00:00Z",
          delivered_at: null,
          failed_at: null,
          last_error: null,
        },
      ],
      discord_operations: [],
    });
    expect((await get(first.etag)).status).toBe(304);
    const [claimed] = await poll();
    const leased = await get(first.etag);
    expect(leased.status).toBe(200);
    expect(leased.body.data["deliveries"]).toMatchObject([{ status: "processing", attempts: 1 }]);
    f.t.clock.advance(5_000);
    await f.agent(`/commands/${claimed?.id}/confirm`, { method: "POST" });
    const done = await get(leased.etag);
    expect(done.status).toBe(200);
    expect(done.body.data).toMatchObject({
      status: "completed",
      items: [{ delivery_status: "delivered" }],
      deliveries: [{ status: "delivered", attempts: 1, delivered_at: "2025-01-20T12:00:05Z" }],
    });
    // A poll that finds nothing still records the server's last poll; that shows in no order: still 304.
    f.t.clock.advance(11_000);
    expect(await poll()).toEqual([]);
    const polled = await f.t.call("GET", "/delivery-servers", { token: f.token });
    expect((polled.json() as { data: { last_polled_at: string }[] }).data[0]?.last_polled_at).toBe(
      "2025-01-20T12:00:16Z",
    );
    expect((await get(done.etag)).status).toBe(304);
    // A renamed server shows at once.
    await f.t.call("PUT", `/delivery-servers/${f.server.id}`, { token: f.token, body: { name: "Hub" } });
    expect((await get(done.etag)).body.data["deliveries"]).toMatchObject([{ server: { name: "Hub" } }]);
  });
  it("shows the same deliveries in write answers and order.* events as GET /orders/{id}", async () => {
    const detail = async (id: number) =>
      (
        (await f.t.call("GET", `/orders/${id}`, { token: f.token })).json() as {
          data: Record<string, unknown>;
        }
      ).data;
    const pick = (o: Record<string, unknown>) => ({
      deliveries: o["deliveries"],
      discord_operations: o["discord_operations"],
    });
    f.t.published.length = 0;
    const created = await f.t.call("POST", "/orders", {
      token: f.token,
      body: {
        customer: { email: "bob@example.com" },
        items: [{ product_id: f.productId, quantity: 1 }],
        status: "processing",
        payment_status: "paid",
        metadata: { player: "Jeb_" },
      },
    });
    expect(created.status).toBe(201);
    const order = (created.json() as { data: Record<string, unknown> & { id: number } }).data;
    // The answer to the write already shows the command it queued, as the detail does.
    expect(order["deliveries"]).toMatchObject([
      { kind: "purchase", status: "pending", command: "give Jeb_ diamond 1", server: { id: f.server.id } },
    ]);
    expect(order["discord_operations"]).toEqual([]);
    expect(pick(order)).toEqual(pick(await detail(order.id)));
    const received = f.t.published.find((p) => p.type === "order.received");
    expect(pick(received?.data as Record<string, unknown>)).toEqual(pick(order));

    const [claimed] = await poll();
    await f.agent(`/commands/${claimed?.id}/confirm`, { method: "POST" });
    const fulfilled = await f.t.call("POST", `/orders/${order.id}/fulfill`, { token: f.token, body: {} });
    expect(fulfilled.status).toBe(200);
    const after = (fulfilled.json() as { data: Record<string, unknown> }).data;
    expect(after["deliveries"]).toMatchObject([{ status: "delivered", attempts: 1 }]);
    expect(pick(after)).toEqual(pick(await detail(order.id)));

    f.t.published.length = 0;
    const refunded = await f.t.call("POST", `/orders/${order.id}/refund`, { token: f.token, body: {} });
    expect(refunded.status, refunded.body).toBe(200);
    const event = f.t.published.find((p) => p.type === "order.refunded");
    const now = await detail(order.id);
    expect(pick((refunded.json() as { data: Record<string, unknown> }).data)).toEqual(pick(now));
    expect(pick(event?.data as Record<string, unknown>)).toEqual(pick(now));
  });
});
