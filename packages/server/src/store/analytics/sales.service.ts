// Sales analytics: items sold, unique customers, top products and sales by category over paid orders.
import type { Clock } from "../../core/clock.js";
import type { Executor } from "../../core/db/index.js";
import type { Store } from "../stores/store.repository.js";
import { formatMoney } from "../shared/money.js";
import { endOfDay, startOfDay } from "../shared/time-zone.js";
import { sumSales } from "./sales.repository.js";
import type { SalesJson, SalesQuery } from "./analytics.schema.js";
import { resolveAnalyticsDays } from "./analytics.service.js";

/** Top products by quantity sold (ties: revenue), and revenue per category, for paid orders in the range. */
export async function getSales(
  db: Executor,
  store: Store,
  query: SalesQuery,
  clock: Clock,
): Promise<SalesJson> {
  const { from, to } = resolveAnalyticsDays(query, store, clock);
  const range = { from: startOfDay(from, store.timeZone), to: endOfDay(to, store.timeZone) };
  const sales = await sumSales(db, store.id, store.currency, range, query.limit ?? 10);
  const money = (minor: number) => formatMoney(minor, store.currency);
  return {
    total_items_sold: sales.itemsSold,
    unique_customers: sales.uniqueCustomers,
    top_products: sales.topProducts.map((p) => ({ ...p, revenue: money(p.revenue) })),
    sales_by_category: sales.byCategory.map((c) => ({ ...c, revenue: money(c.revenue) })),
  };
}
