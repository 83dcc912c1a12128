// GET /baskets/{token}/order: the buyer's order after checkout, with each item's delivery progress.
import type { FastifyInstance, FastifyRequest } from "fastify";
import { AppError } from "../../core/errors/index.js";
import { OrderDetailJson } from "../orders/order.schema.js";
import { getOrderJson } from "../orders/order.service.js";
import { DataEnvelope, ok } from "../shared/envelope.js";
import type { Store } from "../stores/store.repository.js";
import type { StoreRouteDeps } from "../store-api.deps.js";
import { BasketParams } from "./basket.schema.js";
import { getBasketJson } from "./basket.service.js";

/**
 * The basket token is the buyer's key to their order (the confirmation page polls this while the
 * payment settles and the deliveries run). 404 until the basket has been checked out.
 */
export function registerBasketOrderRoute(
  app: FastifyInstance,
  deps: StoreRouteDeps,
  storeOf: (r: FastifyRequest) => Promise<Store>,
): void {
  const db = deps.database.kysely;
  app.get<{ Params: { token: string } }>(
    "/baskets/:token/order",
    { schema: { params: BasketParams, response: { 200: DataEnvelope(OrderDetailJson) } } },
    async (request) => {
      const store = await storeOf(request);
      const basket = await getBasketJson(db, store, request.params.token, deps.clock.now());
      if (basket.order_id === null) throw new AppError("not_found", "This basket has not been checked out.");
      return ok(await getOrderJson(db, store.id, basket.order_id));
    },
  );
}
