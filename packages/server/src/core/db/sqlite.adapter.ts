// The better-sqlite3 adapter: WAL mode, BEGIN IMMEDIATE transactions, a prepared-statement cache,
// and a check that the file is a Pixl database before anything is written to it.
import { mkdirSync, openSync, readSync, closeSync, statSync } from "node:fs";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import {
  CompiledQuery,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
} from "kysely";
import { AppError, messageOf } from "../errors/index.js";
import type { Database } from "./database.js";
import type { Tables } from "./tables.js";

/** `PRAGMA application_id` of every database Pixl creates ("PIXL" in ASCII). */
export const PIXL_APPLICATION_ID = 0x5049584c;
const SQLITE_HEADER = Buffer.from("SQLite format 3\0", "latin1");
const STATEMENT_CACHE_SIZE = 500;

export interface SqliteOptions {
  /** Path of the database file, or ":memory:". */
  file: string;
  /** How long a statement waits for another process's write lock before failing (ms). Default 10 s. */
  busyTimeoutMs?: number;
}

/** Opens (creating if needed) a Pixl SQLite database. Throws a clear AppError for foreign or corrupt files. */
export function openSqlite(options: SqliteOptions): Database {
  const { file } = options;
  if (file !== ":memory:") {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    assertSqliteHeader(file);
  }
  let raw: SqliteDatabase.Database;
  try {
    raw = new SqliteDatabase(file);
    raw.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
    raw.pragma("journal_mode = WAL");
    raw.pragma("synchronous = NORMAL");
    raw.pragma("foreign_keys = ON");
    claimOrVerifyApplicationId(raw, file);
  } catch (e) {
    throw toDatabaseError(e, file);
  }
  const driver = new CachingSqliteDriver(raw);
  const kysely = new Kysely<Tables>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => driver,
      createIntrospector: (db) => new SqliteIntrospector(db),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
  });
  return {
    dialect: "sqlite",
    kysely,
    capabilities: { skipLocked: false, notifications: false, multipleConnections: false },
    types: {
      id: "integer",
      asId: (c) => c.primaryKey().autoIncrement(),
      bigint: "integer",
      json: "text",
      bytes: "blob",
    },
    description: `sqlite:${file}`,
    ping: () => {
      try {
        raw.prepare("select 1").get();
        return Promise.resolve();
      } catch (e) {
        return Promise.reject(toDatabaseError(e, file));
      }
    },
    listen: () => Promise.resolve(() => Promise.resolve()),
    lockUntilCommit: () => Promise.resolve(),
    notify: () => Promise.resolve(),
    dataVersion: () => driver.dataVersion(),
    close: () => kysely.destroy(),
  };
}

function assertSqliteHeader(file: string): void {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return; // does not exist yet: SQLite creates it
  }
  if (size === 0) return;
  const fd = openSync(file, "r");
  try {
    const head = Buffer.alloc(SQLITE_HEADER.length);
    const n = readSync(fd, head, 0, head.length, 0);
    if (n < head.length || !head.equals(SQLITE_HEADER)) {
      throw new AppError(
        "database_foreign",
        `${file} is not a SQLite database (it may be corrupt, or another kind of file): move it away or set PIXL_DATA_DIR/DATABASE_URL`,
        { file },
      );
    }
  } finally {
    closeSync(fd);
  }
}

function claimOrVerifyApplicationId(raw: SqliteDatabase.Database, file: string): void {
  const appId = raw.pragma("application_id", { simple: true }) as number;
  if (appId === PIXL_APPLICATION_ID) return;
  const tables = raw
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")
    .pluck()
    .all() as string[];
  if (appId !== 0 || tables.length > 0) {
    raw.close();
    const shown = tables.slice(0, 5).join(", ");
    throw new AppError(
      "database_foreign",
      `${file} is a SQLite database that Pixl did not create (application_id ${appId}${shown ? `, tables: ${shown}` : ""}); refusing to use it`,
      { file, applicationId: appId, tables },
    );
  }
  raw.pragma(`application_id = ${PIXL_APPLICATION_ID}`);
}

