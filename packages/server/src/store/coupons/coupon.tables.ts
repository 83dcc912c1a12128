// Discount coupons of a store.
import type { Generated } from "kysely";

export type CouponType = "percentage" | "fixed_amount" | "free_shipping";

export interface StoreCouponsTable {
  id: Generated<number>;
  store_id: number;
  /** As entered; unique per store ignoring case. */
  code: string;
  name: string;
  description: string | null;
  type: CouponType;
  /** percentage: hundredths of a percent (2500 = 25%); fixed_amount: minor units of `currency`; free_shipping: 0. */
  value: number;
  /** The store's currency when the coupon was created: the unit of the amounts. */
  currency: string;
  minimum_order_amount: number | null;
  /** Cap on a percentage discount, minor units. */
  maximum_discount: number | null;
  usage_limit: number | null;
  usage_limit_per_customer: number | null;
  /** Redemptions so far (checkout increments it). */
  times_used: Generated<number>;
  is_active: number;
  first_order_only: number;
  starts_at: number | null;
  expires_at: number | null;
  /** JSON arrays of ids, or null for "no restriction". */
  applicable_products: string | null;
  applicable_categories: string | null;
  excluded_products: string | null;
  created_at: number;
  updated_at: number;
}

declare module "../../core/db/tables.js" {
  interface Tables {
    store_coupons: StoreCouponsTable;
  }
}
