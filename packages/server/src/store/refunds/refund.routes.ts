// Refund endpoint: POST /orders/{id}/refund (orders:write).
import type { FastifyInstance } from "fastify";
import { requireScope } from "../http/auth.hooks.js";
import { getPrincipal } from "../http/request-context.js";
import { OrderDetailJson } from "../orders/order.schema.js";
import { DataEnvelope, ok } from "../shared/envelope.js";
import { idParams } from "../shared/list-query.schema.js";
import type { StoreRouteDeps } from "../store-api.deps.js";
import { RefundOrderBody } from "./refund.schema.js";
import { refundOrder } from "./refund.service.js";

export function registerRefundRoutes(app: FastifyInstance, deps: StoreRouteDeps): void {
  app.post<{ Params: { id: number }; Body: RefundOrderBody }>(
    "/orders/:id/refund",
    {
      onRequest: requireScope("orders:write"),
      schema: {
        params: idParams("Order not found"),
        body: RefundOrderBody,
        response: { 200: DataEnvelope(OrderDetailJson) },
      },
    },
    async (request) => {
      const order = await refundOrder(deps, getPrincipal(request).store, request.params.id, request.body);
      const message =
        order.payment_status === "refunded" ? "Order refunded successfully" : "Order partially refunded";
      return ok(order, message);
    },
  );
}
