// The order lifecycle's payment transitions: pending → paid (processing), pending → failed (cancelled),
// pending → cancelled. Each is one compare-and-set on the order inside the caller's transaction, with
// everything it causes (subscriptions, deliveries, held coupon uses and gift card balances, events).
import type { Executor } from "../../core/db/index.js";
import { findStoreById, type Store } from "../stores/store.repository.js";
import type { StoreRouteDeps } from "../store-api.deps.js";
import type { OrderDetailJson } from "../orders/order.schema.js";
import { getOrderJson } from "../orders/order.service.js";
import { releaseOrderHolds } from "../checkout/holds.js";
import { startSubscriptionsForOrder } from "../subscriptions/subscription-start.js";

export type LifecycleDeps = Pick<StoreRouteDeps, "clock" | "publish" | "deliveries" | "scheduleRenewal">;

/** Loads a store by id (events and jobs only know ids). */
export async function getStoreById(db: Executor, storeId: number): Promise<Store> {
  const store = await findStoreById(db, storeId);
  if (!store) throw new Error(`store ${storeId} vanished`);
  return store;
}

/**
 * Marks a pending order paid: `payment_status: paid`, `status: processing`; starts the subscriptions it
 * bought (with the saved payment method), asks the delivery scheduler to queue its purchase commands (it
 * completes orders with nothing to deliver), and publishes `order.received` (and `subscription.created`).
 * Returns undefined when the order was not pending any more (a duplicate or late event): nothing happens.
 */
export async function markOrderPaid(
  trx: Executor,
  deps: LifecycleDeps,
  input: {
    storeId: number;
    orderId: number;
    paymentMethod: string;
    gateway: string;
    savedMethod: string | null;
  },
): Promise<OrderDetailJson | undefined> {
  const now = deps.clock.now();
  const moved = await trx
    .updateTable("store_orders")
    .set({
      payment_status: "paid",
      status: "processing",
      payment_method: input.paymentMethod,
      updated_at: now,
    })
    .where("store_id", "=", input.storeId)
    .where("id", "=", input.orderId)
    .where("status", "=", "pending")
    .where("payment_status", "in", ["pending", "failed"])
    .executeTakeFirst();
  if (moved.numUpdatedRows === 0n) return undefined;
  const store = await getStoreById(trx, input.storeId);
  await trx
    .updateTable("store_baskets")
    .set({ status: "completed", updated_at: now })
    .where("order_id", "=", input.orderId)
    .execute();
  const subscriptions = await startSubscriptionsForOrder(trx, deps, store, {
    orderId: input.orderId,
    gateway: input.gateway,
    paymentMethod: input.savedMethod,
  });
  // The order's purchase commands cover its subscription items: the subscription's start is this order.
  await deps.deliveries.queueForOrder(trx, { storeId: store.id, orderId: input.orderId, kind: "purchase" });
  const order = await getOrderJson(trx, store.id, input.orderId);
  await deps.publish(trx, store.id, "order.received", order);
  for (const s of subscriptions) await deps.publish(trx, store.id, "subscription.created", s);
  return order;
}

/**
 * A declined payment: the order gets `payment_status: failed` and `status: cancelled`, gives back its
 * coupon use, gift card balances and stock, and its basket opens again so the buyer can retry; publishes
 * `payment.failed` with the order. Undefined when the order was not pending any more.
 */
export async function markOrderPaymentFailed(
  trx: Executor,
  deps: LifecycleDeps,
  input: { storeId: number; orderId: number },
): Promise<OrderDetailJson | undefined> {
  const now = deps.clock.now();
  const moved = await trx
    .updateTable("store_orders")
    .set({ payment_status: "failed", status: "cancelled", updated_at: now })
    .where("store_id", "=", input.storeId)
    .where("id", "=", input.orderId)
    .where("status", "=", "pending")
    .where("payment_status", "=", "pending")
    .executeTakeFirst();
  if (moved.numUpdatedRows === 0n) return undefined;
  await releaseOrderHolds(trx, input.orderId, now);
  await trx
    .updateTable("store_baskets")
    .set({ status: "open", order_id: null, updated_at: now })
    .where("order_id", "=", input.orderId)
    .execute();
  const order = await getOrderJson(trx, input.storeId, input.orderId);
  await deps.publish(trx, input.storeId, "payment.failed", order);
  return order;
}

/** Cancels an unpaid order by API: `status: cancelled`, holds released (no event: the spec has none). */
export async function markOrderCancelled(
  trx: Executor,
  deps: Pick<LifecycleDeps, "clock">,
  input: { storeId: number; orderId: number },
): Promise<boolean> {
  const now = deps.clock.now();
  const moved = await trx
    .updateTable("store_orders")
    .set({ status: "cancelled", updated_at: now })
    .where("store_id", "=", input.storeId)
    .where("id", "=", input.orderId)
    .where("status", "=", "pending")
    .where("payment_status", "in", ["pending", "failed"])
    .executeTakeFirst();
  if (moved.numUpdatedRows === 0n) return false;
  await releaseOrderHolds(trx, input.orderId, now);
  return true;
}
