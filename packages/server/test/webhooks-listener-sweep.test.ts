// Abandoned listeners (a `pixl listen` killed without deleting its listener) are removed by the worker's
// periodic sweep, with what they held; listeners still being pulled from stay, on both engines.
import { afterEach, describe, expect, it } from "vitest";
import type { App } from "../src/app.js";
import { createApp } from "../src/app.js";
import { createFakeClock, type FakeClock } from "../src/core/clock.js";
import { loadConfig } from "../src/core/config/index.js";
import { createLogger } from "../src/core/logging/logger.js";
import { LISTENER_SWEEP_INTERVAL_MS } from "../src/webhooks/webhook-tasks.js";
import { STALE_LISTENER_MS } from "../src/webhooks/listener.service.js";
import { createTestDatabase, testDialects, type TestDatabase } from "./support/databases.js";
import { createTestEnv } from "./support/test-app.js";
import { waitFor } from "./support/wait.js";

const MINUTE = 60_000;

describe.each(testDialects)("listener sweep on %s", (dialect) => {
  let t: TestDatabase | undefined;
  let app: App | undefined;
  afterEach(async () => {
    await app?.close();
    await t?.dispose();
  });

  it("removes listeners idle for an hour and cancels their deliveries; keeps the ones in use", async () => {
    t = await createTestDatabase(dialect);
    const clock: FakeClock = createFakeClock();
    app = createApp(loadConfig(createTestEnv(t)), { logger: createLogger({ level: "silent" }), clock });
    await app.prepareDatabase();
    const { webhooks, database } = app;
    const alpha = { kind: "store" as const, id: 1 };
    const beta = { kind: "store" as const, id: 2 };
    const abandoned = (await webhooks.createListener(alpha, ["order.received"])).endpoint;
    const inUse = (await webhooks.createListener(alpha, ["order.received"])).endpoint;
    const othersAbandoned = (await webhooks.createListener(beta, ["order.received"])).endpoint;
    const endpoint = await webhooks.createEndpoint(alpha, {
      url: "http://127.0.0.1:9/hook",
      events: ["order.received"],
    });
    await database.kysely
      .transaction()
      .execute((trx) => webhooks.publish(trx, alpha, "order.received", { id: 1 }));
    const pull = (id: number) => webhooks.pull(alpha, id, { limit: 10, waitMs: 0 });
    expect(await pull(abandoned.id)).toHaveLength(1);

    await app.startWorker();
    // Pulled from every few minutes, one listener stays; the others have been idle past the hour.
    for (let m = 0; m < STALE_LISTENER_MS + 2 * LISTENER_SWEEP_INTERVAL_MS; m += 5 * MINUTE) {
      clock.advance(5 * MINUTE);
      await pull(inUse.id);
    }
    const listenerIds = async () =>
      (await database.kysely.selectFrom("webhook_endpoints").select("id").orderBy("id").execute()).map(
        (r) => r.id,
      );
    await waitFor("the sweep", async () => {
      const ids = await listenerIds();
      return ids.includes(abandoned.id) || ids.includes(othersAbandoned.id) ? undefined : ids;
    });
    // The endpoint with a URL is not a listener, however long since it changed.
    expect(await listenerIds()).toEqual([inUse.id, endpoint.endpoint.id]);
    await expect(pull(abandoned.id)).rejects.toMatchObject({ code: "not_found" });
    // What the abandoned listener held is cancelled, not left pending forever.
    const pending = await database.kysely
      .selectFrom("webhook_deliveries")
      .select(["endpoint_id", "status"])
      .where("endpoint_id", "=", abandoned.id)
      .execute();
    expect(pending.filter((d) => d.status === "pending")).toEqual([]);
    expect(await pull(inUse.id)).toHaveLength(1);
  }, 60_000);
});
