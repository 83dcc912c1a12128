// Subscriptions: a customer's recurring purchase of a product. Built to grow into the renewal lifecycle.
import type { ColumnType, Generated } from "kysely";

/** The docs' statuses (US spelling `canceled`, while the event is `subscription.cancelled`). */
export type SubscriptionStatus = "active" | "trialing" | "past_due" | "canceled" | "incomplete";
export type BillingInterval = "day" | "week" | "month" | "year";

export interface StoreSubscriptionsTable {
  id: Generated<number>;
  store_id: number;
  customer_id: number;
  /** Null once the product is deleted; name and price stay as subscribed. */
  product_id: number | null;
  product_name: string;
  /** Price per period, minor units of `currency`. */
  price: number;
  currency: string;
  /** A period lasts `interval_count` × `interval`. */
  interval: BillingInterval;
  interval_count: number;
  status: SubscriptionStatus;
  payment_gateway: string | null;
  gateway_subscription_id: string | null;
  gateway_customer_id: string | null;
  current_period_start: number;
  current_period_end: number;
  trial_ends_at: number | null;
  /** 1: ends at `current_period_end` instead of renewing. */
  cancel_at_period_end: Generated<number>;
  /** When cancellation was asked for (now, or ahead of the period end). */
  canceled_at: number | null;
  /** When it stopped giving access (status became `canceled`). */
  ended_at: number | null;
  cancellation_reason: string | null;
  /** The gateway's saved payment method that renewals charge (null: manual, never charged). */
  payment_method: ColumnType<string | null, string | null | undefined>;
  /** Failed renewal charges of the current period (reset by a successful renewal). */
  renewal_attempts: ColumnType<number, number | undefined>;
  /** When the renewal job charges next (period end, or the retry while past_due); null when nothing is due. */
  next_attempt_at: ColumnType<number | null, number | null | undefined>;
  /** The order that started it, when known. */
  order_id: number | null;
  created_at: number;
  updated_at: number;
}

declare module "../../core/db/tables.js" {
  interface Tables {
    store_subscriptions: StoreSubscriptionsTable;
  }
}
