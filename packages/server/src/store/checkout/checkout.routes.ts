// The public checkout API (no token): catalogue, baskets, checkout. Stores are named by path
// (`/api/checkout/v1/stores/{subdomain}/…`) or by Host (`{subdomain}.<storeDomain>/api/checkout/v1/…`).
import type { FastifyInstance, FastifyRequest } from "fastify";
import { Type } from "@sinclair/typebox";
import { AppError } from "../../core/errors/index.js";
import { findStoreBySubdomain, type Store } from "../stores/store.repository.js";
import type { StoreRouteDeps } from "../store-api.deps.js";
import { DataEnvelope, ok, okPage, PageEnvelope } from "../shared/envelope.js";
import { pageMeta, resolvePage } from "../shared/list-query.js";
import { listQuery, PageQuery } from "../shared/list-query.schema.js";
import { idParams } from "../shared/list-query.schema.js";
import { subdomainFromHost } from "../http/store-host.js";
import { listProducts } from "../catalog/product.repository.js";
import { ProductJson, toProductJson } from "../catalog/product.schema.js";
import { getProduct } from "../catalog/product.service.js";
import { listCategories } from "../catalog/category.repository.js";
import { CategoryJson, toCategoryJson } from "../catalog/category.schema.js";
import {
  AddItemBody,
  BasketIdentityBody,
  BasketJson,
  BasketParams,
  CheckoutJson,
  CodeBody,
  SetQuantityBody,
} from "./basket.schema.js";
import {
  addBasketGiftCard,
  addBasketItem,
  applyBasketCoupon,
  createBasket,
  getBasketJson,
  removeBasketCoupon,
  removeBasketGiftCard,
  setBasketItemQuantity,
  updateBasketIdentity,
} from "./basket.service.js";
import { checkoutBasket } from "./checkout.service.js";
import type { CheckoutRateLimitHook } from "./checkout-rate-limit.js";
import { registerBasketOrderRoute } from "./basket-order.routes.js";

const CatalogQuery = listQuery({ ...PageQuery, category: Type.Optional(Type.String({ maxLength: 100 })) });
type CatalogQuery = { page?: number; per_page?: number; category?: string };
const ItemParams = Type.Composite([
  BasketParams,
  Type.Object({ productId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) }),
]);
const GiftCardParams = Type.Composite([BasketParams, Type.Object({ code: Type.String({ maxLength: 64 }) })]);
type TokenParams = { Params: { token: string } };

