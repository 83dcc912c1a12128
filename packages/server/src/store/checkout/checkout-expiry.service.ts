// Unpaid checkouts expire: a checkout whose hosted payment was not paid within the store's time is cancelled,
// its coupon use, gift card amounts and stock go back, its basket reopens, and `payment.failed` is published.
import { Type } from "@sinclair/typebox";
import { createTaskHandler, defineTask, type JobQueue, type TaskHandler } from "../../core/jobs/index.js";
import { lockStoreRow } from "../stores/store.repository.js";
import { markOrderPaymentFailed } from "../payments/order-payment.service.js";
import { tryMovePayment } from "../payments/payment.repository.js";
import type { StoreRouteDeps } from "../store-api.deps.js";

/** Default: a checkout not paid within an hour expires. */
export const DEFAULT_CHECKOUT_EXPIRY_MS = 60 * 60_000;
/** How often the sweep looks for expired checkouts (so one expires at most this late). */
export const CHECKOUT_SWEEP_INTERVAL_MS = 60_000;
const BATCH = 100;

export const checkoutSweepTask = defineTask("store.checkouts.expire", {
  schema: Type.Null(),
  maxAttempts: 3,
});

export type CheckoutExpiryDeps = Pick<
  StoreRouteDeps,
  "database" | "clock" | "publish" | "deliveries" | "gateway" | "scheduleRenewal"
>;

/**
 * Expires every checkout payment still waiting for the buyer (`requires_payment`) created `expiryMs` or
 * longer ago: the payment is cancelled (at the gateway too, so a late card is refused), the order becomes
 * `cancelled` with `payment_status: failed`, its holds are released and its basket reopens, and
 * `payment.failed` is published — each checkout in its own transaction, which takes the store row first like
 * every payment transition, so a buyer paying at that moment either wins or finds the payment closed.
 * Authorised payments (held cards awaiting capture) are the store's to capture or cancel and never expire.
 * Returns how many checkouts expired.
 */
export async function expireUnpaidCheckouts(deps: CheckoutExpiryDeps, expiryMs: number): Promise<number> {
  const db = deps.database.kysely;
  let expired = 0;
  for (;;) {
    const due = await db
      .selectFrom("store_payments")
      .select(["id", "store_id", "order_id", "reference"])
      .where("status", "=", "requires_payment")
      .where("subscription_id", "is", null)
      .where("created_at", "<=", deps.clock.now() - expiryMs)
      .orderBy("created_at")
      .orderBy("id")
      .limit(BATCH)
      .execute();
    for (const p of due) {
      const moved = await db.transaction().execute(async (trx) => {
        await lockStoreRow(trx, p.store_id);
        const now = deps.clock.now();
        const cancelled = await tryMovePayment(
          trx,
          p.id,
          ["requires_payment"],
          "canceled",
          { failure_code: "expired", failure_message: "The checkout expired before it was paid." },
          now,
        );
        if (!cancelled) return false;
        await deps.gateway.cancel(p.reference);
        await markOrderPaymentFailed(trx, deps, { storeId: p.store_id, orderId: p.order_id });
        return true;
      });
      if (moved) expired++;
    }
    if (due.length < BATCH) return expired;
  }
}

/** The sweep job: expires due checkouts, then schedules itself again in a minute (one pending, keyed). */
export function createCheckoutSweepHandler(
  deps: CheckoutExpiryDeps,
  queue: JobQueue,
  expiryMs: number,
): TaskHandler {
  return createTaskHandler(checkoutSweepTask, async (_payload, ctx) => {
    const expired = await expireUnpaidCheckouts(deps, expiryMs);
    if (expired > 0) ctx.logger.info({ expired }, "expired unpaid checkouts");
    await scheduleCheckoutSweep(deps, queue, deps.clock.now() + CHECKOUT_SWEEP_INTERVAL_MS);
  });
}

/** Makes sure a sweep is pending: at `runAt`, or keeps an earlier pending one (`runAt` omitted: now). */
export async function scheduleCheckoutSweep(
  deps: Pick<StoreRouteDeps, "database" | "clock">,
  queue: JobQueue,
  runAt?: number,
): Promise<void> {
  await queue.enqueue(deps.database.kysely, checkoutSweepTask, null, {
    key: checkoutSweepTask.name,
    runAt: runAt ?? deps.clock.now(),
    onKeyConflict: runAt === undefined ? "ignore" : "replace",
  });
}
