// Wire shapes of analytics: the revenue query and its response.
import { Type, type Static } from "@sinclair/typebox";
import { DateRangeQuery, listQuery } from "../shared/list-query.schema.js";
import { MoneyJson } from "../shared/money.schema.js";

export const RevenueQuery = listQuery(
  {
    ...DateRangeQuery,
    granularity: Type.Optional(
      Type.Union([Type.Literal("day"), Type.Literal("week"), Type.Literal("month")]),
    ),
  },
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
