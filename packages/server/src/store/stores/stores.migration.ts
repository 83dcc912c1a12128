// Creates the store tenants and their API tokens.
import type { MigrationDefinition } from "../../core/db/index.js";

export const storesMigration: MigrationDefinition = {
  name: "0200_stores",
  async up({ db, types }) {
    await db.schema
      .createTable("stores")
      .addColumn("id", types.id, (c) => c.primaryKey())
      .addColumn("subdomain", "text", (c) => c.notNull().unique())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("currency", "text", (c) => c.notNull().defaultTo("USD"))
      .addColumn("time_zone", "text", (c) => c.notNull().defaultTo("UTC"))
      .addColumn("order_seq", types.bigint, (c) => c.notNull().defaultTo(0))
      .addColumn("created_at", types.bigint, (c) => c.notNull())
      .addColumn("updated_at", types.bigint, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable("store_api_tokens")
      .addColumn("id", types.id, (c) => c.primaryKey())
      .addColumn("store_id", types.bigint, (c) => c.notNull().references("stores.id").onDelete("cascade"))
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("token_hash", "text", (c) => c.notNull().unique())
      .addColumn("prefix", "text", (c) => c.notNull())
      .addColumn("scopes", types.json, (c) => c.notNull())
      .addColumn("rate_limit", "integer", (c) => c.notNull().defaultTo(60))
      .addColumn("expires_at", types.bigint)
      .addColumn("revoked_at", types.bigint)
      .addColumn("last_used_at", types.bigint)
      .addColumn("created_at", types.bigint, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("store_api_tokens_store")
      .on("store_api_tokens")
      .columns(["store_id", "id"])
      .execute();
  },
};
