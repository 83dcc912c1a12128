// The database port: a Kysely instance plus the capability flags that hide SQLite/PostgreSQL differences.
import type { ColumnDefinitionBuilder, Kysely, Transaction } from "kysely";
import type { Tables } from "./tables.js";

export type Dialect = "sqlite" | "postgres";

/** What the engine underneath can do. Features branch on these flags, never on the dialect name. */
export interface DatabaseCapabilities {
  /** `SELECT … FOR UPDATE SKIP LOCKED`: many workers can claim rows concurrently without blocking. */
  readonly skipLocked: boolean;
  /** `LISTEN`/`NOTIFY`: other processes can be woken when a row is committed. */
  readonly notifications: boolean;
  /** Several connections run statements in parallel (false: one connection, statements serialised). */
  readonly multipleConnections: boolean;
}

/** Column types for migrations, so one migration serves both engines. */
export interface ColumnTypes {
  /** Auto-incrementing integer primary key: use with {@link ColumnTypes.asId}. */
  readonly id: "integer" | "bigserial";
  /**
   * Makes a column the table's never-reused auto-increment key: `.addColumn("id", types.id, types.asId)`.
   * (SQLite needs AUTOINCREMENT, or a deleted row's id is handed out again.)
   */
  readonly asId: (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;
  /** 64-bit integer: ids, epoch-millisecond times, money in minor units. */
  readonly bigint: "integer" | "bigint";
  /** JSON document stored as text (parsed by repositories). */
  readonly json: "text";
  /** Arbitrary bytes. */
  readonly bytes: "blob" | "bytea";
}

/** Anything that can run queries: the database itself or an open transaction. */
export type Executor = Kysely<Tables> | Transaction<Tables>;

export interface Database {
  readonly dialect: Dialect;
  readonly kysely: Kysely<Tables>;
  readonly capabilities: DatabaseCapabilities;
  readonly types: ColumnTypes;
  /** A short description for logs (never includes a password). */
  readonly description: string;
  /** Throws an AppError `database_unavailable` when the database cannot answer a trivial query. */
  ping(): Promise<void>;
  /**
   * Calls `onNotify` whenever `channel` is notified by any process (PostgreSQL LISTEN). On engines
   * without notifications this returns at once and never calls back. Resolves to an unsubscribe function.
   */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  /**
   * Holds the lock named `key` until `trx` commits or rolls back, so transactions taking the same key run
   * one after another, across processes too (read-then-insert decisions such as "join the open stack or
   * open one"). PostgreSQL: a transaction-scoped advisory lock on a 64-bit hash of the key; SQLite: nothing
   * to take, its BEGIN IMMEDIATE transactions already run one at a time.
   */
  lockUntilCommit(trx: Executor, key: string): Promise<void>;
  /** Queues a notification on `channel`, delivered when `executor`'s transaction commits. */
  notify(executor: Executor, channel: string, payload?: string): Promise<void>;
  /**
   * A token that is the same on two calls only if no change to the database was committed (or made by this
   * handle) in between, by any process; read without a query plan or a table, for caches that must never
   * answer stale. Undefined where the engine cannot tell that cheaply (PostgreSQL): cache nothing then.
   */
  dataVersion(): string | undefined;
  close(): Promise<void>;
}
