// The fault run: 10,000 events to receivers that fail in every way, while the delivering process is killed
// with SIGKILL and restarted twice. Nothing committed may be lost; every duplicate carries a known id.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.js";
import { createTestDatabase, type TestDatabase } from "./support/databases.js";
import { spawnPixl } from "./support/pixl-process.js";
import { createTestApp, createTestEnv } from "./support/test-app.js";

const EVENTS = 10_000;
const store = { kind: "store" as const, id: 1 };

interface Seen {
  id: string;
  bodyId: string;
  status: number | "timeout" | "reset";
}

/** Answers 200 most of the time, else 500, a hang past the deadline, a reset, or a slow 200. */
function startChaosReceiver(seen: Seen[]): Promise<{ url: string; server: http.Server }> {
  let n = 0;
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      const id = String(req.headers["x-webhook-id"]);
      const bodyId = (JSON.parse(body) as { id: string }).id;
      const roll = (n++ * 7919) % 100; // deterministic spread of outcomes
      if (roll < 10) {
        seen.push({ id, bodyId, status: 500 });
        res.writeHead(500).end("nope");
      } else if (roll < 14) {
        seen.push({ id, bodyId, status: "timeout" });
        setTimeout(() => res.destroy(), 1_500); // past PIXL_WEBHOOK_TIMEOUT_MS
      } else if (roll < 18) {
        seen.push({ id, bodyId, status: "reset" });
        req.socket.destroy();
      } else if (roll < 28) {
        setTimeout(
          () => {
            seen.push({ id, bodyId, status: 200 });
            res.writeHead(200).end();
          },
          50 + (roll % 5) * 30,
        );
      } else {
        seen.push({ id, bodyId, status: 200 });
        res.writeHead(200).end();
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }),
    ),
  );
}

describe("webhook fault run", () => {
  let t: TestDatabase | undefined;
  let app: App | undefined;
  let server: http.Server | undefined;
  afterAll(async () => {
    server?.closeAllConnections();
    server?.close();
    await app?.close();
    await t?.dispose();
  });

  it("delivers or exhausts every one of 10,000 events across two SIGKILLs of the delivering process", async () => {
    t = await createTestDatabase("sqlite");
    const seen: Seen[] = [];
    const receiver = await startChaosReceiver(seen);
    server = receiver.server;
    const env = createTestEnv(t, {
      PIXL_WEBHOOK_TIMEOUT_MS: "1000",
      PIXL_WEBHOOK_RETRY_SCALE: "0.001",
      PIXL_JOB_LEASE_MS: "2000",
      PIXL_IO_CONCURRENCY: "64",
      PIXL_LOG_LEVEL: "error",
    });
    app = createTestApp(env);
    await app.prepareDatabase();
    const webhooks = app.webhooks;
    const types = ["order.received", "order.refunded", "customer.created", "delivery.completed"];
    for (const [i, type] of types.entries()) {
      await webhooks.createEndpoint(store, {
        url: `${receiver.url}/e${i}`,
        events: [type],
        maxConcurrency: 32,
      });
    }
    const db = app.database.kysely;
    for (let batch = 0; batch < EVENTS / 250; batch++) {
      await db.transaction().execute(async (trx) => {
        for (let i = 0; i < 250; i++) {
          const n = batch * 250 + i;
          await webhooks.publish(trx, store, types[n % 4] ?? "", { n });
        }
      });
    }

    const pending = async () =>
      (
        await db
          .selectFrom("webhook_deliveries")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("status", "=", "pending")
          .executeTakeFirstOrThrow()
      ).n;
    const runUntil = async (condition: () => Promise<boolean>, kill: boolean) => {
      const child = spawnPixl(["worker"], env);
      const deadline = Date.now() + 150_000;
      while (!(await condition()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const exited = new Promise((r) => child.once("exit", r));
      child.kill(kill ? "SIGKILL" : "SIGTERM");
      await exited;
    };
    await runUntil(() => Promise.resolve(seen.length >= 2_000), true);
    await runUntil(() => Promise.resolve(seen.length >= 6_000), true);
    await runUntil(async () => (await pending()) === 0, false);

    const rows = await db.selectFrom("webhook_deliveries").select(["id", "status", "attempts"]).execute();
    const byStatus = (s: string) => rows.filter((r) => r.status === s).length;
    const published = rows.length;
    expect(published).toBe(EVENTS);
    expect(byStatus("delivered") + byStatus("failed") + byStatus("pending")).toBe(published);
    expect(byStatus("pending")).toBe(0);

    // Every delivered row was acknowledged by the receiver; every request carried a published id,
    // the same in the header and the envelope, so a receiver deduping on X-Webhook-ID is safe.
    const ids = new Set(rows.map((r) => r.id));
    const acknowledged = new Set(seen.filter((s) => s.status === 200).map((s) => s.id));
    for (const r of rows) if (r.status === "delivered") expect(acknowledged.has(r.id)).toBe(true);
    for (const s of seen) {
      expect(s.id).toBe(s.bodyId);
      expect(ids.has(s.id)).toBe(true);
    }
    const failed = rows.filter((r) => r.status === "failed");
    for (const r of failed) expect(r.attempts).toBe(4);
    const duplicates = seen.filter((s) => s.status === 200).length - acknowledged.size;
    console.log(
      `fault run: ${published} published, ${byStatus("delivered")} delivered, ${failed.length} exhausted, ` +
        `${seen.length} requests received, ${duplicates} duplicate acknowledgements (same ids)`,
    );
  }, 240_000);
});
