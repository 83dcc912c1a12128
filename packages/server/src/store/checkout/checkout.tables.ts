// Tables of the public checkout: per-store tax settings, baskets and their lines, coupon redemptions.
import type { Generated } from "kysely";

export type BasketStatus = "open" | "checked_out" | "completed";

/** A store's checkout settings; a store without a row has no tax. */
export interface StoreCheckoutSettingsTable {
  store_id: number;
  /** Hundredths of a percent (1900 = 19 %), 0..10000. */
  tax_rate: number;
  /** 1: prices include tax (the tax is the part of the price); 0: tax is added on top. */
  tax_inclusive: number;
  updated_at: number;
}

export interface StoreBasketsTable {
  id: Generated<number>;
  store_id: number;
  /** Hex SHA-256 of the basket token (the token itself is only known to the buyer). Unique. */
  token_hash: string;
  status: BasketStatus;
  email: string | null;
  /** The player's game identity, copied into the order's metadata. */
  username: string | null;
  minecraft_uuid: string | null;
  steam_id: string | null;
  discord_id: string | null;
  coupon_id: number | null;
  /** JSON array of gift card ids, in the order they were added (spent in that order). */
  gift_card_ids: string;
  /** The pending order of the last checkout (null while open). */
  order_id: number | null;
  created_at: number;
  updated_at: number;
}

export interface StoreBasketItemsTable {
  id: Generated<number>;
  basket_id: number;
  product_id: number;
  quantity: number;
}

/** One use of a coupon by an order; deleted again when the order's payment fails or is cancelled. */
export interface StoreCouponRedemptionsTable {
  id: Generated<number>;
  store_id: number;
  coupon_id: number;
  customer_id: number;
  order_id: number;
  discount: number;
  created_at: number;
}

declare module "../../core/db/tables.js" {
  interface Tables {
    store_checkout_settings: StoreCheckoutSettingsTable;
    store_baskets: StoreBasketsTable;
    store_basket_items: StoreBasketItemsTable;
    store_coupon_redemptions: StoreCouponRedemptionsTable;
  }
}
