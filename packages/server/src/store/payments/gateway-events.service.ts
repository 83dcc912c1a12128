// Applies verified gateway events to payments and orders, each event once (the ledger's unique key).
import type { Database } from "../../core/db/index.js";
import type { GatewayEvent } from "./gateway.js";
import { lockStoreRow } from "../stores/store.repository.js";
import { markOrderPaid, markOrderPaymentFailed, type LifecycleDeps } from "./order-payment.service.js";
import { openDispute, resolveDispute } from "./dispute.service.js";
import { findPaymentByReference, tryMovePayment, tryRecordGatewayEvent } from "./payment.repository.js";

export type IngestResult = "processed" | "duplicate" | "unknown_payment";

/**
 * Applies one event in one transaction: the ledger row, the payment's new state and the order's, with
 * their events. A redelivered event id is `duplicate` and changes nothing; so is a late event whose
 * transition already happened (e.g. `payment.failed` after `payment.succeeded`).
 */
export async function ingestGatewayEvent(
  deps: LifecycleDeps & { database: Database },
  gateway: string,
  event: GatewayEvent,
): Promise<IngestResult> {
  return deps.database.kysely.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    const payment = await findPaymentByReference(trx, gateway, event.payment);
    if (!payment) return "unknown_payment";
    await lockStoreRow(trx, payment.store_id);
    if (!(await tryRecordGatewayEvent(trx, { gateway, eventId: event.id, type: event.type, now }))) {
      return "duplicate";
    }
    switch (event.type) {
      case "payment.authorized":
        await tryMovePayment(
          trx,
          payment.id,
          ["requires_payment"],
          "authorized",
          { card_last4: event.cardLast4 ?? null, payment_method: event.paymentMethod ?? null },
          now,
        );
        break;
      case "payment.succeeded": {
        const moved = await tryMovePayment(
          trx,
          payment.id,
          ["requires_payment", "authorized"],
          "succeeded",
          {
            card_last4: event.cardLast4 ?? payment.card_last4,
            payment_method: event.paymentMethod ?? payment.payment_method,
          },
          now,
        );
        if (moved) {
          await markOrderPaid(trx, deps, {
            storeId: payment.store_id,
            orderId: payment.order_id,
            paymentMethod: gateway,
            gateway,
            savedMethod: event.paymentMethod ?? payment.payment_method,
          });
        }
        break;
      }
      case "payment.failed": {
        const moved = await tryMovePayment(
          trx,
          payment.id,
          ["requires_payment", "authorized"],
          "failed",
          { card_last4: event.cardLast4 ?? null, failure_code: event.code, failure_message: event.message },
          now,
        );
        if (moved)
          await markOrderPaymentFailed(trx, deps, { storeId: payment.store_id, orderId: payment.order_id });
        break;
      }
      case "dispute.created":
        await openDispute(trx, deps, payment, event);
        break;
      case "dispute.resolved":
        await resolveDispute(trx, deps, payment, event);
        break;
    }
    return "processed";
  });
}
