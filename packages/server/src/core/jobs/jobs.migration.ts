// Creates the `jobs` table and the one index the claim query walks.
import { sql } from "kysely";
import type { MigrationDefinition } from "../db/index.js";

export const jobsMigration: MigrationDefinition = {
  name: "0001_jobs",
  async up({ db, types }) {
    await db.schema
      .createTable("jobs")
      .addColumn("id", types.id, (c) => c.primaryKey())
      .addColumn("task", "text", (c) => c.notNull())
      .addColumn("payload", types.json, (c) => c.notNull())
      .addColumn("key", "text")
      .addColumn("run_at", types.bigint, (c) => c.notNull())
      .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("max_attempts", "integer", (c) => c.notNull())
      .addColumn("last_error", "text")
      .addColumn("locked_by", "text")
      .addColumn("locked_at", types.bigint)
      .addColumn("created_at", types.bigint, (c) => c.notNull())
      .execute();
    // The claim query reads due jobs in (run_at, id) order. Running jobs have run_at = their lease expiry
    // and failed jobs are excluded by the predicate, so the head of this index is always claimable work.
    // Dedupe keys. Partial, so the many unkeyed jobs cost no index entry on insert and delete.
    await sql`create unique index jobs_key_idx on jobs (key) where key is not null`.execute(db);
    await sql`create index jobs_due_idx on jobs (run_at, id) where attempts < max_attempts`.execute(db);
  },
};
