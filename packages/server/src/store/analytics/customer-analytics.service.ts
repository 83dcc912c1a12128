// Customer analytics (shape not published by Pixlpay, designed here): buyers, new vs returning, top customers.
import type { Clock } from "../../core/clock.js";
import type { Executor } from "../../core/db/index.js";
import type { Store } from "../stores/store.repository.js";
import { formatMoney } from "../shared/money.js";
import { endOfDay, startOfDay } from "../shared/time-zone.js";
import type {
  CustomerAnalyticsJson,
  CustomerAnalyticsQuery,
  CustomerTimelineJson,
  CustomerTimelineQuery,
} from "./analytics.schema.js";
import { resolveAnalyticsDays } from "./analytics.service.js";
import { createBuckets } from "./buckets.js";
import { countNewBuyersByBucket, sumCustomerActivity } from "./customer-analytics.repository.js";

export async function getCustomerAnalytics(
  db: Executor,
  store: Store,
  query: CustomerAnalyticsQuery,
  clock: Clock,
): Promise<CustomerAnalyticsJson> {
  const { from, to } = resolveAnalyticsDays(query, store, clock);
  const range = { from: startOfDay(from, store.timeZone), to: endOfDay(to, store.timeZone) };
  const totals = await sumCustomerActivity(db, store.id, store.currency, range, query.limit ?? 10);
  return {
    from,
    to,
    total_customers: totals.buyers,
    new_customers: totals.newBuyers,
    returning_customers: totals.buyers - totals.newBuyers,
    registered_customers: totals.registered,
    currency: store.currency,
    top_customers: totals.top.map((c) => ({ ...c, total_spent: formatMoney(c.total_spent, store.currency) })),
  };
}

/** New customers per day, week or month from `from` to `to` (inclusive days in the store's zone). */
export async function getCustomerTimeline(
  db: Executor,
  store: Store,
  query: CustomerTimelineQuery,
  clock: Clock,
): Promise<CustomerTimelineJson> {
  const { from, to } = resolveAnalyticsDays(query, store, clock);
  const granularity = query.granularity ?? "day";
  const buckets = createBuckets(from, to, granularity, store.timeZone);
  const counts = await countNewBuyersByBucket(db, store.id, store.currency, buckets);
  const byStart = new Map(counts.map((c) => [c.start, c.customers]));
  const timeline = buckets.map((b) => ({ date: b.date, new_customers: byStart.get(b.start) ?? 0 }));
  return {
    from,
    to,
    granularity,
    new_customers: timeline.reduce((n, b) => n + b.new_customers, 0),
    timeline,
  };
}
