// Subscriptions: detail, manual/imported creation (subscription.created) and cancellation
// (subscription.cancelled when it stops now; scheduling an end at the period's end publishes nothing yet).
import type { Clock } from "../../core/clock.js";
import type { Database, Executor } from "../../core/db/index.js";
import { AppError } from "../../core/errors/index.js";
import { findProduct } from "../catalog/product.repository.js";
import { isStoreCustomer } from "../customers/customer.repository.js";
import type { PublishEvent } from "../store-api.deps.js";
import type { Store } from "../stores/store.repository.js";
import { parseMoney } from "../shared/money.js";
import { findStoreRowIds } from "../shared/ownership.js";
import { parseTimestamp } from "../shared/timestamps.js";
import { invalidFields } from "../shared/validation.js";
import { addInterval } from "./billing-period.js";
import type { DeliveryScheduler } from "../deliveries/delivery-scheduler.js";
import {
  findSubscription,
  insertSubscription,
  tryUpdateLiveSubscription,
  type SubscriptionRecord,
} from "./subscription.repository.js";
import {
  toSubscriptionJson,
  type CancelSubscriptionBody,
  type CreateSubscriptionBody,
  type SubscriptionJson,
} from "./subscription.schema.js";

export interface SubscriptionServiceDeps {
  database: Database;
  clock: Clock;
  publish: PublishEvent;
  /** Queues expiry commands when a subscription is cancelled now (absent: nothing is queued). */
  deliveries?: DeliveryScheduler;
}

export async function getSubscription(
  db: Executor,
  storeId: number,
  id: number,
): Promise<SubscriptionRecord> {
  const s = await findSubscription(db, storeId, id);
  if (!s) throw new AppError("not_found", "Subscription not found");
  return s;
}

export async function getSubscriptionJson(
  db: Executor,
  storeId: number,
  id: number,
): Promise<SubscriptionJson> {
  return toSubscriptionJson(await getSubscription(db, storeId, id));
}

/** Statuses in which a subscription gives access: its creation is announced as subscription.created. */
const LIVE = new Set(["active", "trialing"]);

export async function createSubscription(
  deps: SubscriptionServiceDeps,
  store: Store,
  body: CreateSubscriptionBody,
): Promise<SubscriptionJson> {
  return deps.database.kysely.transaction().execute(async (trx) => {
    const errors: Record<string, string[]> = {};
    const now = deps.clock.now();
    if (!(await isStoreCustomer(trx, store.id, body.customer_id))) {
      errors["customer_id"] = ["The selected customer id is invalid."];
    }
    const product = await findProduct(trx, store.id, body.product_id);
    if (!product) errors["product_id"] = ["The selected product id is invalid."];
    else if (product.type !== "subscription")
      errors["product_id"] = ["The product must be a subscription product."];
    if (
      body.order_id != null &&
      !(await findStoreRowIds(trx, "store_orders", store.id, [body.order_id])).size
    ) {
      errors["order_id"] = ["The selected order id is invalid."];
    }
    let price = product?.price ?? 0;
    if (body.price !== undefined) {
      const parsed = parseMoney(body.price, store.currency);
      if (parsed === undefined) errors["price"] = [`The price must be an amount in ${store.currency}.`];
      price = parsed ?? 0;
    }
    const time = (field: string, v: string | null | undefined): number | null | undefined => {
      if (v === undefined || v === null) return v;
      const ms = parseTimestamp(v);
      if (ms === undefined) errors[field] = [`The ${field.replace(/_/g, " ")} is not a valid date-time.`];
      return ms;
    };
    const interval = body.interval ?? "month";
    const count = body.interval_count ?? 1;
    const start = time("current_period_start", body.current_period_start) ?? now;
    const end = time("current_period_end", body.current_period_end) ?? addInterval(start, interval, count);
    if (end <= start && !errors["current_period_end"]) {
      errors["current_period_end"] = ["The current period end must be after the current period start."];
    }
    const status = body.status ?? "active";
    let trialEnds = time("trial_ends_at", body.trial_ends_at) ?? null;
    if (status === "trialing" && trialEnds === null) trialEnds = end;
    if (trialEnds !== null && trialEnds < start && !errors["trial_ends_at"]) {
      errors["trial_ends_at"] = ["The trial ends at may not be before the current period start."];
    }
    if (Object.keys(errors).length > 0) throw invalidFields(errors);
    const id = await insertSubscription(trx, {
      store_id: store.id,
      customer_id: body.customer_id,
      product_id: body.product_id,
      product_name: product?.name ?? "",
      price,
      currency: store.currency,
      interval,
      interval_count: count,
      status,
      payment_gateway: body.payment_gateway ?? "manual",
      gateway_subscription_id: body.gateway_subscription_id ?? null,
      gateway_customer_id: body.gateway_customer_id ?? null,
      current_period_start: start,
      current_period_end: end,
      trial_ends_at: trialEnds,
      canceled_at: status === "canceled" ? now : null,
      ended_at: status === "canceled" ? now : null,
      cancellation_reason: null,
      order_id: body.order_id ?? null,
      created_at: now,
      updated_at: now,
    });
    const json = await getSubscriptionJson(trx, store.id, id);
    if (LIVE.has(status)) await deps.publish(trx, store.id, "subscription.created", json);
    return json;
  });
}

/**
 * Cancels now (status `canceled`, `ended_at` set, `subscription.cancelled` published) or, with
 * `at_period_end`, marks it to end at `current_period_end` (it keeps access; the renewal job of issue #7
 * ends it then and publishes the event). A canceled subscription is returned unchanged, so retries and
 * concurrent requests publish the event once.
 */
export async function cancelSubscription(
  deps: SubscriptionServiceDeps,
  store: Store,
  id: number,
  body: CancelSubscriptionBody,
): Promise<SubscriptionJson> {
  return deps.database.kysely.transaction().execute(async (trx) => {
    const s = await getSubscription(trx, store.id, id);
    if (s.status === "canceled") return toSubscriptionJson(s);
    const now = deps.clock.now();
    const reason = body.reason ?? s.cancellation_reason;
    if (body.at_period_end === true) {
      if (s.cancel_at_period_end !== 1) {
        await tryUpdateLiveSubscription(trx, store.id, id, {
          cancel_at_period_end: 1,
          canceled_at: now,
          cancellation_reason: reason,
          updated_at: now,
        });
      }
      return getSubscriptionJson(trx, store.id, id);
    }
    const ended = await tryUpdateLiveSubscription(trx, store.id, id, {
      status: "canceled",
      cancel_at_period_end: 0,
      canceled_at: s.canceled_at ?? now,
      ended_at: now,
      cancellation_reason: reason,
      next_attempt_at: null,
      updated_at: now,
    });
    const json = await getSubscriptionJson(trx, store.id, id);
    if (ended) {
      await deps.deliveries?.queueForSubscription(trx, {
        storeId: store.id,
        subscriptionId: id,
        kind: "expiry",
      });
      await deps.publish(trx, store.id, "subscription.cancelled", json);
    }
    return json;
  });
}
