// Adds refunds: the refunded amount on each order and one row per refund.
import type { MigrationDefinition } from "../../core/db/index.js";

export const refundsMigration: MigrationDefinition = {
  name: "0250_order_refunds",
  async up({ db, types }) {
    await db.schema
      .alterTable("store_orders")
      .addColumn("refunded_amount", types.bigint, (c) => c.notNull().defaultTo(0))
      .execute();
    // Orders imported as refunded before this column existed were refunded in full.
    await db
      .updateTable("store_orders")
      .set((eb) => ({ refunded_amount: eb.ref("total") }))
      .where("payment_status", "=", "refunded")
      .execute();
    await db.schema
      .createTable("store_order_refunds")
      .addColumn("id", types.id, types.asId)
      .addColumn("store_id", types.bigint, (c) => c.notNull().references("stores.id").onDelete("cascade"))
      .addColumn("order_id", types.bigint, (c) =>
        c.notNull().references("store_orders.id").onDelete("cascade"),
      )
      .addColumn("amount", types.bigint, (c) => c.notNull())
      .addColumn("currency", "text", (c) => c.notNull())
      .addColumn("reason", "text")
      .addColumn("created_at", types.bigint, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("store_order_refunds_order")
      .on("store_order_refunds")
      .columns(["order_id", "id"])
      .execute();
  },
};
