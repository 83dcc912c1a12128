// Analytics endpoints (analytics:read): GET /analytics/revenue.
import type { FastifyInstance } from "fastify";
import { requireScope } from "../http/auth.hooks.js";
import { getPrincipal } from "../http/request-context.js";
import { DataEnvelope, ok } from "../shared/envelope.js";
import type { StoreRouteDeps } from "../store-api.deps.js";
import { RevenueJson, RevenueQuery } from "./analytics.schema.js";
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
}
