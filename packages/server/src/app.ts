// The composition root: builds every component from the config with plain function arguments.
import { setTimeout as delay } from "node:timers/promises";
import { systemClock, type Clock } from "./core/clock.js";
import type { Config } from "./core/config/index.js";
import { migrateToLatest, openDatabase, type Database, type MigrationDefinition } from "./core/db/index.js";
import { AppError, coerceError, messageOf } from "./core/errors/index.js";
import { createHttpServer, type HttpServer } from "./core/http/index.js";
import { createLogger, type Logger } from "./core/logging/logger.js";
import { migrations as allMigrations } from "./migrations/index.js";
import { registerStoreApi } from "./store/store-api.js"; // Store API

export interface AppOptions {
  logger?: Logger;
  clock?: Clock;
  /** Defaults to every Pixl migration. */
  migrations?: readonly MigrationDefinition[];
}

export interface PrepareDatabaseOptions {
  /** Keep retrying (with backoff up to 30 s) while the database is unreachable. Default false: throw. */
  retry?: boolean;
  /** Stops the retry loop (shutdown). */
  signal?: AbortSignal;
}

export interface App {
  readonly config: Config;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly database: Database;
  readonly http: HttpServer;
  /** Resolves once the database answers and migrations are applied. */
  prepareDatabase(options?: PrepareDatabaseOptions): Promise<void>;
  /** Stops everything the app opened. Idempotent. */
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
  let databaseProblem: string | undefined = "database not checked yet";
  let migrated = false;

  const http = createHttpServer({
    logger,
    bodyLimit: config.bodyLimit,
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
  registerStoreApi(http, { database, clock, storeDomain: config.storeDomain }); // Store API

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
    async close() {
      if (closed) return;
      closed = true;
      await http.app.close();
      await database.close();
    },
  };
}
