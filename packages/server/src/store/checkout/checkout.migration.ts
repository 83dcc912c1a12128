// Creates the public checkout's tables: tax settings, baskets with their lines, coupon redemptions.
import type { MigrationDefinition } from "../../core/db/index.js";

export const checkoutMigration: MigrationDefinition = {
  name: "0260_checkout",
  async up({ db, types }) {
    await db.schema
      .createTable("store_checkout_settings")
      .addColumn("store_id", types.bigint, (c) => c.primaryKey().references("stores.id").onDelete("cascade"))
      .addColumn("tax_rate", "integer", (c) => c.notNull())
      .addColumn("tax_inclusive", "integer", (c) => c.notNull())
      .addColumn("updated_at", types.bigint, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable("store_baskets")
      .addColumn("id", types.id, types.asId)
      .addColumn("store_id", types.bigint, (c) => c.notNull().references("stores.id").onDelete("cascade"))
      .addColumn("token_hash", "text", (c) => c.notNull().unique())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("email", "text")
      .addColumn("username", "text")
      .addColumn("minecraft_uuid", "text")
      .addColumn("steam_id", "text")
      .addColumn("discord_id", "text")
      .addColumn("coupon_id", types.bigint, (c) => c.references("store_coupons.id").onDelete("set null"))
      .addColumn("gift_card_ids", types.json, (c) => c.notNull().defaultTo("[]"))
      .addColumn("order_id", types.bigint, (c) => c.references("store_orders.id").onDelete("set null"))
      .addColumn("created_at", types.bigint, (c) => c.notNull())
      .addColumn("updated_at", types.bigint, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable("store_basket_items")
      .addColumn("id", types.id, types.asId)
      .addColumn("basket_id", types.bigint, (c) =>
        c.notNull().references("store_baskets.id").onDelete("cascade"),
      )
      .addColumn("product_id", types.bigint, (c) =>
        c.notNull().references("store_products.id").onDelete("cascade"),
      )
      .addColumn("quantity", "integer", (c) => c.notNull())
      .addUniqueConstraint("store_basket_items_basket_product", ["basket_id", "product_id"])
      .execute();
    await db.schema
      .createTable("store_coupon_redemptions")
      .addColumn("id", types.id, types.asId)
      .addColumn("store_id", types.bigint, (c) => c.notNull().references("stores.id").onDelete("cascade"))
      .addColumn("coupon_id", types.bigint, (c) =>
        c.notNull().references("store_coupons.id").onDelete("cascade"),
      )
      .addColumn("customer_id", types.bigint, (c) => c.notNull().references("store_customers.id"))
      .addColumn("order_id", types.bigint, (c) =>
        c.notNull().references("store_orders.id").onDelete("cascade"),
      )
      .addColumn("discount", types.bigint, (c) => c.notNull())
      .addColumn("created_at", types.bigint, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("store_coupon_redemptions_coupon_customer")
      .on("store_coupon_redemptions")
      .columns(["coupon_id", "customer_id"])
      .execute();
    await db.schema
      .createIndex("store_coupon_redemptions_order")
      .on("store_coupon_redemptions")
      .columns(["order_id"])
      .execute();
  },
};
