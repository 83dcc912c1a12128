// Creates orders and order items.
import type { MigrationDefinition } from "../../core/db/index.js";

export const ordersMigration: MigrationDefinition = {
  name: "0230_orders",
  async up({ db, types }) {
    await db.schema
      .createTable("store_orders")
      .addColumn("id", types.id, (c) => c.primaryKey())
      .addColumn("store_id", types.bigint, (c) => c.notNull().references("stores.id").onDelete("cascade"))
      .addColumn("order_number", "text", (c) => c.notNull())
      .addColumn("customer_id", types.bigint, (c) => c.notNull().references("store_customers.id"))
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("payment_status", "text", (c) => c.notNull())
      .addColumn("subtotal", types.bigint, (c) => c.notNull())
      .addColumn("tax", types.bigint, (c) => c.notNull())
      .addColumn("discount", types.bigint, (c) => c.notNull())
      .addColumn("total", types.bigint, (c) => c.notNull())
      .addColumn("currency", "text", (c) => c.notNull())
      .addColumn("payment_method", "text")
      .addColumn("metadata", types.json, (c) => c.notNull().defaultTo("{}"))
      .addColumn("note", "text")
      .addColumn("created_at", types.bigint, (c) => c.notNull())
      .addColumn("updated_at", types.bigint, (c) => c.notNull())
      .addColumn("completed_at", types.bigint)
      .addUniqueConstraint("store_orders_store_number", ["store_id", "order_number"])
      .execute();
    await db.schema
      .createIndex("store_orders_store_created")
      .on("store_orders")
      .columns(["store_id", "created_at", "id"])
      .execute();
    await db.schema
      .createIndex("store_orders_store_status_created")
      .on("store_orders")
      .columns(["store_id", "status", "created_at", "id"])
      .execute();
    await db.schema
      .createIndex("store_orders_customer")
      .on("store_orders")
      .columns(["customer_id", "created_at"])
      .execute();
    await db.schema
      .createTable("store_order_items")
      .addColumn("id", types.id, (c) => c.primaryKey())
      .addColumn("order_id", types.bigint, (c) =>
        c.notNull().references("store_orders.id").onDelete("cascade"),
      )
      .addColumn("product_id", types.bigint)
      .addColumn("product_name", "text", (c) => c.notNull())
      .addColumn("quantity", "integer", (c) => c.notNull())
      .addColumn("price", types.bigint, (c) => c.notNull())
      .addColumn("delivery_status", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("store_order_items_order")
      .on("store_order_items")
      .columns(["order_id"])
      .execute();
  },
};
