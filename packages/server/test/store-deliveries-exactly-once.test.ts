// No command runs twice: 10,000 commands polled over HTTP by 8 concurrent agents on one server, agents killed
// mid-batch (their in-flight confirmations aborted, their claims never confirmed), leases expiring, new agents
// taking over; confirmations one by one and in batches; every command ends delivered, confirmed exactly once,
// on SQLite and PostgreSQL.
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createStoreTestApp, type StoreTestApp } from "./fixtures/store-api-harness.js";
import { testDialects } from "./support/databases.js";

const COMMANDS = Number(process.env["PIXL_EXACTLY_ONCE_COMMANDS"] ?? 10_000);
const AGENTS = 8;
const LEASE_MS = 30_000;
/** Commands per poll; the first few of each batch are confirmed one by one, the rest in one request. */
const BATCH = 50;
const SINGLE_CONFIRMS = 3;

describe.each(testDialects)("exactly-once delivery on %s", (dialect) => {
  let t: StoreTestApp;

  beforeEach(async () => {
    t = await createStoreTestApp(dialect, { deliveryOptions: { leaseMs: LEASE_MS, maxBatch: 100 } });
  });
  afterEach(async () => {
    await t.close();
  });

  it(`confirms each of ${COMMANDS} commands exactly once with agents dying mid-batch`, async () => {
    const { store, token } = await t.createStore({ subdomain: "alpha" });
    await t.http.app.listen({ port: 0, host: "127.0.0.1" });
    const base = `http://127.0.0.1:${(t.http.app.server.address() as AddressInfo).port}/api/v1/agent`;
    const created = await t.call("POST", "/delivery-servers", {
      token,
      body: { name: "Survival", rate_limit: 60_000 },
    });
    const server = (created.json() as { data: { id: number; server_secret: string; store_secret: string } })
      .data;
    const db = t.db.database.kysely;
    const now = t.clock.now();
    for (let i = 0; i < COMMANDS; i += 500) {
      await db
        .insertInto("store_delivery_commands")
        .values(
          Array.from({ length: Math.min(500, COMMANDS - i) }, (_, k) => ({
            store_id: store.id,
            server_id: server.id,
            order_id: null,
            order_item_id: null,
            subscription_id: null,
            product_id: null,
            resend_of: null,
            kind: "purchase" as const,
            command: `give player${i + k} diamond`,
            player: null,
            require_online: 0,
            status: "pending" as const,
            last_error: null,
            created_at: now,
            updated_at: now,
            failed_at: null,
          })),
        )
        .execute();
    }
    const headers = { "x-store-secret": server.store_secret, "x-server-secret": server.server_secret };
    const executed = new Map<number, number>(); // what agents "ran" (claimed and went on to confirm)
    const firstConfirmations = new Map<number, number>();
    let kills = 0;
    let diedUnconfirmed = 0; // commands run by an agent that died before its confirmation was answered
    let round = 0;
    const counted = (id: number, changed: boolean) => {
      if (changed) firstConfirmations.set(id, (firstConfirmations.get(id) ?? 0) + 1);
    };
    const confirmOne = async (id: number, signal?: AbortSignal) => {
      const res = await fetch(`${base}/commands/${id}/confirm`, { method: "POST", headers, signal });
      expect(res.status).toBe(200);
      counted(id, ((await res.json()) as { data: { changed: boolean } }).data.changed);
    };
    const confirmBatch = async (ids: number[], signal?: AbortSignal) => {
      if (ids.length === 0) return;
      const res = await fetch(`${base}/commands/confirm`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify({ ids }),
        signal,
      });
      expect(res.status).toBe(200);
      const data = ((await res.json()) as { data: { id: number; changed?: boolean; error?: string }[] }).data;
      expect(data.map((d) => d.id)).toEqual(ids);
      for (const d of data) {
        expect(d.error).toBeUndefined();
        counted(d.id, d.changed === true);
      }
    };

    /**
     * One agent's life: polls, runs each command of the batch, confirms the first ones one by one and the
     * rest in one batch confirmation, until the queue looks empty or it is killed mid-batch.
     */
    async function runAgent(killAfter: number | undefined): Promise<void> {
      const life = new AbortController();
      let ran = 0;
      for (;;) {
        const r = await fetch(`${base}/commands/pending?limit=${BATCH}`, { headers, signal: life.signal });
        const batch = ((await r.json()) as { data: { id: number }[] }).data;
        if (batch.length === 0) return;
        const unconfirmed: number[] = [];
        for (const [i, c] of batch.entries()) {
          executed.set(c.id, (executed.get(c.id) ?? 0) + 1);
          ran++;
          if (killAfter !== undefined && ran > killAfter) {
            // Killed: the confirmation of what it ran is left in flight and aborted; the rest is abandoned.
            kills++;
            unconfirmed.push(c.id);
            diedUnconfirmed += unconfirmed.length;
            const inFlight =
              unconfirmed.length === 1
                ? confirmOne(c.id, life.signal)
                : confirmBatch(unconfirmed, life.signal);
            life.abort();
            await inFlight.catch(() => undefined);
            return;
          }
          if (i < SINGLE_CONFIRMS) await confirmOne(c.id);
          else unconfirmed.push(c.id);
        }
        await confirmBatch(unconfirmed);
      }
    }

    for (;;) {
      round++;
      // In each round two of the eight agents die after a few confirmations.
      await Promise.all(
        Array.from({ length: AGENTS }, (_, n) => runAgent(n < 2 && round < 4 ? 3 + n * 7 : undefined)),
      );
      const left = await db
        .selectFrom("store_delivery_commands")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("status", "!=", "delivered")
        .executeTakeFirstOrThrow();
      if (left.n === 0) break;
      expect(round).toBeLessThan(20);
      t.clock.advance(LEASE_MS); // the dead agents' leases run out; their commands are offered again
    }

    expect(kills).toBeGreaterThan(0);
    const rows = await db
      .selectFrom("store_delivery_commands")
      .select(["id", "status", "attempts"])
      .where("server_id", "=", server.id)
      .execute();
    expect(rows).toHaveLength(COMMANDS);
    expect(rows.every((r) => r.status === "delivered")).toBe(true);
    expect(rows.some((r) => r.attempts > 1)).toBe(true);
    // Every command confirmed exactly once, as the server records it (aborted confirms may have landed)…
    const delivered = await db
      .selectFrom("store_delivery_log")
      .select(["command_id", (eb) => eb.fn.countAll<number>().as("n")])
      .where("event", "=", "delivered")
      .groupBy("command_id")
      .execute();
    expect(delivered).toHaveLength(COMMANDS);
    expect(delivered.every((d) => d.n === 1)).toBe(true);
    // …and as the agents saw it: no command got two first confirmations.
    expect([...firstConfirmations.values()].every((n) => n === 1)).toBe(true);
    // Only commands whose claimant died before its confirmation was answered were run again; a confirmed
    // command was never handed out again.
    const rerun = [...executed.entries()].filter(([, n]) => n > 1).length;
    expect(rerun).toBeLessThanOrEqual(diedUnconfirmed);
  }, 180_000);
});