function toDatabaseError(e: unknown, file: string): AppError {
  if (e instanceof AppError) return e;
  const code = (e as { code?: unknown }).code;
  if (code === "SQLITE_NOTADB" || code === "SQLITE_CORRUPT") {
    return new AppError("database_foreign", `${file} is corrupt or not a SQLite database: ${messageOf(e)}`, {
      file,
    });
  }
  return new AppError(
    "database_unavailable",
    `cannot open SQLite database ${file}: ${messageOf(e)}`,
    { file },
    {
      cause: e,
    },
  );
}

/**
 * Kysely's SQLite driver prepares every statement anew and starts deferred transactions. This one caches
 * prepared statements (the queue runs the same few statements thousands of times a second) and begins
 * transactions IMMEDIATE, so two processes never deadlock upgrading a read lock to a write lock.
 */
class CachingSqliteDriver implements Driver {
  readonly #connection: CachingSqliteConnection;
  #locked: Promise<void> | undefined;
  #unlock: (() => void) | undefined;

  constructor(raw: SqliteDatabase.Database) {
    this.#connection = new CachingSqliteConnection(raw);
  }

  /** See {@link Database.dataVersion}. */
  dataVersion(): string {
    return this.#connection.dataVersion();
  }

  init(): Promise<void> {
    return Promise.resolve();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    while (this.#locked) await this.#locked;
    this.#locked = new Promise((resolve) => (this.#unlock = resolve));
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("commit"));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("rollback"));
  }

  releaseConnection(): Promise<void> {
    const unlock = this.#unlock;
    this.#locked = undefined;
    this.#unlock = undefined;
    unlock?.();
    return Promise.resolve();
  }

  destroy(): Promise<void> {
    this.#connection.close();
    return Promise.resolve();
  }
}

class CachingSqliteConnection implements DatabaseConnection {
  readonly #raw: SqliteDatabase.Database;
  readonly #cache = new Map<string, SqliteDatabase.Statement>();
  /** `PRAGMA data_version`: moves when another connection (any process) commits; not for our own writes. */
  readonly #dataVersion: SqliteDatabase.Statement;
  /** Statements run here that may write (so `data_version` misses them): counted instead. */
  #ownWrites = 0;

  constructor(raw: SqliteDatabase.Database) {
    this.#raw = raw;
    this.#dataVersion = raw.prepare("pragma data_version").pluck();
  }

  /**
   * Other connections' commits and every write statement of this one (counted when it runs, before its
   * transaction commits: a rollback only costs a cache miss). A few microseconds: no table is read.
   */
  dataVersion(): string {
    return `${String(this.#dataVersion.get())}.${String(this.#ownWrites)}`;
  }

  executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    try {
      const stmt = this.#prepare(compiled.sql);
      const params = compiled.parameters as unknown[];
      // `reader` statements include INSERT … RETURNING; `readonly` is what tells a write.
      if (!stmt.readonly) this.#ownWrites++;
      if (stmt.reader) return Promise.resolve({ rows: stmt.all(params) as R[] });
      const { changes, lastInsertRowid } = stmt.run(params);
      return Promise.resolve({
        numAffectedRows: BigInt(changes),
        insertId: BigInt(lastInsertRowid),
        rows: [],
      });
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(messageOf(e)));
    }
  }

  /** Streaming is not used by Pixl on SQLite. */
  streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("streamQuery is not supported by the SQLite adapter");
  }

  close(): void {
    this.#cache.clear();
    if (this.#raw.open) this.#raw.close();
  }

  #prepare(sql: string): SqliteDatabase.Statement {
    let stmt = this.#cache.get(sql);
    if (stmt) return stmt;
    stmt = this.#raw.prepare(sql);
    // Evict the oldest insertion when full. Not LRU: refreshing recency costs two hashings of the SQL text
    // per query, and the hot statements are few and come back at once if ever evicted.
    if (this.#cache.size >= STATEMENT_CACHE_SIZE) {
      const oldest = this.#cache.keys().next().value;
      if (oldest !== undefined) this.#cache.delete(oldest);
    }
    this.#cache.set(sql, stmt);
    return stmt;
  }
}
