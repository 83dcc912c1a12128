// Refunds: full or partial, never more than what remains, publishing order.refunded in the same transaction.
import type { Clock } from "../../core/clock.js";
import type { Database } from "../../core/db/index.js";
import type { PublishEvent } from "../store-api.deps.js";
import type { Store } from "../stores/store.repository.js";
import { formatMoney, parseMoney } from "../shared/money.js";
import { invalidField } from "../shared/validation.js";
import type { OrderDetailJson } from "../orders/order.schema.js";
import { getOrder, getOrderJson } from "../orders/order.service.js";
import { insertRefund, trySetRefunded } from "./refund.repository.js";
import type { DeliveryScheduler } from "../deliveries/delivery-scheduler.js";
import type { PaymentGateway } from "../payments/gateway.js";
import { findOrderPayment, tryAddPaymentRefund } from "../payments/payment.repository.js";
import { findGiftCardsSpent, restoreGiftCard } from "../checkout/holds.js";
import { splitRefund } from "../checkout/totals.js";
import type { RefundOrderBody } from "./refund.schema.js";

export interface RefundServiceDeps {
  database: Database;
  clock: Clock;
  publish: PublishEvent;
  deliveries: DeliveryScheduler;
  gateway: PaymentGateway;
}

/** How often a refund re-reads the order after losing a race to another refund before giving up. */
const MAX_ATTEMPTS = 5;

/**
 * Refunds `body.amount` (default: all that remains) of a paid order. The order becomes `refunded` (status
 * and payment status) once nothing remains; a partial refund leaves both statuses alone and shows in
 * `refunded_amount`. Every refund, partial or full, publishes `order.refunded` with the order.
 * 422 when the order is not paid, already fully refunded, or the amount is zero or more than what remains.
 */
export async function refundOrder(
  deps: RefundServiceDeps,
  store: Store,
  id: number,
  body: RefundOrderBody,
): Promise<OrderDetailJson> {
  return deps.database.kysely.transaction().execute(async (trx) => {
    for (let attempt = 1; ; attempt++) {
      const order = await getOrder(trx, store.id, id);
      if (order.payment_status === "refunded") {
        throw invalidField("payment_status", "The order has already been fully refunded.");
      }
      if (order.payment_status !== "paid") {
        throw invalidField("payment_status", "Only paid orders can be refunded.");
      }
      const remaining = order.total - order.refunded_amount;
      let amount = remaining;
      if (body.amount !== undefined) {
        const parsed = parseMoney(body.amount, order.currency);
        if (parsed === undefined)
          throw invalidField("amount", `The amount must be an amount in ${order.currency}.`);
        amount = parsed;
      }
      if (remaining <= 0) throw invalidField("amount", "The order has nothing left to refund.");
      if (amount <= 0) throw invalidField("amount", "The amount must be greater than 0.");
      if (amount > remaining) {
        throw invalidField(
          "amount",
          `The amount may not be greater than the ${formatMoney(remaining, order.currency)} that remains.`,
        );
      }
      const full = amount === remaining;
      const now = deps.clock.now();
      const applied = await trySetRefunded(trx, store.id, id, {
        expectedRefunded: order.refunded_amount,
        refunded: order.refunded_amount + amount,
        status: full ? "refunded" : order.status,
        paymentStatus: full ? "refunded" : "paid",
        now,
      });
      if (!applied) {
        if (attempt >= MAX_ATTEMPTS) throw new Error(`refund of order ${id} kept losing races`);
        continue;
      }
      await insertRefund(trx, {
        store_id: store.id,
        order_id: id,
        amount,
        currency: order.currency,
        reason: body.reason ?? null,
        created_at: now,
      });
      // Money goes back the way it came: the gateway payment first, then the gift cards, last used first.
      // Orders paid outside Pixl (imports, manual) have neither: the refund is only recorded.
      const payment = await findOrderPayment(trx, store.id, id);
      const captured = payment?.status === "succeeded" ? payment : undefined;
      const spent = await findGiftCardsSpent(trx, id);
      const giftLeft = spent.reduce((sum, s) => sum + s.amount, 0);
      // Without a captured payment, the part not paid by gift cards was paid outside Pixl (marked by hand).
      const viaGateway = captured ? captured.amount - captured.refunded_amount : remaining - giftLeft;
      if (captured || spent.length > 0) {
        const split = splitRefund(
          amount,
          viaGateway,
          spent.map((s) => s.amount),
        );
        if (captured && split.gateway > 0) {
          if (!(await tryAddPaymentRefund(trx, captured.id, split.gateway, now)))
            throw new Error(`refund of order ${id}: payment ${captured.id} has less left than split`);
          // The sandbox answers at once; a network gateway's refusal rolls the whole refund back.
          await deps.gateway.refund(captured.reference, split.gateway);
        }
        for (const [i, s] of spent.entries()) {
          await restoreGiftCard(trx, s.giftCardId, id, split.giftCards[i] ?? 0, now);
        }
      }
      if (full) await deps.deliveries.queueForOrder(trx, { storeId: store.id, orderId: id, kind: "refund" });
      const json = await getOrderJson(trx, store.id, id);
      await deps.publish(trx, store.id, "order.refunded", json);
      return json;
    }
  });
}
