// The shape of a migration: a named, forward-only step that gets the engine's column types.
import type { Kysely } from "kysely";
import type { ColumnTypes, Dialect } from "./database.js";

export interface MigrationContext {
  // Migrations see the schema as it was when they were written, not today's `Tables`.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>;
  types: ColumnTypes;
  dialect: Dialect;
}

/** One schema change. Names sort in the order they run: `0001_jobs`, `0002_blobs`, … */
export interface MigrationDefinition {
  name: string;
  up(ctx: MigrationContext): Promise<void>;
}
