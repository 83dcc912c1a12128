// The agent API clients against a loopback server speaking store-api.md §4–5 (the commerce feature that serves
// them is built separately): headers, paths, bodies, idempotent confirm and fail.
import { afterEach, describe, expect, it } from "vitest";
import { NotFoundError, createAgentClient, createDiscordAgentClient } from "../src/index.js";
import { startLoopback, type Loopback } from "./support/loopback.js";

describe("agent API clients", () => {
  let server: Loopback | undefined;
  afterEach(async () => {
    await server?.close();
  });

  it("polls pending commands with both secrets, then confirms and fails by id", async () => {
    const done = new Map<number, string>();
    server = await startLoopback((r) => {
      if (r.headers["x-store-secret"] !== "store-s" || r.headers["x-server-secret"] !== "server-s")
        return { status: 401, body: { success: false, error: "Unauthorized", message: "bad secrets" } };
      if (r.method === "GET" && r.url === "/api/v1/agent/commands/pending")
        return {
          status: 200,
          body: {
            success: true,
            data: [
              { id: 1, command: "lp user Steve parent add vip", kind: "purchase", order_number: "ORD-1" },
              { id: 2, command: "give Steve diamond 2", kind: "purchase", order_number: "ORD-1" },
            ],
          },
        };
      const m = /^\/api\/v1\/agent\/commands\/(\d+)\/(confirm|fail)$/.exec(r.url);
      if (r.method === "POST" && m) {
        const id = Number(m[1]);
        if (id > 2)
          return { status: 404, body: { success: false, error: "Not Found", message: "Command not found" } };
        done.set(id, done.get(id) ?? `${m[2]}:${r.body}`);
        return {
          status: 200,
          body: { success: true, data: { id, status: m[2] === "confirm" ? "delivered" : "failed" } },
        };
      }
      return { status: 404, body: { success: false, error: "Not Found", message: "no route" } };
    });
    const agent = createAgentClient({ url: server.url, storeSecret: "store-s", serverSecret: "server-s" });
    const pending = await agent.pending();
    expect(pending.map((c) => c.command)).toEqual(["lp user Steve parent add vip", "give Steve diamond 2"]);
    await agent.confirm(1);
    await agent.confirm(1);
    await agent.fail(2, "player offline");
    expect(done.get(1)).toBe("confirm:{}");
    expect(done.get(2)).toBe('fail:{"reason":"player offline"}');
    await expect(agent.confirm(3)).rejects.toBeInstanceOf(NotFoundError);
    const wrong = createAgentClient({ url: server.url, storeSecret: "x", serverSecret: "y" });
    await expect(wrong.pending()).rejects.toMatchObject({ status: 401 });
  });

  it("drives the Discord agent API with a bearer token", async () => {
    server = await startLoopback((r) => {
      if (r.headers["authorization"] !== "Bearer sk_live_bot")
        return { status: 401, body: { success: false, error: "Unauthorized", message: "no" } };
      if (r.url === "/api/v1/discord-agent/pending")
        return {
          status: 200,
          body: {
            success: true,
            data: [
              {
                id: 5,
                operation: "assign",
                guild_id: "1",
                discord_user_id: "2",
                role_id: "3",
                role_name: "VIP",
                created_at: "2025-01-20T14:30:00Z",
              },
            ],
          },
        };
      return { status: 200, body: { success: true, data: { ok: r.url, body: r.body } } };
    });
    const bot = createDiscordAgentClient({ url: server.url, token: "sk_live_bot" });
    expect((await bot.pending())[0]).toMatchObject({ operation: "assign", role_name: "VIP" });
    expect(await bot.claim([5])).toEqual({ ok: "/api/v1/discord-agent/claim", body: '{"ids":[5]}' });
    expect(await bot.confirm(5)).toMatchObject({ ok: "/api/v1/discord-agent/confirm/5" });
    expect(await bot.fail(5, "missing permission")).toMatchObject({ ok: "/api/v1/discord-agent/fail/5" });
  });
});
