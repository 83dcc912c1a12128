// Adds the index that serves "orders of one customer, newest first" (customer pages, email filter).
import type { MigrationDefinition } from "../../core/db/index.js";

export const ordersCustomerIndexMigration: MigrationDefinition = {
  name: "0231_orders_customer_index",
  async up({ db }) {
    await db.schema
      .createIndex("store_orders_store_customer_created")
      .on("store_orders")
      .columns(["store_id", "customer_id", "created_at", "id"])
      .execute();
  },
};
