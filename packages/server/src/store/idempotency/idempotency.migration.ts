// Creates the idempotency-key table.
import type { MigrationDefinition } from "../../core/db/index.js";

export const idempotencyMigration: MigrationDefinition = {
  name: "0240_idempotency",
  async up({ db, types }) {
    await db.schema
      .createTable("store_idempotency_keys")
      .addColumn("id", types.id, (c) => c.primaryKey())
      .addColumn("store_id", types.bigint, (c) => c.notNull().references("stores.id").onDelete("cascade"))
      .addColumn("token_id", types.bigint, (c) => c.notNull())
      .addColumn("key", "text", (c) => c.notNull())
      .addColumn("request_hash", "text", (c) => c.notNull())
      .addColumn("response_status", "integer")
      .addColumn("response_body", "text")
      .addColumn("created_at", types.bigint, (c) => c.notNull())
      .addUniqueConstraint("store_idempotency_keys_scope", ["store_id", "token_id", "key"])
      .execute();
  },
};
