// The reference agent against the agent API over HTTP and an RCON test server: runs, confirms, survives outages,
// waits for players who must be online.
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RconAuthError, RconClient } from "../src/agent/rcon-client.js";
import { runAgent } from "../src/agent/agent-runner.js";
import { createStoreTestApp, type StoreTestApp } from "./fixtures/store-api-harness.js";
import { startRconTestServer, type RconTestServer } from "./support/rcon-server.js";
import { waitFor } from "./support/wait.js";
import { createAgentFixture, type AgentFixture } from "./fixtures/agent-fixture.js";

describe("Source RCON client", () => {
  let rcon: RconTestServer;
  beforeEach(async () => {
    rcon = await startRconTestServer("hunter2");
  });
  afterEach(async () => {
    await rcon.close();
  });

  it("authenticates, runs commands and joins multi-packet responses", async () => {
    const c = new RconClient({ host: "127.0.0.1", port: rcon.port, password: "hunter2" });
    await c.connect();
    expect(await c.exec("say hi")).toBe("ok");
    const long = "x".repeat(950);
    expect(await c.exec(`echo ${long}`)).toBe(long);
    c.close();
  });

  it("reports a wrong password (id -1)", async () => {
    const c = new RconClient({ host: "127.0.0.1", port: rcon.port, password: "nope" });
    await expect(c.connect()).rejects.toBeInstanceOf(RconAuthError);
  });
});

describe("pixl agent", () => {
  let t: StoreTestApp;
  let rcon: RconTestServer;
  beforeEach(async () => {
    t = await createStoreTestApp("sqlite", { deliveryOptions: { pollIntervalMs: 50, busyPollMs: 10 } });
    rcon = await startRconTestServer("hunter2");
  });
  afterEach(async () => {
    await t.close();
    await rcon.close();
  });

  it("delivers an order's commands over RCON, and keeps going after the network and RCON drop", async () => {
    const { token } = await t.createStore({ subdomain: "alpha" });
    await t.http.app.listen({ port: 0, host: "127.0.0.1" });
    const port = (t.http.app.server.address() as AddressInfo).port;
    const server = (
      (
        await t.call("POST", "/delivery-servers", { token, body: { name: "S", rate_limit: 60000 } })
      ).json() as {
        data: { id: number; server_secret: string; store_secret: string };
      }
    ).data;
    const p = await t.call("POST", "/products", { token, body: { name: "VIP", price: "5.00" } });
    const productId = (p.json() as { data: { id: number } }).data.id;
    await t.call("POST", `/products/${productId}/commands`, {
      token,
      body: { server_id: server.id, command: "lp user {player} parent add vip" },
    });
    const order = async () =>
      (
        (
          await t.call("POST", "/orders", {
            token,
            body: {
              customer: { email: "a@example.com" },
              items: [{ product_id: productId }],
              status: "processing",
              payment_status: "paid",
              metadata: { player: "Notch" },
            },
          })
        ).json() as { data: { id: number } }
      ).data.id;
    const stop = new AbortController();
    const running = runAgent({
      url: `http://127.0.0.1:${port}`,
      storeSecret: server.store_secret,
      serverSecret: server.server_secret,
      target: {
        kind: "rcon",
        rcon: { host: "127.0.0.1", port: rcon.port, password: "hunter2", timeoutMs: 1000 },
      },
      backoffMs: { min: 20, max: 200 },
      signal: stop.signal,
    });
    const first = await order();
    const status = async (id: number) =>
      ((await t.call("GET", `/orders/${id}`, { token })).json() as { data: { status: string } }).data.status;
    await waitFor(
      "first order completed",
      async () => ((await status(first)) === "completed" ? true : undefined),
      10_000,
    );
    expect(rcon.commands).toEqual(["lp user Notch parent add vip"]);

    // The network goes away: the HTTP server stops accepting, RCON connections drop.
    rcon.dropConnections();
    t.http.app.server.close();
    t.http.app.server.closeAllConnections();
    await new Promise((r) => setTimeout(r, 300));
    t.http.app.server.listen(port, "127.0.0.1");
    const second = await order();
    await waitFor(
      "second order completed",
      async () => ((await status(second)) === "completed" ? true : undefined),
      10_000,
    );
    expect(rcon.commands).toEqual(["lp user Notch parent add vip", "lp user Notch parent add vip"]);
    stop.abort();
    await running;
  }, 30_000);
});

describe("pixl agent with require_online", () => {
  let f: AgentFixture;
  let rcon: RconTestServer;
  beforeEach(async () => {
    f = await createAgentFixture("sqlite", {
      deliveryOptions: { pollIntervalMs: 50, busyPollMs: 10 },
      command: { command: "give {player} diamond 1", require_online: true },
    });
    rcon = await startRconTestServer("hunter2");
  });
  afterEach(async () => {
    await f.close();
    await rcon.close();
  });

  it("keeps the command in the store's queue until the player is online, then runs it once", async () => {
    const stop = new AbortController();
    const log: string[] = [];
    const running = runAgent({
      url: f.base,
      storeSecret: f.server.store_secret,
      serverSecret: f.server.server_secret,
      target: { kind: "rcon", rcon: { host: "127.0.0.1", port: rcon.port, password: "hunter2" } },
      offlineRetryMs: 30_000,
      signal: stop.signal,
      log: (line) => log.push(line),
    });
    const order = await f.order({ player: "Notch" });
    const commands = () => f.t.db.database.kysely.selectFrom("store_delivery_commands").selectAll().execute();
    // The agent logs the deferral before the store has recorded it: wait for the store's side.
    await waitFor("the offline deferral", async () =>
      log.some((l) => l.includes("Notch is not online")) &&
      (await commands())[0]?.last_error === "Notch is not online"
        ? true
        : undefined,
    );
    expect(await commands()).toMatchObject([{ status: "pending", last_error: "Notch is not online" }]);
    // The player joins, but the deferral holds until its time: several polls later, no second look.
    rcon.online.add("Notch");
    const requests = async () =>
      (
        await f.t.db.database.kysely
          .selectFrom("store_rate_limits")
          .select("count")
          .where("key", "=", `server:${f.server.id}`)
          .executeTakeFirst()
      )?.count ?? 0;
    const before = await requests();
    await waitFor("three more polls", async () => ((await requests()) >= before + 3 ? true : undefined));
    expect(rcon.commands).toEqual(["list"]);
    f.t.clock.advance(30_000);
    await waitFor("order completed", async () =>
      (await f.orderStatus(order.id)) === "completed" ? true : undefined,
    );
    expect(rcon.commands).toEqual(["list", "list", "give Notch diamond 1"]);
    expect(await commands()).toMatchObject([{ status: "delivered", attempts: 2 }]);
    stop.abort();
    await running;
  });
});
