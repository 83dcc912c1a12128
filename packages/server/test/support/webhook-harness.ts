// The webhook engine and its delivery runner on a fresh test database, with a fake clock and the attempts the
// engine schedules recorded instead of queued, so a test runs each attempt itself.
import { createFakeClock, type FakeClock } from "../../src/core/clock.js";
import { migrateToLatest, type Dialect, type Executor } from "../../src/core/db/index.js";
import { createSafeHttpClient, type SafeHttpClient } from "../../src/core/http-client/index.js";
import {
  createDeliveryRunner,
  type DeliveryOutcome,
  type DeliveryRunner,
} from "../../src/webhooks/delivery-runner.js";
import { createSafeWebhookTransport } from "../../src/webhooks/safe-transport.js";
import { createSecretBox, type SecretBox } from "../../src/webhooks/secret-box.js";
import { createWebhookEngine, type WebhookEngine } from "../../src/webhooks/webhook-engine.js";
import { webhooksMigration } from "../../src/webhooks/webhooks.migration.js";
import { createTestDatabase, type TestDatabase } from "./databases.js";

export interface WebhookHarness {
  t: TestDatabase;
  clock: FakeClock;
  secretBox: SecretBox;
  /** Loopback allowed: receivers in tests listen on 127.0.0.1. */
  client: SafeHttpClient;
  engine: WebhookEngine;
  runner: DeliveryRunner;
  /** Every attempt the engine asked to schedule, in order; tests clear it as they go. */
  scheduled: { id: string; runAt: number }[];
  /** Outcomes reported to the studio listener (status callbacks 72…80). */
  studioOutcomes: DeliveryOutcome[];
  close(): Promise<void>;
}

export interface WebhookHarnessOptions {
  /** Registration-time URL check. Default: every URL is accepted. */
  assertDeliverableUrl?: (url: string) => Promise<void>;
}

/** A migrated database with the webhook engine and runner wired as the app wires them. */
export async function createWebhookHarness(
  dialect: Dialect,
  options: WebhookHarnessOptions = {},
): Promise<WebhookHarness> {
  const t = await createTestDatabase(dialect);
  await migrateToLatest(t.database, [webhooksMigration]);
  const clock = createFakeClock();
  const secretBox = createSecretBox(Buffer.alloc(32, 1));
  const client = createSafeHttpClient({ allowPrivateNetworks: true });
  const scheduled: { id: string; runAt: number }[] = [];
  const studioOutcomes: DeliveryOutcome[] = [];
  const scheduleAttempt = (_db: Executor, id: string, runAt: number) => {
    scheduled.push({ id, runAt });
    return Promise.resolve();
  };
  const runner: DeliveryRunner = createDeliveryRunner({
    database: t.database,
    clock,
    secretBox,
    scheduleAttempt,
    transport: createSafeWebhookTransport(client),
    listeners: {
      studio: (_db, outcome) => {
        studioOutcomes.push(outcome);
        return Promise.resolve();
      },
    },
  });
  const engine = createWebhookEngine({
    runAttempt: (id) => runner.runAttempt(id),
    database: t.database,
    clock,
    secretBox,
    scheduleAttempt,
    assertDeliverableUrl: options.assertDeliverableUrl ?? (() => Promise.resolve()),
  });
  return {
    t,
    clock,
    secretBox,
    client,
    engine,
    runner,
    scheduled,
    studioOutcomes,
    async close() {
      await client.close();
      await t.dispose();
    },
  };
}
