// Creates the studio's images, their versions, direct uploads and colour libraries.
import type { MigrationDefinition } from "../../core/db/index.js";

export const studioImagesMigration: MigrationDefinition = {
  name: "0302_studio_images",
  async up({ db, types }) {
    await db.schema
      .createTable("studio_images")
      .addColumn("id", types.id, types.asId)
      .addColumn("ticket", "text", (c) => c.notNull().unique())
      .addColumn("contact_id", types.bigint, (c) => c.notNull().references("studio_contacts.id"))
      .addColumn("partner_id", types.bigint, (c) => c.references("studio_partners.id"))
      .addColumn("self_developer", "integer", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("template_id", types.bigint, (c) => c.notNull().references("studio_templates.id"))
      .addColumn("status", "integer", (c) => c.notNull())
      .addColumn("status_reason", "text")
      .addColumn("customer_image_id", "text")
      .addColumn("product_id", "text")
      .addColumn("customer_folder", "text")
      .addColumn("stack_id", "text")
      .addColumn("callback_url", "text")
      .addColumn("deadline_at", types.bigint, (c) => c.notNull())
      .addColumn("comment", "text")
      .addColumn("markup_url", "text")
      .addColumn("request", types.json, (c) => c.notNull())
      .addColumn("source_keys", types.json, (c) => c.notNull())
      .addColumn("is_trial", "integer", (c) => c.notNull())
      .addColumn("price", types.bigint, (c) => c.notNull())
      .addColumn("charged_at", types.bigint)
      .addColumn("is_paid", "integer", (c) => c.notNull())
      .addColumn("invoice_id", types.bigint)
      .addColumn("round", "integer", (c) => c.notNull())
      .addColumn("created_at", types.bigint, (c) => c.notNull())
      .addColumn("updated_at", types.bigint, (c) => c.notNull())
      .addColumn("finished_at", types.bigint)
      .addColumn("closed_at", types.bigint)
      .addColumn("files_removed_at", types.bigint)
      .execute();
    for (const [name, columns] of [
      ["studio_images_contact", ["contact_id", "id"]],
      ["studio_images_contact_created", ["contact_id", "created_at"]],
      ["studio_images_contact_customer_id", ["contact_id", "customer_image_id"]],
      ["studio_images_contact_product", ["contact_id", "product_id"]],
      ["studio_images_status_finished", ["status", "finished_at"]],
    ] as const) {
      await db.schema
        .createIndex(name)
        .on("studio_images")
        .columns([...columns])
        .execute();
    }
    await db.schema
      .createTable("studio_image_versions")
      .addColumn("id", types.id, types.asId)
      .addColumn("image_id", types.bigint, (c) => c.notNull().references("studio_images.id"))
      .addColumn("position", "integer", (c) => c.notNull())
      .addColumn("customer_image_color_id", "text", (c) => c.notNull())
      .addColumn("file_name", "text", (c) => c.notNull())
      .addColumn("final_key", "text", (c) => c.notNull())
      .addColumn("thumbnail_key", "text")
      .addColumn("content_type", "text", (c) => c.notNull())
      .addColumn("width", "integer", (c) => c.notNull())
      .addColumn("height", "integer", (c) => c.notNull())
      .addColumn("delivery_status", "integer", (c) => c.notNull())
      .addColumn("downloaded_at", types.bigint)
      .addUniqueConstraint("studio_image_versions_position", ["image_id", "position"])
      .execute();
    await db.schema
      .createTable("studio_uploads")
      .addColumn("id", types.id, types.asId)
      .addColumn("contact_id", types.bigint, (c) => c.notNull().references("studio_contacts.id"))
      .addColumn("blob_key", "text", (c) => c.notNull().unique())
      .addColumn("created_at", types.bigint, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable("studio_colorways")
      .addColumn("id", types.id, types.asId)
      .addColumn("contact_id", types.bigint, (c) => c.notNull().references("studio_contacts.id"))
      .addColumn("image_url", "text", (c) => c.notNull())
      .addColumn("created_at", types.bigint, (c) => c.notNull())
      .execute();
  },
};
