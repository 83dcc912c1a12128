// Creates the studio's partners and contacts.
import type { MigrationDefinition } from "../../core/db/index.js";

export const studioContactsMigration: MigrationDefinition = {
  name: "0300_studio_contacts",
  async up({ db, types }) {
    await db.schema
      .createTable("studio_partners")
      .addColumn("id", types.id, types.asId)
      .addColumn("email", "text", (c) => c.notNull().unique())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("key_hash", "text", (c) => c.notNull().unique())
      .addColumn("secret_sealed", "text", (c) => c.notNull())
      .addColumn("created_at", types.bigint, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable("studio_contacts")
      .addColumn("id", types.id, types.asId)
      .addColumn("email", "text", (c) => c.notNull().unique())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("company", "text", (c) => c.notNull())
      .addColumn("country_code", "text", (c) => c.notNull())
      .addColumn("address", types.json, (c) => c.notNull())
      .addColumn("key_hash", "text", (c) => c.notNull().unique())
      .addColumn("secret_sealed", "text", (c) => c.notNull())
      .addColumn("partner_id", types.bigint, (c) => c.references("studio_partners.id"))
      .addColumn("currency", "text", (c) => c.notNull())
      .addColumn("credit_days", "integer", (c) => c.notNull())
      .addColumn("credit_limit", types.bigint, (c) => c.notNull())
      .addColumn("balance", types.bigint, (c) => c.notNull())
      .addColumn("reserved", types.bigint, (c) => c.notNull())
      .addColumn("trial_images", "integer", (c) => c.notNull())
      .addColumn("direct_upload", "integer", (c) => c.notNull())
      .addColumn("min_deadline_hours", "integer", (c) => c.notNull())
      .addColumn("webhook_encoding", "text", (c) => c.notNull())
      .addColumn("created_at", types.bigint, (c) => c.notNull())
      .addColumn("updated_at", types.bigint, (c) => c.notNull())
      .execute();
  },
};
