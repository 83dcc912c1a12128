// Order endpoints: GET /orders[/{id}] (orders:read; the detail with its deliveries); POST /orders and POST /orders/{id}/fulfill (orders:write).
import type { FastifyInstance } from "fastify";
import { requireScope } from "../http/auth.hooks.js";
import { getPrincipal } from "../http/request-context.js";
import { DataEnvelope, ok, okPage, PageEnvelope } from "../shared/envelope.js";
import { pageMeta, resolveDateRange, resolvePage, sortDirection } from "../shared/list-query.js";
import { idParams } from "../shared/list-query.schema.js";
import type { StoreRouteDeps } from "../store-api.deps.js";
import {
  CreateOrderBody,
  FulfillOrderBody,
  ListOrdersQuery,
  OrderDetailJson,
  OrderJson,
} from "./order.schema.js";
import { createOrder, fulfillOrder, getOrderJson, listOrderJson } from "./order.service.js";

const params = idParams("Order not found");
type IdParams = { Params: { id: number } };

export function registerOrderRoutes(app: FastifyInstance, deps: StoreRouteDeps): void {
  const db = deps.database.kysely;
  const read = requireScope("orders:read");
  const write = requireScope("orders:write");
  const cached = deps.readCache.route("orders");

  app.get<{ Querystring: ListOrdersQuery }>(
    "/orders",
    {
      onRequest: read,
      ...cached,
      schema: { querystring: ListOrdersQuery, response: { 200: PageEnvelope(OrderJson) } },
    },
    async (request) => {
      const { store } = getPrincipal(request);
      const q = request.query;
      const page = resolvePage(q);
      const { data, total } = await listOrderJson(db, store.id, {
        status: q.status,
        paymentStatus: q.payment_status,
        created: resolveDateRange(q, store.timeZone),
        customerEmail: q.customer_email,
        orderNumber: q.order_number,
        sort: q.sort ?? "created_at",
        direction: sortDirection(q.order),
        page,
      });
      return okPage(data, pageMeta(page, total));
    },
  );

  app.get<IdParams>(
    "/orders/:id",
    {
      onRequest: read,
      ...cached,
      schema: { params, response: { 200: DataEnvelope(OrderDetailJson) } },
    },
    async (request) => ok(await getOrderJson(db, getPrincipal(request).store.id, request.params.id)),
  );

  app.post<{ Body: CreateOrderBody }>(
    "/orders",
    { onRequest: write, schema: { body: CreateOrderBody, response: { 201: DataEnvelope(OrderDetailJson) } } },
    async (request, reply) => {
      const order = await createOrder(deps, getPrincipal(request).store, request.body);
      return reply.status(201).send(ok(order, "Order created successfully"));
    },
  );

  app.post<IdParams & { Body: FulfillOrderBody }>(
    "/orders/:id/fulfill",
    {
      onRequest: write,
      schema: { params, body: FulfillOrderBody, response: { 200: DataEnvelope(OrderDetailJson) } },
    },
    async (request) =>
      ok(
        await fulfillOrder(deps, getPrincipal(request).store, request.params.id, request.body.note),
        "Order fulfilled successfully",
      ),
  );
}
