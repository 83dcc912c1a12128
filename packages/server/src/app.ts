// The composition root: builds every component from the config with plain function arguments.
import { createHmac } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import { createBlobStore, isLocalBlobStore, registerBlobRoutes, type BlobStore } from "./core/blobs/index.js";
import { systemClock, type Clock } from "./core/clock.js";
import { resolveSecretKey, type Config } from "./core/config/index.js";
import { migrateToLatest, openDatabase, type Database, type MigrationDefinition } from "./core/db/index.js";
import { AppError, coerceError, messageOf } from "./core/errors/index.js";
import { createHttpServer, type HttpServer } from "./core/http/index.js";
import { createSafeHttpClient, type SafeHttpClient } from "./core/http-client/index.js";
import {
  createJobQueue,
  createWorker,
  type JobQueue,
  type TaskHandler,
  type Worker,
} from "./core/jobs/index.js";
import { createLogger, type Logger } from "./core/logging/logger.js";
import { createConsole } from "./console/console.module.js";
import { registerWebApp } from "./console/web-app.routes.js";
import { defaultWebDir, loadWebAssets } from "./console/web-assets.js";
import { migrations as allMigrations } from "./migrations/index.js";
import { registerStoreApi } from "./store/store-api.js"; // Store API
import { renewalTask } from "./store/subscriptions/subscription-renewal.service.js";
import { registerStudioApi } from "./studio/studio-api.js"; // Studio API
import { registerContactListenerRoutes } from "./studio/listeners/contact-listener.routes.js";
import { DEFAULT_STUDIO_LIMITS } from "./studio/studio.deps.js";
import { createStudioLinks } from "./studio/studio-links.js";
import { createStudio } from "./studio/studio.module.js";
import { createDeliveryRunner, type OutcomeListener } from "./webhooks/delivery-runner.js";
import { createSafeWebhookTransport } from "./webhooks/safe-transport.js";
import { createSecretBox } from "./webhooks/secret-box.js";
import { createWebhookEngine, type WebhookEngine } from "./webhooks/webhook-engine.js";
import {
  createListenerSweepHandler,
  createQueueScheduler,
  createWebhookTaskHandler,
  scheduleListenerSweep,
} from "./webhooks/webhook-tasks.js";

export interface AppOptions {
  logger?: Logger;
  clock?: Clock;
  /** Defaults to every Pixl migration. */
  migrations?: readonly MigrationDefinition[];
  /** Outbound client (tests pass one with a custom resolver); default built from the config. */
  httpClient?: SafeHttpClient;
}

export interface PrepareDatabaseOptions {
  /** Keep retrying (with backoff up to 30 s) while the database is unreachable. Default false: throw. */
  retry?: boolean;
  /** Stops the retry loop (shutdown). */
  signal?: AbortSignal;
}

/**
 * Worker pools: `cpu` runs compute-heavy jobs (image processing) at `PIXL_WORKER_CONCURRENCY`; `io` runs
 * network-bound jobs (webhook deliveries) at `PIXL_IO_CONCURRENCY`, so slow receivers never hold the CPU
 * pool's slots and vice versa.
 */
export type WorkerPool = "cpu" | "io";

export interface App {
  readonly config: Config;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly database: Database;
  readonly http: HttpServer;
  readonly blobs: BlobStore;
  readonly httpClient: SafeHttpClient;
  readonly queue: JobQueue;
  readonly webhooks: WebhookEngine;
  /** Adds a task handler to the workers `startWorker` creates. Call before `startWorker`. */
  addTaskHandler(pool: WorkerPool, handler: TaskHandler): void;
  /** Listens to the outcome of every delivery attempt of a profile (the studio's 70 → 80/72…78). */
  onDeliveryOutcome(profile: "store" | "studio", listener: OutcomeListener): void;
  /** Resolves once the database answers and migrations are applied. */
  prepareDatabase(options?: PrepareDatabaseOptions): Promise<void>;
  /** Starts the in-process workers (one per pool with handlers). */
  startWorker(): Promise<void>;
  /** Stops accepting requests, finishes or releases running jobs, and closes connections. Idempotent. */
  close(): Promise<void>;
}

