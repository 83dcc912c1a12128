// Analytics endpoints (analytics:read): GET /analytics/revenue, /sales, /customers, /customers/timeline.
import type { FastifyInstance } from "fastify";
import { requireScope } from "../http/auth.hooks.js";
import { getPrincipal } from "../http/request-context.js";
import { DataEnvelope, ok } from "../shared/envelope.js";
import type { StoreRouteDeps } from "../store-api.deps.js";
import {
  CustomerAnalyticsJson,
  CustomerAnalyticsQuery,
  CustomerTimelineJson,
  CustomerTimelineQuery,
  RevenueJson,
  RevenueQuery,
  SalesJson,
  SalesQuery,
} from "./analytics.schema.js";
import { getCustomerAnalytics, getCustomerTimeline } from "./customer-analytics.service.js";
import { getSales } from "./sales.service.js";
import { getRevenue } from "./analytics.service.js";

export function registerAnalyticsRoutes(app: FastifyInstance, deps: StoreRouteDeps): void {
  app.get<{ Querystring: RevenueQuery }>(
    "/analytics/revenue",
    {
      onRequest: requireScope("analytics:read"),
      schema: { querystring: RevenueQuery, response: { 200: DataEnvelope(RevenueJson) } },
    },
    async (request) =>
      ok(await getRevenue(deps.database.kysely, getPrincipal(request).store, request.query, deps.clock)),
  );

  app.get<{ Querystring: SalesQuery }>(
    "/analytics/sales",
    {
      onRequest: requireScope("analytics:read"),
      schema: { querystring: SalesQuery, response: { 200: DataEnvelope(SalesJson) } },
    },
    async (request) =>
      ok(await getSales(deps.database.kysely, getPrincipal(request).store, request.query, deps.clock)),
  );

  app.get<{ Querystring: CustomerAnalyticsQuery }>(
    "/analytics/customers",
    {
      onRequest: requireScope("analytics:read"),
      schema: { querystring: CustomerAnalyticsQuery, response: { 200: DataEnvelope(CustomerAnalyticsJson) } },
    },
    async (request) =>
      ok(
        await getCustomerAnalytics(
          deps.database.kysely,
          getPrincipal(request).store,
          request.query,
          deps.clock,
        ),
      ),
  );

  app.get<{ Querystring: CustomerTimelineQuery }>(
    "/analytics/customers/timeline",
    {
      onRequest: requireScope("analytics:read"),
      schema: { querystring: CustomerTimelineQuery, response: { 200: DataEnvelope(CustomerTimelineJson) } },
    },
    async (request) =>
      ok(
        await getCustomerTimeline(
          deps.database.kysely,
          getPrincipal(request).store,
          request.query,
          deps.clock,
        ),
      ),
  );
}
