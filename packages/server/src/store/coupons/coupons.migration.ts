// Creates discount coupons (code unique per store, ignoring case).
import { sql } from "kysely";
import type { MigrationDefinition } from "../../core/db/index.js";

export const couponsMigration: MigrationDefinition = {
  name: "0251_coupons",
  async up({ db, types }) {
    await db.schema
      .createTable("store_coupons")
      .addColumn("id", types.id, types.asId)
      .addColumn("store_id", types.bigint, (c) => c.notNull().references("stores.id").onDelete("cascade"))
      .addColumn("code", "text", (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("description", "text")
      .addColumn("type", "text", (c) => c.notNull())
      .addColumn("value", types.bigint, (c) => c.notNull())
      .addColumn("currency", "text", (c) => c.notNull())
      .addColumn("minimum_order_amount", types.bigint)
      .addColumn("maximum_discount", types.bigint)
      .addColumn("usage_limit", "integer")
      .addColumn("usage_limit_per_customer", "integer")
      .addColumn("times_used", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("is_active", "integer", (c) => c.notNull())
      .addColumn("first_order_only", "integer", (c) => c.notNull())
      .addColumn("starts_at", types.bigint)
      .addColumn("expires_at", types.bigint)
      .addColumn("applicable_products", types.json)
      .addColumn("applicable_categories", types.json)
      .addColumn("excluded_products", types.json)
      .addColumn("created_at", types.bigint, (c) => c.notNull())
      .addColumn("updated_at", types.bigint, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("store_coupons_store_code")
      .on("store_coupons")
      .unique()
      .expression(sql`store_id, lower(code)`)
      .execute();
    await db.schema
      .createIndex("store_coupons_store_created")
      .on("store_coupons")
      .columns(["store_id", "created_at", "id"])
      .execute();
  },
};
