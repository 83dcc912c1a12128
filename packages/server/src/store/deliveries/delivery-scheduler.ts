// The seam between the order lifecycle (checkout, payments, refunds, subscriptions) and in-game delivery.
import type { Executor } from "../../core/db/index.js";

/** Why commands are sent: the docs' kinds, plus renewal (a subscription's new period). */
export type CommandKind = "purchase" | "refund" | "chargeback" | "renewal" | "expiry";

/**
 * What the order lifecycle asks of the deliveries feature. Every call runs in the caller's transaction, so
 * a payment and the commands it causes commit together (or not at all).
 */
export interface DeliveryScheduler {
  /**
   * Queues the commands of `kind` for every item of the order, per product and delivery server (game-server
   * commands and Discord role operations), and marks the items' delivery status. An order with nothing to
   * deliver is completed at once; otherwise it completes when its last delivery does.
   */
  queueForOrder(trx: Executor, input: { storeId: number; orderId: number; kind: CommandKind }): Promise<void>;
  /** The same for a subscription's renewal or expiry (`orderId`: the renewal's order, when there is one). */
  queueForSubscription(
    trx: Executor,
    input: { storeId: number; subscriptionId: number; orderId?: number; kind: CommandKind },
  ): Promise<void>;
}

/** Used until the deliveries feature is wired in: nothing is queued. */
export const noDeliveries: DeliveryScheduler = {
  queueForOrder: () => Promise.resolve(),
  queueForSubscription: () => Promise.resolve(),
};