/** The store-scoped routes; `storeOf` names the store from the path or the Host. */
function storeRoutes(
  app: FastifyInstance,
  deps: StoreRouteDeps,
  storeOf: (r: FastifyRequest) => Promise<Store>,
) {
  const db = deps.database.kysely;
  const now = () => deps.clock.now();

  app.get<{ Querystring: CatalogQuery }>(
    "/products",
    { schema: { querystring: CatalogQuery, response: { 200: PageEnvelope(ProductJson) } } },
    async (request) => {
      const store = await storeOf(request);
      const page = resolvePage(request.query);
      const { rows, total } = await listProducts(db, store.id, {
        categorySlug: request.query.category,
        isActive: true,
        sort: "name",
        direction: "asc",
        page,
      });
      return okPage(
        rows.map((p) => toProductJson(p, store.currency)),
        pageMeta(page, total),
      );
    },
  );
  app.get<{ Params: { id: number } }>(
    "/products/:id",
    { schema: { params: idParams("Product not found"), response: { 200: DataEnvelope(ProductJson) } } },
    async (request) => {
      const store = await storeOf(request);
      const p = await getProduct(db, store.id, request.params.id);
      if (p.is_active !== 1) throw new AppError("not_found", "Product not found");
      return ok(toProductJson(p, store.currency));
    },
  );
  app.get<{ Querystring: CatalogQuery }>(
    "/categories",
    { schema: { querystring: CatalogQuery, response: { 200: PageEnvelope(CategoryJson) } } },
    async (request) => {
      const store = await storeOf(request);
      const page = resolvePage(request.query);
      const { rows, total } = await listCategories(db, store.id, { sort: "name", direction: "asc", page });
      return okPage(rows.map(toCategoryJson), pageMeta(page, total));
    },
  );

  const basket = { 200: DataEnvelope(BasketJson) };
  app.post<{ Body: BasketIdentityBody | undefined }>(
    "/baskets",
    { schema: { body: Type.Optional(BasketIdentityBody), response: { 201: DataEnvelope(BasketJson) } } },
    async (request, reply) => {
      const store = await storeOf(request);
      return reply.status(201).send(ok(await createBasket(deps, store, request.body ?? {})));
    },
  );
  app.get<TokenParams>(
    "/baskets/:token",
    { schema: { params: BasketParams, response: basket } },
    async (request) => ok(await getBasketJson(db, await storeOf(request), request.params.token, now())),
  );
  app.patch<TokenParams & { Body: BasketIdentityBody }>(
    "/baskets/:token",
    { schema: { params: BasketParams, body: BasketIdentityBody, response: basket } },
    async (request) =>
      ok(await updateBasketIdentity(deps, await storeOf(request), request.params.token, request.body)),
  );
  app.post<TokenParams & { Body: AddItemBody }>(
    "/baskets/:token/items",
    { schema: { params: BasketParams, body: AddItemBody, response: basket } },
    async (request) =>
      ok(await addBasketItem(deps, await storeOf(request), request.params.token, request.body)),
  );
  app.put<{ Params: { token: string; productId: number }; Body: SetQuantityBody }>(
    "/baskets/:token/items/:productId",
    { schema: { params: ItemParams, body: SetQuantityBody, response: basket } },
    async (request) =>
      ok(
        await setBasketItemQuantity(
          deps,
          await storeOf(request),
          request.params.token,
          request.params.productId,
          request.body.quantity,
        ),
      ),
  );
  app.delete<{ Params: { token: string; productId: number } }>(
    "/baskets/:token/items/:productId",
    { schema: { params: ItemParams, response: basket } },
    async (request) =>
      ok(
        await setBasketItemQuantity(
          deps,
          await storeOf(request),
          request.params.token,
          request.params.productId,
          0,
        ),
      ),
  );
  app.post<TokenParams & { Body: { code: string } }>(
    "/baskets/:token/coupon",
    { schema: { params: BasketParams, body: CodeBody, response: basket } },
    async (request) =>
      ok(await applyBasketCoupon(deps, await storeOf(request), request.params.token, request.body.code)),
  );
  app.delete<TokenParams>(
    "/baskets/:token/coupon",
    { schema: { params: BasketParams, response: basket } },
    async (request) => ok(await removeBasketCoupon(deps, await storeOf(request), request.params.token)),
  );
  app.post<TokenParams & { Body: { code: string } }>(
    "/baskets/:token/gift-cards",
    { schema: { params: BasketParams, body: CodeBody, response: basket } },
    async (request) =>
      ok(await addBasketGiftCard(deps, await storeOf(request), request.params.token, request.body.code)),
  );
  app.delete<{ Params: { token: string; code: string } }>(
    "/baskets/:token/gift-cards/:code",
    { schema: { params: GiftCardParams, response: basket } },
    async (request) =>
      ok(await removeBasketGiftCard(deps, await storeOf(request), request.params.token, request.params.code)),
  );
  registerBasketOrderRoute(app, deps, storeOf);
  app.post<TokenParams>(
    "/baskets/:token/checkout",
    { schema: { params: BasketParams, response: { 201: DataEnvelope(CheckoutJson) } } },
    async (request, reply) =>
      reply.status(201).send(ok(await checkoutBasket(deps, await storeOf(request), request.params.token))),
  );
}

const StoreParams = Type.Object(
  { store: Type.String({ pattern: "^[a-z0-9-]{1,63}$" }) },
  { "x-not-found": "Store not found" },
);

/** Registers the checkout routes twice: under `/stores/:store` and Host-named, each request counted by `limit`. */
export function registerCheckoutRoutes(
  app: FastifyInstance,
  deps: StoreRouteDeps,
  storeDomain: string,
  limit: CheckoutRateLimitHook,
): void {
  const db = deps.database.kysely;
  const bySubdomain = async (subdomain: string | undefined) => {
    const store = subdomain === undefined ? undefined : await findStoreBySubdomain(db, subdomain);
    if (!store) throw new AppError("not_found", "Store not found");
    return store;
  };
  void app.register(
    (scoped, _opts, done) => {
      scoped.addHook("onRequest", limit);
      scoped.addHook("onRequest", (request, _reply, next) => {
        const store = (request.params as { store?: string }).store ?? "";
        // Checked here (before body parsing) so any malformed store name is a plain 404.
        next(
          new RegExp(StoreParams.properties.store.pattern ?? "").test(store)
            ? undefined
            : new AppError("not_found", "Store not found"),
        );
      });
      storeRoutes(scoped, deps, (r) => bySubdomain((r.params as { store: string }).store));
      done();
    },
    { prefix: "/stores/:store" },
  );
  void app.register((hosted, _opts, done) => {
    hosted.addHook("onRequest", limit);
    storeRoutes(hosted, deps, (r) => bySubdomain(subdomainFromHost(r.headers.host, storeDomain)));
    done();
  });
}
