// The agent API clients against a live server, set up through the Store client (delivery servers, product
// commands and Discord roles, paid orders): poll under a lease, idempotent confirm, fail with and without
// retry, the delivery queue and resend, the Discord bot's claim/confirm/fail, and refusals, on both engines.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AuthenticationError,
  ConflictError,
  NotFoundError,
  createAgentClient,
  createDiscordAgentClient,
  createStoreClient,
  type StoreClient,
} from "../src/index.js";
import { startLiveServer, testDialects, type LiveServer } from "./support/live-server.js";

interface CreatedServer {
  id: number;
  server_secret: string;
  store_secret?: string;
}

describe.each(testDialects)("agent clients against a live server on %s", (dialect) => {
  let server: LiveServer;
  let token: string;
  let store: StoreClient;
  let productId: number;
  let secrets: CreatedServer;
  const paidOrder = (metadata: Record<string, unknown>) =>
    store.orders.create({
      customer: { email: "alice@example.com" },
      items: [{ product_id: productId, quantity: 2 }],
      status: "processing",
      payment_status: "paid",
      metadata,
    });

  beforeAll(async () => {
    server = await startLiveServer(dialect, { worker: false });
    token = (await server.createStore("agents")).token;
    store = createStoreClient({ url: server.url, token });
    secrets = (await store.deliveryServers.create({ name: "Survival", rate_limit: 60000 }));
    productId = (await store.products.create({ name: "VIP Rank", price: "29.99" })).id;
    await store.productCommands.create(productId, {
      server_id: secrets.id,
      command: "give {player} diamond {quantity}",
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it("polls a paid order's command, confirms it once, fails another with and without retry", async () => {
    const agent = createAgentClient({
      url: server.url,
      storeSecret: secrets.store_secret ?? "",
      serverSecret: secrets.server_secret,
    });
    const order = await paidOrder({ player: "Notch" });
    const poll = await agent.poll();
    expect(poll.data.map((c) => c.command)).toEqual(["give Notch diamond 2"]);
    expect(poll.data[0]).toMatchObject({ kind: "purchase", player: "Notch", order_id: order.id, attempt: 1 });
    expect(poll.meta.server).toMatchObject({ id: secrets.id, name: "Survival" });
    expect(poll.meta.next_poll_seconds).toBeGreaterThanOrEqual(1);
    expect(await agent.pending()).toEqual([]); // leased to the first poll
    const id = poll.data[0]?.id ?? 0;
    expect(await agent.confirm(id)).toMatchObject({ id, status: "delivered", changed: true });
    expect(await agent.confirm(id)).toMatchObject({ changed: false });
    expect((await store.orders.get(order.id)).status).toBe("completed");

    await paidOrder({ player: "Jeb" });
    const [second] = await agent.pending();
    expect(await agent.fail(second?.id ?? 0, "player offline", { retry: true })).toMatchObject({
      status: "pending",
    });
    const [again] = await agent.pending();
    expect(again).toMatchObject({ id: second?.id, attempt: 2 });
    expect(await agent.fail(again?.id ?? 0, "no such item")).toMatchObject({
      status: "failed",
      changed: true,
    });

    // The queue as the store sees it, and a resend of the failed one.
    const listed = (await store.deliveries.list({ status: "failed" })) as { data: { id: number }[] };
    expect(listed.data.map((d) => d.id)).toEqual([again?.id]);
    expect(await store.deliveries.get(again?.id ?? 0)).toMatchObject({
      status: "failed",
      last_error: "no such item",
    });
    const resent = (await store.deliveries.resend(again?.id ?? 0)) as { id: number; resend_of: number };
    expect(resent.resend_of).toBe(again?.id);
    expect((await agent.pending()).map((c) => c.id)).toEqual([resent.id]);

    // Several confirmed in one round trip; an unknown id is refused on its own.
    await paidOrder({ player: "Alex" });
    await paidOrder({ player: "Steve" });
    const batch = await agent.pending();
    expect(batch).toHaveLength(2);
    const outcomes = await agent.confirmMany([...batch.map((c) => c.id), 999_999]);
    expect(outcomes).toEqual([
      expect.objectContaining({ id: batch[0]?.id, status: "delivered", changed: true }),
      expect.objectContaining({ id: batch[1]?.id, status: "delivered", changed: true }),
      expect.objectContaining({ id: 999_999, success: false, error: "Not Found" }),
    ]);
    await expect(agent.confirm(999_999)).rejects.toBeInstanceOf(NotFoundError);
    const wrong = createAgentClient({
      url: server.url,
      storeSecret: "pxs_nope",
      serverSecret: secrets.server_secret,
    });
    await expect(wrong.pending()).rejects.toBeInstanceOf(AuthenticationError);
  });

  it("drives the Discord bot: pending, claim under a lease, idempotent confirm, and a refused late fail", async () => {
    const role = await store.productDiscordRoles.create(productId, {
      guild_id: "111111111111111111",
      role_id: "222222222222222222",
      role_name: "VIP",
    });
    const order = await paidOrder({ player: "Alex", discord_id: "80351110224678912" });
    const bot = createDiscordAgentClient({ url: server.url, token });
    const [op] = await bot.pending();
    expect(op).toMatchObject({
      operation: "assign",
      kind: "purchase",
      guild_id: "111111111111111111",
      discord_user_id: "80351110224678912",
      role_name: "VIP",
      order_id: order.id,
    });
    expect((await bot.claim()).map((o) => o.id)).toEqual([op?.id]);
    expect(await bot.claim({ ids: [op?.id ?? 0] })).toEqual([]);
    expect(await bot.confirm(op?.id ?? 0)).toMatchObject({ status: "delivered", changed: true });
    expect(await bot.confirm(op?.id ?? 0)).toMatchObject({ changed: false });
    await expect(bot.fail(op?.id ?? 0, "missing permission")).rejects.toBeInstanceOf(ConflictError);
    const roles = (await store.productDiscordRoles.list(productId)) as { id: number }[];
    expect(roles.map((r) => r.id)).toEqual([(role as { id: number }).id]);
    await store.productDiscordRoles.delete(productId, (role as { id: number }).id);
    const noScope = await server.createStore("no-discord", { scopes: ["orders:read"] });
    await expect(
      createDiscordAgentClient({ url: server.url, token: noScope.token }).pending(),
    ).rejects.toMatchObject({
      status: 403,
    });
  });

  it("has called every endpoint of the agent APIs' OpenAPI document", async () => {
    const doc = (await (await fetch(`${server.url}/api/v1/agent/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
    );
    expect(documented.length).toBeGreaterThanOrEqual(8);
    const called = server.routesCalled("/api/v1");
    expect(documented.filter((k) => !called.has(k))).toEqual([]);
  });
});
