// The engine on the real queue and worker: a stalled receiver does not hold back the others.
import { afterEach, describe, expect, it } from "vitest";
import type { App } from "../src/app.js";
import { createTestDatabase, testDialects, type TestDatabase } from "./support/databases.js";
import { startReceiver, type Receiver } from "./support/receiver.js";
import { createTestApp, createTestEnv } from "./support/test-app.js";

describe.each(testDialects)("webhook worker on %s", (dialect) => {
  let t: TestDatabase | undefined;
  let app: App | undefined;
  let receiver: Receiver | undefined;
  afterEach(async () => {
    await app?.close();
    await receiver?.close();
    await t?.dispose();
  });

  it("delivers a healthy endpoint's events while another endpoint stalls (no head-of-line blocking)", async () => {
    t = await createTestDatabase(dialect);
    receiver = await startReceiver((req, res) => {
      if (req.url === "/stalled") return; // never answers: the attempt times out
      res.writeHead(200).end();
    });
    app = createTestApp(createTestEnv(t, { PIXL_WEBHOOK_TIMEOUT_MS: "8000", PIXL_IO_CONCURRENCY: "8" }));
    await app.prepareDatabase();
    const store = { kind: "store" as const, id: 1 };
    await app.webhooks.createEndpoint(store, {
      url: `${receiver.url}/stalled`,
      events: ["order.refunded"],
      maxConcurrency: 2,
    });
    const healthy = await app.webhooks.createEndpoint(store, {
      url: `${receiver.url}/healthy`,
      events: ["order.received"],
    });
    await app.startWorker();
    const webhooks = app.webhooks;
    await app.database.kysely.transaction().execute(async (trx) => {
      for (let i = 0; i < 30; i++) await webhooks.publish(trx, store, "order.refunded", { i });
    });
    await new Promise((r) => setTimeout(r, 200)); // the stalled endpoint now holds its slots
    const started = Date.now();
    await app.database.kysely.transaction().execute(async (trx) => {
      for (let i = 0; i < 30; i++) await webhooks.publish(trx, store, "order.received", { i });
    });
    for (;;) {
      const delivered = await webhooks.countDeliveries(store, {
        endpointId: healthy.endpoint.id,
        status: "delivered",
      });
      if (delivered === 30) break;
      // Head-of-line blocking would hold them behind the stalled attempts, 8 s each; a loaded machine needs some seconds.
      expect(Date.now() - started).toBeLessThan(6_500);
      await new Promise((r) => setTimeout(r, 20));
    }
    // The stalled endpoint never had more than its 2 slots in flight, and no attempt was spent waiting.
    expect(receiver.received.filter((r) => r.url === "/stalled").length).toBeLessThanOrEqual(2);
  }, 40_000);
});
