// Orders and their items.
import type { Generated } from "kysely";

export type OrderStatus = "pending" | "processing" | "completed" | "refunded" | "cancelled";
export type PaymentStatus = "pending" | "paid" | "failed" | "refunded";
export type DeliveryStatus = "pending" | "processing" | "delivered" | "failed";

export interface StoreOrdersTable {
  id: Generated<number>;
  store_id: number;
  /** `ORD-2025-001`; unique per store. */
  order_number: string;
  customer_id: number;
  status: OrderStatus;
  payment_status: PaymentStatus;
  /** Amounts in minor units of `currency` (the store's currency when the order was placed). */
  subtotal: number;
  tax: number;
  discount: number;
  total: number;
  /** Sum of the order's refunds (0 until refunded; `total` once fully refunded). */
  refunded_amount: Generated<number>;
  currency: string;
  payment_method: string | null;
  /** JSON object. */
  metadata: string;
  /** Note given when the order was fulfilled by hand or API. */
  note: string | null;
  created_at: number;
  updated_at: number;
  completed_at: number | null;
}

export interface StoreOrderItemsTable {
  id: Generated<number>;
  order_id: number;
  /** Null once the product is deleted; the name stays. */
  product_id: number | null;
  product_name: string;
  quantity: number;
  /** Unit price, minor units. */
  price: number;
  delivery_status: DeliveryStatus;
}

declare module "../../core/db/tables.js" {
  interface Tables {
    store_orders: StoreOrdersTable;
    store_order_items: StoreOrderItemsTable;
  }
}
