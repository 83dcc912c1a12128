// Creates the catalogue tables: categories, products, delivery servers and product↔server links.
import type { MigrationDefinition } from "../../core/db/index.js";

export const catalogMigration: MigrationDefinition = {
  name: "0210_catalog",
  async up({ db, types }) {
    await db.schema
      .createTable("store_categories")
      .addColumn("id", types.id, (c) => c.primaryKey())
      .addColumn("store_id", types.bigint, (c) => c.notNull().references("stores.id").onDelete("cascade"))
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("slug", "text", (c) => c.notNull())
      .addColumn("description", "text")
      .addColumn("created_at", types.bigint, (c) => c.notNull())
      .addColumn("updated_at", types.bigint, (c) => c.notNull())
      .addUniqueConstraint("store_categories_store_slug", ["store_id", "slug"])
      .execute();
    await db.schema
      .createTable("store_products")
      .addColumn("id", types.id, (c) => c.primaryKey())
      .addColumn("store_id", types.bigint, (c) => c.notNull().references("stores.id").onDelete("cascade"))
      .addColumn("category_id", types.bigint, (c) => c.references("store_categories.id").onDelete("set null"))
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("slug", "text", (c) => c.notNull())
      .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
      .addColumn("price", types.bigint, (c) => c.notNull())
      .addColumn("compare_price", types.bigint)
      .addColumn("type", "text", (c) => c.notNull())
      .addColumn("is_active", "integer", (c) => c.notNull().defaultTo(1))
      .addColumn("stock", types.bigint)
      .addColumn("images", types.json, (c) => c.notNull().defaultTo("[]"))
      .addColumn("created_at", types.bigint, (c) => c.notNull())
      .addColumn("updated_at", types.bigint, (c) => c.notNull())
      .addUniqueConstraint("store_products_store_slug", ["store_id", "slug"])
      .execute();
    await db.schema
      .createIndex("store_products_store_created")
      .on("store_products")
      .columns(["store_id", "created_at", "id"])
      .execute();
    await db.schema
      .createIndex("store_products_category")
      .on("store_products")
      .columns(["category_id"])
      .execute();
    await db.schema
      .createTable("store_delivery_servers")
      .addColumn("id", types.id, (c) => c.primaryKey())
      .addColumn("store_id", types.bigint, (c) => c.notNull().references("stores.id").onDelete("cascade"))
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("created_at", types.bigint, (c) => c.notNull())
      .addColumn("updated_at", types.bigint, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable("store_product_servers")
      .addColumn("product_id", types.bigint, (c) =>
        c.notNull().references("store_products.id").onDelete("cascade"),
      )
      .addColumn("server_id", types.bigint, (c) =>
        c.notNull().references("store_delivery_servers.id").onDelete("cascade"),
      )
      .addPrimaryKeyConstraint("store_product_servers_pk", ["product_id", "server_id"])
      .execute();
  },
};
