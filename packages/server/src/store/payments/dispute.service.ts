// Disputes (chargebacks) reported by the gateway: opened, then won (nothing changes) or lost (the disputed
// amount leaves the order like a refund: customers' totals and revenue drop it; chargeback commands queued).
import type { Executor } from "../../core/db/index.js";
import { formatMoney } from "../shared/money.js";
import { formatOptionalTimestamp, formatTimestamp } from "../shared/timestamps.js";
import { getOrder, getOrderJson } from "../orders/order.service.js";
import type { OrderDetailJson } from "../orders/order.schema.js";
import { insertRefund, trySetRefunded } from "../refunds/refund.repository.js";
import type { LifecycleDeps } from "./order-payment.service.js";
import {
  findDispute,
  insertDispute,
  tryAddPaymentRefund,
  tryResolveDispute,
  type DisputeRecord,
  type PaymentRecord,
} from "./payment.repository.js";

/** `dispute.created` / `dispute.resolved` data: the dispute with its order. */
export interface DisputeJson {
  id: number;
  reference: string;
  amount: string;
  currency: string;
  reason: string | null;
  status: "open" | "won" | "lost";
  created_at: string;
  resolved_at: string | null;
  order: OrderDetailJson;
}

async function toDisputeJson(db: Executor, d: DisputeRecord): Promise<DisputeJson> {
  return {
    id: d.id,
    reference: d.reference,
    amount: formatMoney(d.amount, d.currency),
    currency: d.currency,
    reason: d.reason,
    status: d.status,
    created_at: formatTimestamp(d.created_at),
    resolved_at: formatOptionalTimestamp(d.resolved_at),
    order: await getOrderJson(db, d.store_id, d.order_id),
  };
}

/** Opens a dispute on a captured payment (at most the payment's amount) and publishes `dispute.created`. */
export async function openDispute(
  trx: Executor,
  deps: LifecycleDeps,
  payment: PaymentRecord,
  e: { dispute: string; amount: number; reason: string },
): Promise<void> {
  if (payment.status !== "succeeded") return;
  const id = await insertDispute(trx, {
    store_id: payment.store_id,
    order_id: payment.order_id,
    payment_id: payment.id,
    reference: e.dispute,
    amount: Math.min(e.amount, payment.amount),
    currency: payment.currency,
    reason: e.reason,
    status: "open",
    created_at: deps.clock.now(),
    resolved_at: null,
  });
  if (id === undefined) return;
  const d = await findDispute(trx, payment.id, e.dispute);
  if (d) await deps.publish(trx, payment.store_id, "dispute.created", await toDisputeJson(trx, d));
}

/**
 * Resolves an open dispute. Lost: the disputed amount (capped at what the order still has) is recorded as a
 * refund with reason `chargeback` — fully lost orders become `refunded` — and the order's chargeback
 * commands are queued. Publishes `dispute.resolved` (and `order.refunded` when money left the order).
 */
export async function resolveDispute(
  trx: Executor,
  deps: LifecycleDeps,
  payment: PaymentRecord,
  e: { dispute: string; outcome: "won" | "lost" },
): Promise<void> {
  const d = await findDispute(trx, payment.id, e.dispute);
  if (!d || !(await tryResolveDispute(trx, d.id, e.outcome, deps.clock.now()))) return;
  let refunded: OrderDetailJson | undefined;
  if (e.outcome === "lost") {
    const now = deps.clock.now();
    // The order row is locked by this update on PostgreSQL; refunds racing it re-read (compare-and-set).
    for (let attempt = 1; attempt <= 5; attempt++) {
      const order = await getOrder(trx, payment.store_id, payment.order_id);
      const amount = Math.min(d.amount, order.total - order.refunded_amount);
      if (order.payment_status !== "paid" || amount <= 0) break;
      const full = amount === order.total - order.refunded_amount;
      const applied = await trySetRefunded(trx, payment.store_id, order.id, {
        expectedRefunded: order.refunded_amount,
        refunded: order.refunded_amount + amount,
        status: full ? "refunded" : order.status,
        paymentStatus: full ? "refunded" : "paid",
        now,
      });
      if (!applied) continue;
      await insertRefund(trx, {
        store_id: payment.store_id,
        order_id: order.id,
        amount,
        currency: order.currency,
        reason: "chargeback",
        created_at: now,
      });
      await tryAddPaymentRefund(
        trx,
        payment.id,
        Math.min(amount, payment.amount - payment.refunded_amount),
        now,
      );
      await deps.deliveries.queueForOrder(trx, {
        storeId: payment.store_id,
        orderId: order.id,
        kind: "chargeback",
      });
      refunded = await getOrderJson(trx, payment.store_id, order.id);
      break;
    }
  }
  const resolved = await findDispute(trx, payment.id, e.dispute);
  if (resolved)
    await deps.publish(trx, payment.store_id, "dispute.resolved", await toDisputeJson(trx, resolved));
  if (refunded) await deps.publish(trx, payment.store_id, "order.refunded", refunded);
}
