// Analytics: revenue totals and timeline over paid orders, in the store's currency and time zone.
import type { Clock } from "../../core/clock.js";
import type { Executor } from "../../core/db/index.js";
import type { Store } from "../stores/store.repository.js";
import { resolveDateRange } from "../shared/list-query.js";
import { formatMoney } from "../shared/money.js";
import { invalidField } from "../shared/validation.js";
import { sumPaidOrdersByBucket } from "./analytics.repository.js";
import type { RevenueJson, RevenueQuery } from "./analytics.schema.js";
import { addDays, createBuckets, daysBetween, todayIn } from "./buckets.js";

/** Longest range one request may cover (about three years of daily buckets). */
export const MAX_RANGE_DAYS = 1100;
/** Without `from`/`to`: the last 30 days, today included. */
export const DEFAULT_RANGE_DAYS = 30;

/** The inclusive days an analytics request covers (default: the last 30 days, today included). */
export function resolveAnalyticsDays(
  query: { from?: string | undefined; to?: string | undefined },
  store: Store,
  clock: Clock,
): { from: string; to: string } {
  resolveDateRange(query, store.timeZone); // validates the days and their order
  const to = query.to ?? todayIn(clock.now(), store.timeZone);
  const from = query.from ?? addDays(to, -(DEFAULT_RANGE_DAYS - 1));
  if (from > to) throw invalidField("from", "The from must be a date before or equal to to.");
  if (daysBetween(from, to) > MAX_RANGE_DAYS) {
    throw invalidField("to", `The range may not exceed ${MAX_RANGE_DAYS} days.`);
  }
  return { from, to };
}

/** Revenue of paid orders from `from` to `to` (inclusive days in the store's zone; default last 30 days). */
export async function getRevenue(
  db: Executor,
  store: Store,
  query: RevenueQuery,
  clock: Clock,
): Promise<RevenueJson> {
  const { from, to } = resolveAnalyticsDays(query, store, clock);
  const buckets = createBuckets(from, to, query.granularity ?? "day", store.timeZone);
  const totals = await sumPaidOrdersByBucket(db, store.id, store.currency, buckets);
  const byStart = new Map(totals.map((t) => [t.start, t]));
  const revenue = totals.reduce((s, t) => s + t.revenue, 0);
  const orders = totals.reduce((s, t) => s + t.orders, 0);
  const money = (minor: number) => formatMoney(minor, store.currency);
  return {
    total_revenue: money(revenue),
    total_orders: orders,
    average_order_value: money(orders === 0 ? 0 : Math.round(revenue / orders)),
    currency: store.currency,
    timeline: buckets.map((b) => ({
      date: b.date,
      revenue: money(byStart.get(b.start)?.revenue ?? 0),
      orders: byStart.get(b.start)?.orders ?? 0,
    })),
  };
}
