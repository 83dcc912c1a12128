// Tables of payments: one gateway payment per checkout or renewal, processed gateway events, disputes.
import type { Generated } from "kysely";

/**
 * `requires_payment` until the buyer pays; `authorized` when the card is held for a later capture;
 * `succeeded` once captured; `failed` when declined; `canceled` when the order was cancelled unpaid.
 */
export type PaymentStatus = "requires_payment" | "authorized" | "succeeded" | "failed" | "canceled";
export type DisputeStatus = "open" | "won" | "lost";

export interface StorePaymentsTable {
  id: Generated<number>;
  store_id: number;
  order_id: number;
  /** Set for renewal charges. */
  subscription_id: number | null;
  /** `sandbox`, `manual`, … */
  gateway: string;
  /** The gateway's id of the payment; unguessable (the hosted payment page is public). Unique per gateway. */
  reference: string;
  status: PaymentStatus;
  /** Minor units of `currency`: what the gateway is to collect (the order's total less gift cards). */
  amount: number;
  currency: string;
  refunded_amount: Generated<number>;
  card_last4: string | null;
  /** The gateway's reusable payment method (charged again for renewals). */
  payment_method: string | null;
  failure_code: string | null;
  failure_message: string | null;
  created_at: number;
  updated_at: number;
}

/** Gateway events already processed: a redelivered event id is acknowledged and ignored. */
export interface StoreGatewayEventsTable {
  id: Generated<number>;
  gateway: string;
  event_id: string;
  type: string;
  received_at: number;
}

export interface StoreDisputesTable {
  id: Generated<number>;
  store_id: number;
  order_id: number;
  payment_id: number;
  /** The gateway's dispute id; unique per payment. */
  reference: string;
  amount: number;
  currency: string;
  reason: string | null;
  status: DisputeStatus;
  created_at: number;
  resolved_at: number | null;
}

declare module "../../core/db/tables.js" {
  interface Tables {
    store_payments: StorePaymentsTable;
    store_gateway_events: StoreGatewayEventsTable;
    store_disputes: StoreDisputesTable;
  }
}
