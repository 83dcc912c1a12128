// Subscription lifecycle: billing plans on subscription products, renewal retries and the saved payment method.
import type { MigrationDefinition } from "../../core/db/index.js";

export const subscriptionLifecycleMigration: MigrationDefinition = {
  name: "0285_subscription_lifecycle",
  async up({ db, types }) {
    await db.schema
      .alterTable("store_products")
      .addColumn("billing_interval", "text", (c) => c.notNull().defaultTo("month"))
      .execute();
    await db.schema
      .alterTable("store_products")
      .addColumn("billing_interval_count", "integer", (c) => c.notNull().defaultTo(1))
      .execute();
    await db.schema
      .alterTable("store_products")
      .addColumn("trial_days", "integer", (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable("store_subscriptions").addColumn("payment_method", "text").execute();
    await db.schema
      .alterTable("store_subscriptions")
      .addColumn("renewal_attempts", "integer", (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable("store_subscriptions").addColumn("next_attempt_at", types.bigint).execute();
  },
};
