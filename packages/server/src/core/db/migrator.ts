// Runs the versioned migrations (on start and via `pixl migrate`), one result per migration.
import { Migrator, sql, type Migration, type MigrationResult } from "kysely";
import { AppError, messageOf } from "../errors/index.js";
import type { Database } from "./database.js";
import { isConnectionError } from "./db-errors.js";
import type { MigrationDefinition } from "./migration.js";

export interface MigrationReport {
  /** Migrations applied by this run, in order. */
  applied: string[];
  /** Per-migration outcome, as the migrator reports it. */
  results: { name: string; status: MigrationResult["status"] }[];
}

/**
 * Applies every migration not yet applied. Safe to run from several processes at once (the migrator holds
 * a lock row). Throws an AppError naming the failed migration; earlier ones stay applied.
 */
export async function migrateToLatest(
  database: Database,
  migrations: readonly MigrationDefinition[],
): Promise<MigrationReport> {
  const byName: Record<string, Migration> = {};
  for (const m of migrations) {
    byName[m.name] = {
      up: (db) => m.up({ db, types: database.types, dialect: database.dialect }),
    };
  }
  // Pin the bookkeeping tables to the connection's schema: otherwise the introspector may find a
  // same-named table in another schema of the database and skip creating ours.
  const schema =
    database.dialect === "postgres"
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(database.kysely)).rows[0]
          ?.schema
      : undefined;
  const migrator = new Migrator({
    db: database.kysely,
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
    provider: { getMigrations: () => Promise.resolve(byName) },
    migrationTableName: "pixl_migrations",
    migrationLockTableName: "pixl_migrations_lock",
    // Each feature owns a number range (jobs 0001, webhooks 0100, store 0200, studio 0300 …), so a database
    // made by an older build may lack a migration numbered below one it already has.
    allowUnorderedMigrations: true,
  });
  let outcome = await migrator.migrateToLatest();
  // Kysely's introspector reads every schema of the database; a schema or table dropped meanwhile by another
  // client fails that read (3F000, or 42P01 naming the other schema's table) before any migration ran.
  // Nothing was applied, so trying again is safe.
  for (
    let retry = 0;
    retry < 3 && isSchemaVanished(outcome.error) && (outcome.results ?? []).length === 0;
    retry++
  ) {
    outcome = await migrator.migrateToLatest();
  }
  const { error, results = [] } = outcome;
  const report: MigrationReport = {
    applied: results.filter((r) => r.status === "Success").map((r) => r.migrationName),
    results: results.map((r) => ({ name: r.migrationName, status: r.status })),
  };
  if (error !== undefined) {
    const failed = results.find((r) => r.status === "Error")?.migrationName ?? "(before any migration)";
    throw new AppError(
      isConnectionError(error) ? "database_unavailable" : "migration_failed",
      `migration ${failed} failed: ${messageOf(error)}`,
      {
        migration: failed,
        applied: report.applied,
      },
    );
  }
  return report;
}

function isSchemaVanished(e: unknown): boolean {
  const code = (e as { code?: unknown } | undefined)?.code;
  return code === "3F000" || code === "42P01";
}
