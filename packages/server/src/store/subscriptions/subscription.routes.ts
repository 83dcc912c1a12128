// Subscription endpoints: GET /subscriptions[/{id}] (orders:read); POST /subscriptions and
// POST /subscriptions/{id}/cancel (orders:write).
import type { FastifyInstance } from "fastify";
import { requireScope } from "../http/auth.hooks.js";
import { getPrincipal } from "../http/request-context.js";
import { DataEnvelope, ok, okPage, PageEnvelope } from "../shared/envelope.js";
import { pageMeta, resolvePage, sortDirection } from "../shared/list-query.js";
import { idParams } from "../shared/list-query.schema.js";
import type { StoreRouteDeps } from "../store-api.deps.js";
import { listSubscriptions } from "./subscription.repository.js";
import {
  CancelSubscriptionBody,
  CreateSubscriptionBody,
  ListSubscriptionsQuery,
  SubscriptionJson,
  toSubscriptionJson,
} from "./subscription.schema.js";
import { cancelSubscription, createSubscription, getSubscriptionJson } from "./subscription.service.js";

const params = idParams("Subscription not found");
type IdParams = { Params: { id: number } };

/** Subscriptions are recurring orders, so they share the orders scopes (the docs define no subscription scope). */
export function registerSubscriptionRoutes(app: FastifyInstance, deps: StoreRouteDeps): void {
  const db = deps.database.kysely;
  const read = requireScope("orders:read");
  const write = requireScope("orders:write");

  app.get<{ Querystring: ListSubscriptionsQuery }>(
    "/subscriptions",
    {
      onRequest: read,
      schema: { querystring: ListSubscriptionsQuery, response: { 200: PageEnvelope(SubscriptionJson) } },
    },
    async (request) => {
      const { store } = getPrincipal(request);
      const q = request.query;
      const page = resolvePage(q);
      const { rows, total } = await listSubscriptions(db, store.id, {
        status: q.status,
        customerId: q.customer_id,
        productId: q.product_id,
        sort: q.sort ?? "created_at",
        direction: sortDirection(q.order),
        page,
      });
      return okPage(rows.map(toSubscriptionJson), pageMeta(page, total));
    },
  );

  app.get<IdParams>(
    "/subscriptions/:id",
    { onRequest: read, schema: { params, response: { 200: DataEnvelope(SubscriptionJson) } } },
    async (request) => ok(await getSubscriptionJson(db, getPrincipal(request).store.id, request.params.id)),
  );

  app.post<{ Body: CreateSubscriptionBody }>(
    "/subscriptions",
    {
      onRequest: write,
      schema: { body: CreateSubscriptionBody, response: { 201: DataEnvelope(SubscriptionJson) } },
    },
    async (request, reply) => {
      const subscription = await createSubscription(deps, getPrincipal(request).store, request.body);
      return reply.status(201).send(ok(subscription, "Subscription created successfully"));
    },
  );

  app.post<IdParams & { Body: CancelSubscriptionBody }>(
    "/subscriptions/:id/cancel",
    {
      onRequest: write,
      schema: { params, body: CancelSubscriptionBody, response: { 200: DataEnvelope(SubscriptionJson) } },
    },
    async (request) => {
      const s = await cancelSubscription(deps, getPrincipal(request).store, request.params.id, request.body);
      return ok(
        s,
        s.status === "canceled"
          ? "Subscription cancelled successfully"
          : "Subscription will be cancelled at the end of the current period",
      );
    },
  );
}
