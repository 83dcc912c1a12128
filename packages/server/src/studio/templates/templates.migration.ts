// Creates the studio's templates.
import type { MigrationDefinition } from "../../core/db/index.js";

export const studioTemplatesMigration: MigrationDefinition = {
  name: "0301_studio_templates",
  async up({ db, types }) {
    await db.schema
      .createTable("studio_templates")
      .addColumn("id", types.id, types.asId)
      .addColumn("contact_id", types.bigint, (c) => c.notNull().references("studio_contacts.id"))
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("spec", types.json, (c) => c.notNull())
      .addColumn("is_white_glove", "integer", (c) => c.notNull())
      .addColumn("is_combined_images", "integer", (c) => c.notNull())
      .addColumn("callback_url", "text")
      .addColumn("comment", "text", (c) => c.notNull())
      .addColumn("price", types.bigint, (c) => c.notNull())
      .addColumn("currency", "text", (c) => c.notNull())
      .addColumn("is_deleted", "integer", (c) => c.notNull())
      .addColumn("created_at", types.bigint, (c) => c.notNull())
      .addColumn("updated_at", types.bigint, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("studio_templates_contact")
      .on("studio_templates")
      .columns(["contact_id", "id"])
      .execute();
  },
};
