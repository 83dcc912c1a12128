// Creates the customers table.
import type { MigrationDefinition } from "../../core/db/index.js";

export const customersMigration: MigrationDefinition = {
  name: "0220_customers",
  async up({ db, types }) {
    await db.schema
      .createTable("store_customers")
      .addColumn("id", types.id, (c) => c.primaryKey())
      .addColumn("store_id", types.bigint, (c) => c.notNull().references("stores.id").onDelete("cascade"))
      .addColumn("email", "text", (c) => c.notNull())
      .addColumn("username", "text")
      .addColumn("discord_id", "text")
      .addColumn("discord_username", "text")
      .addColumn("minecraft_username", "text")
      .addColumn("steam_id", "text")
      .addColumn("created_at", types.bigint, (c) => c.notNull())
      .addColumn("updated_at", types.bigint, (c) => c.notNull())
      .addUniqueConstraint("store_customers_store_email", ["store_id", "email"])
      .execute();
    await db.schema
      .createIndex("store_customers_store_created")
      .on("store_customers")
      .columns(["store_id", "created_at", "id"])
      .execute();
  },
};
