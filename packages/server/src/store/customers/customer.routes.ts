// Customer endpoints: GET /customers[/{id}] (customers:read), /customers/{id}/orders (orders:read),
// POST and PUT/PATCH (customers:write).
import type { FastifyInstance } from "fastify";
import { requireScope } from "../http/auth.hooks.js";
import { getPrincipal } from "../http/request-context.js";
import { CustomerOrdersQuery, OrderJson } from "../orders/order.schema.js";
import { listOrderJson } from "../orders/order.service.js";
import { DataEnvelope, ok, okPage, PageEnvelope } from "../shared/envelope.js";
import { pageMeta, resolvePage, sortDirection } from "../shared/list-query.js";
import { idParams } from "../shared/list-query.schema.js";
import type { StoreRouteDeps } from "../store-api.deps.js";
import { isStoreCustomer, listCustomers } from "./customer.repository.js";
import { AppError } from "../../core/errors/index.js";
import {
  CreateCustomerBody,
  CustomerDetailJson,
  CustomerJson,
  ListCustomersQuery,
  toCustomerJson,
  UpdateCustomerBody,
} from "./customer.schema.js";
import { createCustomer, getCustomerDetail, updateCustomer } from "./customer.service.js";

const params = idParams("Customer not found");
type IdParams = { Params: { id: number } };

export function registerCustomerRoutes(app: FastifyInstance, deps: StoreRouteDeps): void {
  const db = deps.database.kysely;
  const read = requireScope("customers:read");
  const write = requireScope("customers:write");
  // Lists only: a customer's detail also shows their subscriptions, which are not in the orders domain.
  const cached = deps.readCache.route("orders");

  app.get<{ Querystring: ListCustomersQuery }>(
    "/customers",
    {
      onRequest: read,
      ...cached,
      schema: { querystring: ListCustomersQuery, response: { 200: PageEnvelope(CustomerJson) } },
    },
    async (request) => {
      const { store } = getPrincipal(request);
      const q = request.query;
      const page = resolvePage(q);
      const { rows, total } = await listCustomers(db, store.id, {
        search: q.search,
        sort: q.sort ?? "created_at",
        direction: sortDirection(q.order),
        page,
      });
      return okPage(
        rows.map((c) => toCustomerJson(c, store.currency)),
        pageMeta(page, total),
      );
    },
  );

  app.get<IdParams>(
    "/customers/:id",
    { onRequest: read, schema: { params, response: { 200: DataEnvelope(CustomerDetailJson) } } },
    async (request) => ok(await getCustomerDetail(db, getPrincipal(request).store, request.params.id)),
  );

  // Orders are order data, so this needs orders:read as well as being under /customers.
  app.get<IdParams & { Querystring: CustomerOrdersQuery }>(
    "/customers/:id/orders",
    {
      onRequest: [read, requireScope("orders:read")],
      ...cached,
      schema: { params, querystring: CustomerOrdersQuery, response: { 200: PageEnvelope(OrderJson) } },
    },
    async (request) => {
      const { store } = getPrincipal(request);
      if (!(await isStoreCustomer(db, store.id, request.params.id))) {
        throw new AppError("not_found", "Customer not found");
      }
      const page = resolvePage(request.query);
      const { data, total } = await listOrderJson(db, store.id, {
        customerId: request.params.id,
        sort: request.query.sort ?? "created_at",
        direction: sortDirection(request.query.order),
        page,
      });
      return okPage(data, pageMeta(page, total));
    },
  );

  app.post<{ Body: CreateCustomerBody }>(
    "/customers",
    {
      onRequest: write,
      schema: { body: CreateCustomerBody, response: { 201: DataEnvelope(CustomerDetailJson) } },
    },
    async (request, reply) => {
      const store = getPrincipal(request).store;
      const customer = await deps.database.kysely
        .transaction()
        .execute((trx) => createCustomer(trx, store, request.body, deps));
      return reply.status(201).send(ok(customer, "Customer created successfully"));
    },
  );

  for (const method of ["PUT", "PATCH"] as const) {
    app.route<IdParams & { Body: UpdateCustomerBody }>({
      method,
      url: "/customers/:id",
      onRequest: write,
      schema: { params, body: UpdateCustomerBody, response: { 200: DataEnvelope(CustomerDetailJson) } },
      handler: async (request) => {
        const store = getPrincipal(request).store;
        const c = await updateCustomer(db, store, request.params.id, request.body, deps.clock);
        return ok(c, "Customer updated successfully");
      },
    });
  }
}
