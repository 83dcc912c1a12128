// Covering indexes over paid orders, so revenue timelines and customer totals read the index alone.
import type { MigrationDefinition } from "../../core/db/index.js";

export const analyticsIndexesMigration: MigrationDefinition = {
  name: "0282_orders_paid_indexes",
  async up({ db }) {
    // Revenue per bucket: a range of created_at within the store's paid orders, summing total - refunded.
    await db.schema
      .createIndex("store_orders_paid_created")
      .on("store_orders")
      .columns(["store_id", "payment_status", "created_at", "currency", "total", "refunded_amount"])
      .execute();
    // Customer statistics (`sort=total_spent`): paid orders grouped by customer in index order.
    await db.schema
      .createIndex("store_orders_paid_customer")
      .on("store_orders")
      .columns(["store_id", "payment_status", "customer_id", "total", "refunded_amount", "created_at"])
      .execute();
  },
};
