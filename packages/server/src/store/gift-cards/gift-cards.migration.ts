// Creates gift cards (code unique per store) and their redemptions.
import type { MigrationDefinition } from "../../core/db/index.js";

export const giftCardsMigration: MigrationDefinition = {
  name: "0252_gift_cards",
  async up({ db, types }) {
    await db.schema
      .createTable("store_gift_cards")
      .addColumn("id", types.id, types.asId)
      .addColumn("store_id", types.bigint, (c) => c.notNull().references("stores.id").onDelete("cascade"))
      .addColumn("code", "text", (c) => c.notNull())
      .addColumn("initial_balance", types.bigint, (c) => c.notNull())
      .addColumn("balance", types.bigint, (c) => c.notNull())
      .addColumn("currency", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("recipient_email", "text")
      .addColumn("recipient_name", "text")
      .addColumn("personal_message", "text")
      .addColumn("customer_id", types.bigint, (c) => c.references("store_customers.id").onDelete("set null"))
      .addColumn("product_id", types.bigint, (c) => c.references("store_products.id").onDelete("set null"))
      .addColumn("order_id", types.bigint, (c) => c.references("store_orders.id").onDelete("set null"))
      .addColumn("purchased_at", types.bigint)
      .addColumn("first_used_at", types.bigint)
      .addColumn("last_used_at", types.bigint)
      .addColumn("expires_at", types.bigint)
      .addColumn("revoked_at", types.bigint)
      .addColumn("revoke_reason", "text")
      .addColumn("created_at", types.bigint, (c) => c.notNull())
      .addColumn("updated_at", types.bigint, (c) => c.notNull())
      .addUniqueConstraint("store_gift_cards_store_code", ["store_id", "code"])
      .execute();
    await db.schema
      .createIndex("store_gift_cards_store_created")
      .on("store_gift_cards")
      .columns(["store_id", "created_at", "id"])
      .execute();
    await db.schema
      .createIndex("store_gift_cards_store_email")
      .on("store_gift_cards")
      .columns(["store_id", "recipient_email"])
      .execute();
    await db.schema
      .createTable("store_gift_card_redemptions")
      .addColumn("id", types.id, types.asId)
      .addColumn("gift_card_id", types.bigint, (c) =>
        c.notNull().references("store_gift_cards.id").onDelete("cascade"),
      )
      .addColumn("amount", types.bigint, (c) => c.notNull())
      .addColumn("balance_before", types.bigint, (c) => c.notNull())
      .addColumn("balance_after", types.bigint, (c) => c.notNull())
      .addColumn("order_id", types.bigint, (c) => c.references("store_orders.id").onDelete("set null"))
      .addColumn("created_at", types.bigint, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("store_gift_card_redemptions_card")
      .on("store_gift_card_redemptions")
      .columns(["gift_card_id", "id"])
      .execute();
  },
};
