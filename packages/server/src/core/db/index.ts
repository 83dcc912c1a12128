// Persistence: the Database port, the two adapters, migrations.
export type { ColumnTypes, Database, DatabaseCapabilities, Dialect, Executor } from "./database.js";
export type { Tables } from "./tables.js";
export type { MigrationContext, MigrationDefinition } from "./migration.js";
export { migrateToLatest, type MigrationReport } from "./migrator.js";
export {
  createTransactionBatcher,
  type BatchedWrite,
  type TransactionBatcher,
} from "./transaction-batcher.js";
export { createBatchLoader, type BatchLoader, type BatchLoaderOptions } from "./batch-loader.js";
export { isConnectionError, isUniqueViolation } from "./db-errors.js";
export { openDatabase, type OpenDatabaseOptions } from "./open-database.js";
export { openSqlite, PIXL_APPLICATION_ID } from "./sqlite.adapter.js";
export { openPostgres, redact } from "./postgres.adapter.js";
