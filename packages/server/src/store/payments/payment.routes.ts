// Store API payment routes (token): mark an order paid by hand, capture an authorised payment, cancel an
// unpaid order; checkout settings (tax).
import type { FastifyInstance } from "fastify";
import { requireScope } from "../http/auth.hooks.js";
import { getPrincipal } from "../http/request-context.js";
import { DataEnvelope, ok } from "../shared/envelope.js";
import { idParams } from "../shared/list-query.schema.js";
import type { StoreRouteDeps } from "../store-api.deps.js";
import { OrderDetailJson } from "../orders/order.schema.js";
import {
  CheckoutSettingsJson,
  UpdateCheckoutSettingsBody,
  type UpdateCheckoutSettingsBody as SettingsBody,
} from "../checkout/basket.schema.js";
import {
  cancelOrder,
  captureOrderPayment,
  getCheckoutSettings,
  markOrderPaidByHand,
  updateCheckoutSettings,
} from "./payment.service.js";

const params = idParams("Order not found");
type IdParams = { Params: { id: number } };

export function registerPaymentRoutes(app: FastifyInstance, deps: StoreRouteDeps): void {
  const write = requireScope("orders:write");
  const response = { 200: DataEnvelope(OrderDetailJson) };
  app.post<IdParams>(
    "/orders/:id/mark-paid",
    { onRequest: write, schema: { params, response } },
    async (request) =>
      ok(
        await markOrderPaidByHand(deps, getPrincipal(request).store, request.params.id),
        "Order marked as paid",
      ),
  );
  app.post<IdParams>(
    "/orders/:id/capture",
    { onRequest: write, schema: { params, response } },
    async (request) =>
      ok(await captureOrderPayment(deps, getPrincipal(request).store, request.params.id), "Payment captured"),
  );
  app.post<IdParams>(
    "/orders/:id/cancel",
    { onRequest: write, schema: { params, response } },
    async (request) =>
      ok(await cancelOrder(deps, getPrincipal(request).store, request.params.id), "Order cancelled"),
  );
  app.get(
    "/settings/checkout",
    {
      onRequest: requireScope("settings:read"),
      schema: { response: { 200: DataEnvelope(CheckoutSettingsJson) } },
    },
    async (request) => ok(await getCheckoutSettings(deps.database.kysely, getPrincipal(request).store.id)),
  );
  app.put<{ Body: SettingsBody }>(
    "/settings/checkout",
    {
      onRequest: requireScope("settings:write"),
      schema: { body: UpdateCheckoutSettingsBody, response: { 200: DataEnvelope(CheckoutSettingsJson) } },
    },
    async (request) => ok(await updateCheckoutSettings(deps, getPrincipal(request).store.id, request.body)),
  );
}
