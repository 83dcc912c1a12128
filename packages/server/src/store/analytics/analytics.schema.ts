// Wire shapes of analytics: the revenue, sales and customer queries and their responses.
import { Type, type Static } from "@sinclair/typebox";
import { DateRangeQuery, listQuery } from "../shared/list-query.schema.js";
import { MoneyJson } from "../shared/money.schema.js";

/** Timeline buckets: calendar days, ISO weeks (from Monday) or months of the store's zone; default day. */
const GranularityQuery = {
  granularity: Type.Optional(
    Type.Union([Type.Literal("day"), Type.Literal("week"), Type.Literal("month")], {
      description: "day (default), week or month",
    }),
  ),
};

export const RevenueQuery = listQuery(
  { ...DateRangeQuery, ...GranularityQuery },
  { group_by: "granularity" },
);
export type RevenueQuery = Static<typeof RevenueQuery>;

export const RevenueJson = Type.Object({
  total_revenue: MoneyJson,
  total_orders: Type.Integer(),
  average_order_value: MoneyJson,
  currency: Type.String(),
  timeline: Type.Array(Type.Object({ date: Type.String(), revenue: MoneyJson, orders: Type.Integer() })),
});
export type RevenueJson = Static<typeof RevenueJson>;

export const SalesQuery = listQuery({
  ...DateRangeQuery,
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: "top products, default 10" })),
});
export type SalesQuery = Static<typeof SalesQuery>;

export const SalesJson = Type.Object({
  total_items_sold: Type.Integer(),
  unique_customers: Type.Integer(),
  top_products: Type.Array(
    Type.Object({
      id: Type.Union([Type.Integer(), Type.Null()]),
      name: Type.String(),
      quantity_sold: Type.Integer(),
      revenue: MoneyJson,
    }),
  ),
  sales_by_category: Type.Array(
    Type.Object({ category: Type.String(), quantity: Type.Integer(), revenue: MoneyJson }),
  ),
});
export type SalesJson = Static<typeof SalesJson>;

export const CustomerAnalyticsQuery = listQuery({
  ...DateRangeQuery,
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: "top customers, default 10" })),
});
export type CustomerAnalyticsQuery = Static<typeof CustomerAnalyticsQuery>;

/** Buyers = customers with a paid order in the range; new = their first paid order ever is in it. */
export const CustomerAnalyticsJson = Type.Object({
  from: Type.String(),
  to: Type.String(),
  total_customers: Type.Integer(),
  new_customers: Type.Integer(),
  returning_customers: Type.Integer(),
  /** Customer records created in the range (buyers or not). */
  registered_customers: Type.Integer(),
  currency: Type.String(),
  top_customers: Type.Array(
    Type.Object({
      id: Type.Integer(),
      email: Type.String(),
      username: Type.Union([Type.String(), Type.Null()]),
      orders: Type.Integer(),
      total_spent: MoneyJson,
    }),
  ),
});
export type CustomerAnalyticsJson = Static<typeof CustomerAnalyticsJson>;

export const CustomerTimelineQuery = listQuery(
  { ...DateRangeQuery, ...GranularityQuery },
  { group_by: "granularity" },
);
export type CustomerTimelineQuery = Static<typeof CustomerTimelineQuery>;

/**
 * New customers over time: per bucket, the buyers whose first paid order ever falls in it (the same
 * definition as `new_customers` of /analytics/customers, so the buckets add up to it over the range).
 */
export const CustomerTimelineJson = Type.Object({
  from: Type.String(),
  to: Type.String(),
  granularity: Type.Union([Type.Literal("day"), Type.Literal("week"), Type.Literal("month")]),
  new_customers: Type.Integer(),
  timeline: Type.Array(Type.Object({ date: Type.String(), new_customers: Type.Integer() })),
});
export type CustomerTimelineJson = Static<typeof CustomerTimelineJson>;
