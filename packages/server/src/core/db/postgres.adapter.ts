// The node-postgres adapter: a connection pool for queries and one dedicated client for LISTEN.
import pg from "pg";
import { Kysely, PostgresDialect, sql } from "kysely";
import { AppError, messageOf } from "../errors/index.js";
import type { Database, Executor } from "./database.js";
import type { Tables } from "./tables.js";

// int8 (bigint) and numeric-free counts come back as JS numbers: every bigint Pixl stores (ids,
// epoch milliseconds, minor units) stays far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export interface PostgresOptions {
  /** `postgres://user:pass@host:port/db` */
  url: string;
  /** Pool size. Default 10. */
  maxConnections?: number;
  /** How long to wait for a connection before failing (ms). Default 5 s. */
  connectTimeoutMs?: number;
}

/** Creates a PostgreSQL database handle. Connections are made lazily; use `ping()` to check reachability. */
export function openPostgres(options: PostgresOptions): Database {
  const description = redact(options.url);
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
  });
  // An idle client that errors (server restart) must not crash the process; the pool replaces it.
  pool.on("error", () => undefined);
  const kysely = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  const listeners = new Map<string, Set<(payload: string) => void>>();
  let listenClient: pg.Client | undefined;
  let closed = false;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let reconnectAttempt = 0;

  let connecting: Promise<pg.Client> | undefined;

  /** The LISTEN connection, made once even when several callers ask at the same time. */
  function ensureListenClient(): Promise<pg.Client> {
    if (listenClient) return Promise.resolve(listenClient);
    connecting ??= connectListenClient().finally(() => (connecting = undefined));
    return connecting;
  }

  async function connectListenClient(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: options.url });
    client.on("notification", (msg) => {
      for (const cb of listeners.get(msg.channel) ?? []) cb(msg.payload ?? "");
    });
    const onDrop = (): void => {
      if (listenClient !== client) return;
      listenClient = undefined;
      scheduleReconnect();
    };
    // A dropped connection must not crash the process: reconnect and LISTEN again (pollers cover the gap).
    client.on("error", onDrop);
    client.on("end", onDrop);
    await client.connect();
    listenClient = client;
    return client;
  }

  /** Reconnects the LISTEN client with capped backoff and re-subscribes every channel still wanted. */
  function scheduleReconnect(): void {
    if (closed || reconnectTimer || listeners.size === 0) return;
    const delay = Math.min(30_000, 100 * 2 ** Math.min(reconnectAttempt, 9));
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      reconnectAttempt += 1;
      void resubscribe().then(
        () => (reconnectAttempt = 0),
        () => {
          const client = listenClient;
          listenClient = undefined;
          void client?.end().catch(() => undefined);
          scheduleReconnect();
        },
      );
    }, delay);
    reconnectTimer.unref();
  }

  async function resubscribe(): Promise<void> {
    if (closed || listeners.size === 0) return;
    const client = await ensureListenClient();
    for (const channel of listeners.keys()) await client.query(`LISTEN "${channel}"`);
  }

  return {
    dialect: "postgres",
    kysely,
    capabilities: { skipLocked: true, notifications: true, multipleConnections: true },
    types: { id: "bigserial", asId: (c) => c.primaryKey(), bigint: "bigint", json: "text", bytes: "bytea" },
    description,
    dataVersion: () => undefined,
    async ping() {
      try {
        await sql`select 1`.execute(kysely);
      } catch (e) {
        throw new AppError(
          "database_unavailable",
          `PostgreSQL at ${description} is unreachable: ${messageOf(e)}`,
          {
            database: description,
          },
        );
      }
    },
    async listen(channel, onNotify) {
      assertChannel(channel);
      let set = listeners.get(channel);
      if (!set) {
        set = new Set();
        listeners.set(channel, set);
        const client = await ensureListenClient();
        await client.query(`LISTEN "${channel}"`);
      }
      set.add(onNotify);
      return async () => {
        set.delete(onNotify);
        if (set.size === 0) {
          listeners.delete(channel);
          await listenClient?.query(`UNLISTEN "${channel}"`).catch(() => undefined);
        }
      };
    },
    async lockUntilCommit(trx: Executor, key: string) {
      await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
    },
    async notify(executor: Executor, channel: string, payload = "") {
      assertChannel(channel);
      await sql`select pg_notify(${channel}, ${payload})`.execute(executor);
    },
    async close() {
      closed = true;
      clearTimeout(reconnectTimer);
      const client = listenClient;
      listenClient = undefined;
      await client?.end().catch(() => undefined);
      await kysely.destroy();
    },
  };
}

function assertChannel(channel: string): void {
  if (!/^[a-z_][a-z0-9_:]{0,62}$/.test(channel)) throw new Error(`invalid notification channel ${channel}`);
}

/** The URL without its password, for logs and error messages. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "postgres://(unparseable url)";
  }
}
