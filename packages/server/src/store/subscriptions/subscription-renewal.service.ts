// Renewals at period end, run by the job queue: charge the saved payment method; past_due with retries on
// failure, then cancelled; subscriptions set to cancel at period end end there (expiry commands queued).
import { Type } from "@sinclair/typebox";
import { createTaskHandler, defineTask, type TaskHandler } from "../../core/jobs/index.js";
import type { Executor } from "../../core/db/index.js";
import type { StoreRouteDeps } from "../store-api.deps.js";
import { lockStoreRow, takeOrderSequence } from "../stores/store.repository.js";
import { insertOrder, insertOrderItems } from "../orders/order.repository.js";
import { getOrderJson, orderNumber } from "../orders/order.service.js";
import { insertPayment } from "../payments/payment.repository.js";
import { addInterval } from "./billing-period.js";
import { getSubscription, getSubscriptionJson } from "./subscription.service.js";
import type { SubscriptionRecord } from "./subscription.repository.js";
import { pickIdentity } from "../deliveries/delivery-identity.js";

const DAY = 86_400_000;

/** Waits after failed renewal charges 1, 2, 3; a fourth failure cancels the subscription. */
export const RENEWAL_RETRY_DELAYS_MS: readonly number[] = [1 * DAY, 3 * DAY, 5 * DAY];

export const renewalTask = defineTask("store.subscriptions.renew", {
  schema: Type.Object({ storeId: Type.Integer(), subscriptionId: Type.Integer() }),
  maxAttempts: 5,
});

export type RenewalDeps = Pick<
  StoreRouteDeps,
  "database" | "clock" | "publish" | "deliveries" | "gateway" | "scheduleRenewal"
>;

export type RenewalOutcome = "not_due" | "renewed" | "past_due" | "cancelled" | "expired";

async function end(
  trx: Executor,
  deps: RenewalDeps,
  s: SubscriptionRecord,
  at: number,
  reason: string | null,
): Promise<void> {
  const r = await trx
    .updateTable("store_subscriptions")
    .set({
      status: "canceled",
      ended_at: at,
      canceled_at: s.canceled_at ?? at,
      cancellation_reason: s.cancellation_reason ?? reason,
      next_attempt_at: null,
      updated_at: deps.clock.now(),
    })
    .where("id", "=", s.id)
    .where("status", "!=", "canceled")
    .executeTakeFirst();
  if (r.numUpdatedRows === 0n) return;
  await deps.deliveries.queueForSubscription(trx, {
    storeId: s.store_id,
    subscriptionId: s.id,
    kind: "expiry",
  });
  await deps.publish(
    trx,
    s.store_id,
    "subscription.cancelled",
    await getSubscriptionJson(trx, s.store_id, s.id),
  );
}

/**
 * Renews one subscription if it is due (`next_attempt_at` reached, not canceled). Success: a paid renewal
 * order, the next period, `subscription.renewed` (and `order.received`), renewal commands. Failure:
 * `past_due` and `subscription.payment_failed`, retried after 1, 3 and 5 days, then cancelled
 * (`subscription.cancelled`, expiry commands). Safe to run twice: a renewed subscription is not due.
 */
export async function renewSubscription(
  deps: RenewalDeps,
  storeId: number,
  subscriptionId: number,
): Promise<RenewalOutcome> {
  return deps.database.kysely.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    await lockStoreRow(trx, storeId);
    const s = await getSubscription(trx, storeId, subscriptionId);
    if (s.status === "canceled" || s.next_attempt_at === null || s.next_attempt_at > now) return "not_due";
    if (s.cancel_at_period_end === 1) {
      await end(trx, deps, s, s.current_period_end, null);
      return "expired";
    }
    const charge =
      s.payment_method === null
        ? ({
            status: "failed",
            reference: "",
            code: "no_payment_method",
            message: "No saved payment method.",
          } as const)
        : await deps.gateway.chargeSaved({
            paymentMethod: s.payment_method,
            amount: s.price,
            currency: s.currency,
          });
    if (charge.status === "failed") {
      const attempts = s.renewal_attempts + 1;
      const delay = RENEWAL_RETRY_DELAYS_MS[attempts - 1];
      if (delay === undefined) {
        await end(trx, deps, s, now, "payment_failed");
        return "cancelled";
      }
      await trx
        .updateTable("store_subscriptions")
        .set({
          status: "past_due",
          renewal_attempts: attempts,
          next_attempt_at: now + delay,
          updated_at: now,
        })
        .where("id", "=", s.id)
        .execute();
      await deps.scheduleRenewal(trx, { storeId, subscriptionId: s.id, runAt: now + delay });
      await deps.publish(
        trx,
        storeId,
        "subscription.payment_failed",
        await getSubscriptionJson(trx, storeId, s.id),
      );
      return "past_due";
    }
    // A late (retried) renewal still starts the new period where the old one ended: no free days.
    const start = s.current_period_end;
    const periodEnd = addInterval(start, s.interval, s.interval_count);
    // The renewal delivers to the player the subscription was bought for.
    const bought =
      s.order_id === null
        ? undefined
        : await trx
            .selectFrom("store_orders")
            .select("metadata")
            .where("id", "=", s.order_id)
            .executeTakeFirst();
    const orderId = await insertOrder(trx, {
      store_id: storeId,
      order_number: orderNumber(await takeOrderSequence(trx, storeId), now),
      customer_id: s.customer_id,
      status: "processing",
      payment_status: "paid",
      subtotal: s.price,
      tax: 0,
      discount: 0,
      total: s.price,
      refunded_amount: 0,
      currency: s.currency,
      payment_method: s.payment_gateway,
      metadata: JSON.stringify({ ...pickIdentity(bought?.metadata), subscription_id: s.id, renewal: true }),
      note: null,
      created_at: now,
      updated_at: now,
      completed_at: null,
    });
    await insertOrderItems(trx, [
      {
        order_id: orderId,
        product_id: s.product_id,
        product_name: s.product_name,
        quantity: 1,
        price: s.price,
        delivery_status: "pending",
      },
    ]);
    await insertPayment(trx, {
      store_id: storeId,
      order_id: orderId,
      subscription_id: s.id,
      gateway: s.payment_gateway ?? deps.gateway.name,
      reference: charge.reference,
      status: "succeeded",
      amount: s.price,
      currency: s.currency,
      card_last4: null,
      payment_method: s.payment_method,
      failure_code: null,
      failure_message: null,
      created_at: now,
      updated_at: now,
    });
    await trx
      .updateTable("store_subscriptions")
      .set({
        status: "active",
        current_period_start: start,
        current_period_end: periodEnd,
        renewal_attempts: 0,
        next_attempt_at: periodEnd,
        updated_at: now,
      })
      .where("id", "=", s.id)
      .execute();
    await deps.scheduleRenewal(trx, { storeId, subscriptionId: s.id, runAt: periodEnd });
    await deps.deliveries.queueForSubscription(trx, {
      storeId,
      subscriptionId: s.id,
      orderId,
      kind: "renewal",
    });
    await deps.publish(trx, storeId, "order.received", await getOrderJson(trx, storeId, orderId));
    await deps.publish(trx, storeId, "subscription.renewed", await getSubscriptionJson(trx, storeId, s.id));
    return "renewed";
  });
}

/** The job handler: `store.subscriptions.renew` jobs are enqueued for each subscription's next attempt. */
export function createRenewalHandler(deps: RenewalDeps): TaskHandler {
  return createTaskHandler(renewalTask, async (payload) => {
    await renewSubscription(deps, payload.storeId, payload.subscriptionId);
  });
}
