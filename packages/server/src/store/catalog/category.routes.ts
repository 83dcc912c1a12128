// Category endpoints: GET /categories[/{id}] (products:read); POST, PUT/PATCH, DELETE (products:write).
import type { FastifyInstance } from "fastify";
import { requireScope } from "../http/auth.hooks.js";
import { getPrincipal } from "../http/request-context.js";
import { DataEnvelope, MessageEnvelope, ok, okMessage, okPage, PageEnvelope } from "../shared/envelope.js";
import { pageMeta, resolvePage, sortDirection } from "../shared/list-query.js";
import { idParams } from "../shared/list-query.schema.js";
import type { StoreRouteDeps } from "../store-api.deps.js";
import { listCategories } from "./category.repository.js";
import {
  CategoryJson,
  CreateCategoryBody,
  ListCategoriesQuery,
  toCategoryJson,
  UpdateCategoryBody,
} from "./category.schema.js";
import { createCategory, deleteCategory, getCategory, updateCategory } from "./category.service.js";
import { sweepOrphanImages } from "../images/image.service.js";

const params = idParams("Category not found");
type IdParams = { Params: { id: number } };

export function registerCategoryRoutes(app: FastifyInstance, deps: StoreRouteDeps): void {
  const db = deps.database.kysely;
  const read = requireScope("products:read");
  const write = requireScope("products:write");
  const cached = deps.readCache.route("catalog");

  app.get<{ Querystring: ListCategoriesQuery }>(
    "/categories",
    {
      onRequest: read,
      ...cached,
      schema: { querystring: ListCategoriesQuery, response: { 200: PageEnvelope(CategoryJson) } },
    },
    async (request) => {
      const { store } = getPrincipal(request);
      const page = resolvePage(request.query);
      const { rows, total } = await listCategories(db, store.id, {
        search: request.query.search,
        sort: request.query.sort ?? "name",
        direction: sortDirection(request.query.order, "asc"),
        page,
      });
      return okPage(rows.map(toCategoryJson), pageMeta(page, total));
    },
  );

  app.get<IdParams>(
    "/categories/:id",
    { onRequest: read, ...cached, schema: { params, response: { 200: DataEnvelope(CategoryJson) } } },
    async (request) =>
      ok(toCategoryJson(await getCategory(db, getPrincipal(request).store.id, request.params.id))),
  );

  app.post<{ Body: CreateCategoryBody }>(
    "/categories",
    { onRequest: write, schema: { body: CreateCategoryBody, response: { 201: DataEnvelope(CategoryJson) } } },
    async (request, reply) => {
      const c = await createCategory(db, getPrincipal(request).store.id, request.body, deps.clock);
      return reply.status(201).send(ok(toCategoryJson(c), "Category created successfully"));
    },
  );

  for (const method of ["PUT", "PATCH"] as const) {
    app.route<IdParams & { Body: UpdateCategoryBody }>({
      method,
      url: "/categories/:id",
      onRequest: write,
      schema: { params, body: UpdateCategoryBody, response: { 200: DataEnvelope(CategoryJson) } },
      handler: async (request) => {
        const store = getPrincipal(request).store;
        const c = await updateCategory(db, store.id, request.params.id, request.body, deps.clock);
        return ok(toCategoryJson(c), "Category updated successfully");
      },
    });
  }

  app.delete<IdParams>(
    "/categories/:id",
    { onRequest: write, schema: { params, response: { 200: MessageEnvelope } } },
    async (request) => {
      const { store } = getPrincipal(request);
      await deleteCategory(db, store.id, request.params.id);
      if (deps.blobs) await sweepOrphanImages(db, deps.blobs, store.id);
      return okMessage("Category deleted successfully");
    },
  );
}
