// Creates subscriptions: a customer's recurring purchase of a product, with its current billing period.
import type { MigrationDefinition } from "../../core/db/index.js";

export const subscriptionsMigration: MigrationDefinition = {
  name: "0253_subscriptions",
  async up({ db, types }) {
    await db.schema
      .createTable("store_subscriptions")
      .addColumn("id", types.id, types.asId)
      .addColumn("store_id", types.bigint, (c) => c.notNull().references("stores.id").onDelete("cascade"))
      .addColumn("customer_id", types.bigint, (c) => c.notNull().references("store_customers.id"))
      .addColumn("product_id", types.bigint, (c) => c.references("store_products.id").onDelete("set null"))
      .addColumn("product_name", "text", (c) => c.notNull())
      .addColumn("price", types.bigint, (c) => c.notNull())
      .addColumn("currency", "text", (c) => c.notNull())
      .addColumn("interval", "text", (c) => c.notNull())
      .addColumn("interval_count", "integer", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("payment_gateway", "text")
      .addColumn("gateway_subscription_id", "text")
      .addColumn("gateway_customer_id", "text")
      .addColumn("current_period_start", types.bigint, (c) => c.notNull())
      .addColumn("current_period_end", types.bigint, (c) => c.notNull())
      .addColumn("trial_ends_at", types.bigint)
      .addColumn("cancel_at_period_end", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("canceled_at", types.bigint)
      .addColumn("ended_at", types.bigint)
      .addColumn("cancellation_reason", "text")
      .addColumn("order_id", types.bigint, (c) => c.references("store_orders.id").onDelete("set null"))
      .addColumn("created_at", types.bigint, (c) => c.notNull())
      .addColumn("updated_at", types.bigint, (c) => c.notNull())
      .execute();
    for (const [name, columns] of [
      ["store_subscriptions_store_created", ["store_id", "created_at", "id"]],
      ["store_subscriptions_store_status", ["store_id", "status", "created_at", "id"]],
      ["store_subscriptions_store_customer", ["store_id", "customer_id", "created_at", "id"]],
      ["store_subscriptions_product", ["product_id"]],
      // What the renewal job (issue #7) scans: subscriptions whose period is ending.
      ["store_subscriptions_status_period_end", ["status", "current_period_end"]],
    ] as const) {
      await db.schema
        .createIndex(name)
        .on("store_subscriptions")
        .columns([...columns])
        .execute();
    }
  },
};
