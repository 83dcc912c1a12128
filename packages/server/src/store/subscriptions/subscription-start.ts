// Subscriptions bought at checkout: one per subscription item of a paid order, with the product's plan.
import type { Executor } from "../../core/db/index.js";
import type { Store } from "../stores/store.repository.js";
import type { StoreRouteDeps } from "../store-api.deps.js";
import { addInterval } from "./billing-period.js";
import { insertSubscription } from "./subscription.repository.js";
import type { SubscriptionJson } from "./subscription.schema.js";
import { getSubscriptionJson } from "./subscription.service.js";

const DAY = 86_400_000;

/**
 * Starts a subscription for every subscription product of the order: `trialing` until the trial ends when
 * the product has trial days (the first charge is the renewal at the trial's end), else `active` for one
 * period. Each is scheduled for renewal at its period end. Returns them as `subscription.created` carries them.
 */
export async function startSubscriptionsForOrder(
  trx: Executor,
  deps: Pick<StoreRouteDeps, "clock" | "scheduleRenewal">,
  store: Store,
  input: { orderId: number; gateway: string; paymentMethod: string | null },
): Promise<SubscriptionJson[]> {
  const rows = await trx
    .selectFrom("store_order_items as i")
    .innerJoin("store_orders as o", "o.id", "i.order_id")
    .innerJoin("store_products as p", "p.id", "i.product_id")
    .select([
      "o.customer_id",
      "p.id as product_id",
      "p.name",
      "p.price",
      "p.billing_interval",
      "p.billing_interval_count",
      "p.trial_days",
    ])
    .where("i.order_id", "=", input.orderId)
    .where("p.type", "=", "subscription")
    .orderBy("i.id")
    .execute();
  const now = deps.clock.now();
  const out: SubscriptionJson[] = [];
  for (const r of rows) {
    const trialEnd = r.trial_days > 0 ? now + r.trial_days * DAY : null;
    const end = trialEnd ?? addInterval(now, r.billing_interval, r.billing_interval_count);
    const id = await insertSubscription(trx, {
      store_id: store.id,
      customer_id: r.customer_id,
      product_id: r.product_id,
      product_name: r.name,
      price: r.price,
      currency: store.currency,
      interval: r.billing_interval,
      interval_count: r.billing_interval_count,
      status: trialEnd === null ? "active" : "trialing",
      payment_gateway: input.gateway,
      gateway_subscription_id: null,
      gateway_customer_id: null,
      payment_method: input.paymentMethod,
      next_attempt_at: end,
      current_period_start: now,
      current_period_end: end,
      trial_ends_at: trialEnd,
      canceled_at: null,
      ended_at: null,
      cancellation_reason: null,
      order_id: input.orderId,
      created_at: now,
      updated_at: now,
    });
    await deps.scheduleRenewal(trx, { storeId: store.id, subscriptionId: id, runAt: end });
    out.push(await getSubscriptionJson(trx, store.id, id));
  }
  return out;
}
