// Product endpoints: GET /products, GET /products/{id} (products:read); POST, PUT/PATCH, DELETE (products:write).
import type { FastifyInstance } from "fastify";
import { requireScope } from "../http/auth.hooks.js";
import { getPrincipal } from "../http/request-context.js";
import { DataEnvelope, MessageEnvelope, ok, okMessage, okPage, PageEnvelope } from "../shared/envelope.js";
import { pageMeta, resolvePage, sortDirection } from "../shared/list-query.js";
import { idParams } from "../shared/list-query.schema.js";
import type { StoreRouteDeps } from "../store-api.deps.js";
import { listProducts } from "./product.repository.js";
import {
  CreateProductBody,
  ListProductsQuery,
  ProductDetailJson,
  ProductJson,
  toProductJson,
  UpdateProductBody,
} from "./product.schema.js";
import { createProduct, deleteProduct, getProductDetail, updateProduct } from "./product.service.js";
import { sweepOrphanImages } from "../images/image.service.js";

const params = idParams("Product not found");
type IdParams = { Params: { id: number } };

export function registerProductRoutes(app: FastifyInstance, deps: StoreRouteDeps): void {
  const db = deps.database.kysely;
  const read = requireScope("products:read");
  const write = requireScope("products:write");
  const cached = deps.readCache.route("catalog");

  app.get<{ Querystring: ListProductsQuery }>(
    "/products",
    {
      onRequest: read,
      ...cached,
      schema: { querystring: ListProductsQuery, response: { 200: PageEnvelope(ProductJson) } },
    },
    async (request) => {
      const { store } = getPrincipal(request);
      const q = request.query;
      const page = resolvePage(q);
      const { rows, total } = await listProducts(db, store.id, {
        categorySlug: q.category,
        categoryId: q.category_id,
        type: q.type,
        isActive: q.is_active,
        search: q.search,
        sort: q.sort ?? "created_at",
        direction: sortDirection(q.order),
        page,
      });
      return okPage(
        rows.map((p) => toProductJson(p, store.currency)),
        pageMeta(page, total),
      );
    },
  );

  app.get<IdParams>(
    "/products/:id",
    { onRequest: read, ...cached, schema: { params, response: { 200: DataEnvelope(ProductDetailJson) } } },
    async (request) => ok(await getProductDetail(db, getPrincipal(request).store, request.params.id)),
  );

  app.post<{ Body: CreateProductBody }>(
    "/products",
    {
      onRequest: write,
      schema: { body: CreateProductBody, response: { 201: DataEnvelope(ProductDetailJson) } },
    },
    async (request, reply) => {
      const product = await createProduct(deps, getPrincipal(request).store, request.body);
      return reply.status(201).send(ok(product, "Product created successfully"));
    },
  );

  for (const method of ["PUT", "PATCH"] as const) {
    app.route<IdParams & { Body: UpdateProductBody }>({
      method,
      url: "/products/:id",
      onRequest: write,
      schema: { params, body: UpdateProductBody, response: { 200: DataEnvelope(ProductDetailJson) } },
      handler: async (request) =>
        ok(
          await updateProduct(deps, getPrincipal(request).store, request.params.id, request.body),
          "Product updated successfully",
        ),
    });
  }

  app.delete<IdParams>(
    "/products/:id",
    { onRequest: write, schema: { params, response: { 200: MessageEnvelope } } },
    async (request) => {
      const { store } = getPrincipal(request);
      await deleteProduct(deps, store, request.params.id);
      if (deps.blobs) await sweepOrphanImages(db, deps.blobs, store.id);
      return okMessage("Product deleted successfully");
    },
  );
}
