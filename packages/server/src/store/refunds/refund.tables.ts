// Refunds of orders: one row per refund; the order keeps the running total in `refunded_amount`.
import type { Generated } from "kysely";

export interface StoreOrderRefundsTable {
  id: Generated<number>;
  store_id: number;
  order_id: number;
  /** Minor units of `currency` (the order's currency). */
  amount: number;
  currency: string;
  reason: string | null;
  created_at: number;
}

declare module "../../core/db/tables.js" {
  interface Tables {
    store_order_refunds: StoreOrderRefundsTable;
  }
}
