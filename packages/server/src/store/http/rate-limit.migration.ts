// Creates the rate-limit counters shared by every process serving the Store API.
import type { MigrationDefinition } from "../../core/db/index.js";

export const rateLimitMigration: MigrationDefinition = {
  name: "0280_rate_limits",
  async up({ db, types }) {
    await db.schema
      .createTable("store_rate_limits")
      .addColumn("key", "text", (c) => c.notNull())
      .addColumn("window_start", types.bigint, (c) => c.notNull())
      .addColumn("count", "integer", (c) => c.notNull())
      .addPrimaryKeyConstraint("store_rate_limits_pk", ["key", "window_start"])
      .execute();
  },
};