/** Builds the app. Opening a SQLite file that is not Pixl's throws here, before anything listens. */
export function createApp(config: Config, options: AppOptions = {}): App {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const clock = options.clock ?? systemClock;
  const migrations = options.migrations ?? allMigrations;
  const database = openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    maxConnections: config.databasePoolSize,
  });
  const secretKey = resolveSecretKey(config);
  let databaseProblem: string | undefined = "database not checked yet";
  let migrated = false;

  const http = createHttpServer({
    logger,
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    readiness: async () => {
      if (!migrated) return databaseProblem ?? "migrations not applied yet";
      try {
        await database.ping();
        return undefined;
      } catch (e) {
        return messageOf(e);
      }
    },
  });
  const blobs = createBlobStore(config.blobs, { publicUrl: config.publicUrl, signingKey: secretKey, clock });
  if (isLocalBlobStore(blobs)) {
    void http.app.register(registerBlobRoutes, { store: blobs, maxUploadBytes: config.maxUploadBytes });
  }

  const httpClient =
    options.httpClient ?? createSafeHttpClient({ allowPrivateNetworks: config.allowPrivateNetworks });
  const queue = createJobQueue({ database, clock });
  const scheduleAttempt = createQueueScheduler(queue);
  const secretBox = createSecretBox(secretKey);
  const outcomeListeners: Partial<Record<"store" | "studio", OutcomeListener>> = {};
  const runner = createDeliveryRunner({
    database,
    clock,
    secretBox,
    scheduleAttempt,
    transport: createSafeWebhookTransport(httpClient),
    listeners: outcomeListeners,
    timeoutMs: config.webhookTimeoutMs,
    retryScale: config.webhookRetryScale,
  });
  const webhooks = createWebhookEngine({
    database,
    clock,
    secretBox,
    scheduleAttempt,
    assertDeliverableUrl: (url) => httpClient.assertAllowed(url),
    runAttempt: (deliveryId) => runner.runAttempt(deliveryId),
  });
  // The web console's accounts: its sessions are a second way into the Store and Studio APIs.
  const consoleAccounts = createConsole({ database, clock, secretKey, publicUrl: config.publicUrl });
  consoleAccounts.registerRoutes(http);

  // Store API: events go to the webhook engine's outbox in the caller's transaction; it also serves /webhooks.
  const storeApi = registerStoreApi(http, {
    database,
    clock,
    storeDomain: config.storeDomain,
    webhooks,
    blobs,
    publicUrl: config.publicUrl,
    maxUploadBytes: config.maxUploadBytes,
    readCacheBytes: config.storeReadCacheMb * 1024 * 1024,
    publish: async (db, storeId, type, data) => {
      await webhooks.publish(db, { kind: "store", id: storeId }, type, data);
    },
    alternativeAuth: consoleAccounts.storeAuth,
    sandboxGatewaySecret: createHmac("sha256", secretKey).update("pixl sandbox gateway").digest("hex"),
    queue,
    checkoutExpiryMs: config.checkoutExpiryMinutes * 60_000,
    checkoutRateLimits: config.checkoutRateLimits,
    // One pending renewal job per subscription (keyed): a new schedule replaces the old one.
    scheduleRenewal: async (db, job) => {
      await queue.enqueue(
        db,
        renewalTask,
        { storeId: job.storeId, subscriptionId: job.subscriptionId },
        { runAt: job.runAt, key: `store.subscription:${job.subscriptionId}` },
      );
    },
  });

  // Studio API: images are downloaded on the io pool, produced on the cpu pool; callbacks use the studio profile.
  const studio = createStudio({
    database,
    clock,
    blobs,
    httpClient,
    queue,
    webhooks,
    secretBox,
    links: createStudioLinks({ publicUrl: config.publicUrl, serverKey: secretKey, clock }),
    logger,
    limits: {
      ...DEFAULT_STUDIO_LIMITS,
      maxUploadBytes: config.maxUploadBytes,
      maxEditorUploadBytes: config.maxUploadBytes,
    },
  });
  studio.registerRoutes(http.app, {
    sessionContacts: (request) => consoleAccounts.studioContacts(request),
    sessionEditors: (request) => consoleAccounts.studioEditors(request),
  });
  registerStudioApi(http, studio.operations, {
    publicUrl: config.publicUrl,
    bodyLimit: config.bodyLimit,
    dataVersion: () => database.dataVersion(),
    responseCacheBytes: config.studioReadCacheMb * 1024 * 1024,
    sessionContacts: (request) => consoleAccounts.studioContacts(request),
  });
  outcomeListeners.studio = studio.onDeliveryOutcome;
  registerContactListenerRoutes(http, { db: database.kysely, webhooks }); // `pixl listen --contact`

  // The web console at / (after the APIs: their routes win over its catch-all).
  if (config.webDir !== "off") {
    const webDir = config.webDir ?? defaultWebDir();
    const assets = loadWebAssets(webDir);
    if (assets) {
      // Presigned uploads and downloads may go to the S3 endpoint (AWS itself when none is configured).
      const s3 =
        config.blobs.kind === "s3" ? (config.blobs.endpoint ?? "https://*.amazonaws.com") : undefined;
      const origins = [config.publicUrl, ...(s3 === undefined ? [] : [s3])].map((u) =>
        u.includes("*") ? u : new URL(u).origin,
      );
      registerWebApp(http.app, { assets, extraOrigins: [...new Set(origins)] });
    } else logger.info({ webDir }, "the web console is not built (npm run build); / is not served");
  }

  const handlers: Record<WorkerPool, TaskHandler[]> = {
    cpu: [...studio.handlers.cpu],
    io: [
      createWebhookTaskHandler(runner),
      createListenerSweepHandler(webhooks, { db: database.kysely, queue, clock }),
      ...storeApi.handlers,
      ...studio.handlers.io,
    ],
  };
  const workers: Worker[] = [];

  async function prepareOnce(): Promise<void> {
    await database.ping();
    const report = await migrateToLatest(database, migrations);
    if (report.applied.length > 0) logger.info({ applied: report.applied }, "database migrated");
    migrated = true;
    databaseProblem = undefined;
  }

  let closed = false;
  return {
    config,
    logger,
    clock,
    database,
    http,
    blobs,
    httpClient,
    queue,
    webhooks,
    addTaskHandler(pool, handler) {
      handlers[pool].push(handler);
    },
    onDeliveryOutcome(profile, listener) {
      outcomeListeners[profile] = listener;
    },
    async prepareDatabase(prepareOptions = {}) {
      for (let attempt = 1; ; attempt++) {
        try {
          await prepareOnce();
          return;
        } catch (e) {
          const error = coerceError(e);
          databaseProblem = error.code === "internal" ? messageOf(e) : error.message;
          if (!prepareOptions.retry || error.code !== "database_unavailable") throw error;
          const waitMs = Math.min(30_000, 500 * 2 ** Math.min(attempt, 6));
          logger.warn(
            { database: database.description, attempt, retry_in_ms: waitMs },
            `database unavailable, retrying: ${databaseProblem}`,
          );
          try {
            await delay(waitMs, undefined, { signal: prepareOptions.signal });
          } catch {
            throw new AppError(
              "database_unavailable",
              `gave up waiting for the database: ${databaseProblem}`,
            );
          }
        }
      }
    },
    async startWorker() {
      // Uploads interrupted by a crash leave temp files behind; sweep those older than an hour.
      if (isLocalBlobStore(blobs)) await blobs.removeStaleTempFiles();
      await studio.ensureScheduledJobs();
      await storeApi.ensureScheduledJobs();
      await scheduleListenerSweep(database.kysely, queue, clock);
      const concurrency: Record<WorkerPool, number> = {
        cpu: config.workerConcurrency,
        io: config.ioConcurrency,
      };
      for (const pool of ["cpu", "io"] as const) {
        if (handlers[pool].length === 0) continue;
        const worker = createWorker({
          database,
          clock,
          queue,
          handlers: handlers[pool],
          concurrency: concurrency[pool],
          logger: logger.child({ pool }),
          pollIntervalMs: config.workerPollMs,
          leaseMs: config.jobLeaseMs,
        });
        await worker.start();
        workers.push(worker);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await http.app.close();
      const reports = await Promise.all(workers.map((w) => w.stop({ graceMs: config.shutdownGraceMs })));
      const released = reports.reduce((n, r) => n + r.released, 0);
      if (released > 0) logger.warn({ released }, "released unfinished jobs to other workers");
      await httpClient.close();
      await studio.close();
      await database.close();
    },
  };
}
