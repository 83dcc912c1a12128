// Creates payments, the processed-gateway-event ledger (idempotency) and disputes.
import type { MigrationDefinition } from "../../core/db/index.js";

export const paymentsMigration: MigrationDefinition = {
  name: "0261_payments",
  async up({ db, types }) {
    await db.schema
      .createTable("store_payments")
      .addColumn("id", types.id, types.asId)
      .addColumn("store_id", types.bigint, (c) => c.notNull().references("stores.id").onDelete("cascade"))
      .addColumn("order_id", types.bigint, (c) =>
        c.notNull().references("store_orders.id").onDelete("cascade"),
      )
      .addColumn("subscription_id", types.bigint, (c) =>
        c.references("store_subscriptions.id").onDelete("set null"),
      )
      .addColumn("gateway", "text", (c) => c.notNull())
      .addColumn("reference", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("amount", types.bigint, (c) => c.notNull())
      .addColumn("currency", "text", (c) => c.notNull())
      .addColumn("refunded_amount", types.bigint, (c) => c.notNull().defaultTo(0))
      .addColumn("card_last4", "text")
      .addColumn("payment_method", "text")
      .addColumn("failure_code", "text")
      .addColumn("failure_message", "text")
      .addColumn("created_at", types.bigint, (c) => c.notNull())
      .addColumn("updated_at", types.bigint, (c) => c.notNull())
      .addUniqueConstraint("store_payments_gateway_reference", ["gateway", "reference"])
      .execute();
    await db.schema.createIndex("store_payments_order").on("store_payments").columns(["order_id"]).execute();
    await db.schema
      .createTable("store_gateway_events")
      .addColumn("id", types.id, types.asId)
      .addColumn("gateway", "text", (c) => c.notNull())
      .addColumn("event_id", "text", (c) => c.notNull())
      .addColumn("type", "text", (c) => c.notNull())
      .addColumn("received_at", types.bigint, (c) => c.notNull())
      .addUniqueConstraint("store_gateway_events_gateway_event", ["gateway", "event_id"])
      .execute();
    await db.schema
      .createTable("store_disputes")
      .addColumn("id", types.id, types.asId)
      .addColumn("store_id", types.bigint, (c) => c.notNull().references("stores.id").onDelete("cascade"))
      .addColumn("order_id", types.bigint, (c) =>
        c.notNull().references("store_orders.id").onDelete("cascade"),
      )
      .addColumn("payment_id", types.bigint, (c) =>
        c.notNull().references("store_payments.id").onDelete("cascade"),
      )
      .addColumn("reference", "text", (c) => c.notNull())
      .addColumn("amount", types.bigint, (c) => c.notNull())
      .addColumn("currency", "text", (c) => c.notNull())
      .addColumn("reason", "text")
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("created_at", types.bigint, (c) => c.notNull())
      .addColumn("resolved_at", types.bigint)
      .addUniqueConstraint("store_disputes_payment_reference", ["payment_id", "reference"])
      .execute();
    await db.schema.createIndex("store_disputes_order").on("store_disputes").columns(["order_id"]).execute();
  },
};
