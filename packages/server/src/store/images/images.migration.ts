// Creates the uploaded-image registry and gives categories an image URL.
import type { MigrationDefinition } from "../../core/db/index.js";

export const imagesMigration: MigrationDefinition = {
  name: "0281_store_images",
  async up({ db, types }) {
    await db.schema
      .createTable("store_images")
      .addColumn("id", types.id, types.asId)
      .addColumn("store_id", types.bigint, (c) => c.notNull().references("stores.id").onDelete("cascade"))
      // Set null, not cascade: a deleted owner leaves the row, so its blob can be found and deleted.
      .addColumn("product_id", types.bigint, (c) => c.references("store_products.id").onDelete("set null"))
      .addColumn("category_id", types.bigint, (c) => c.references("store_categories.id").onDelete("set null"))
      .addColumn("public_id", "text", (c) => c.notNull().unique())
      .addColumn("blob_key", "text", (c) => c.notNull())
      .addColumn("content_type", "text", (c) => c.notNull())
      .addColumn("size", types.bigint, (c) => c.notNull())
      .addColumn("created_at", types.bigint, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("store_images_store_product")
      .on("store_images")
      .columns(["store_id", "product_id"])
      .execute();
    await db.schema.alterTable("store_categories").addColumn("image_url", "text").execute();
  },
};
