// Coupon endpoints: GET /coupons[/{id}] (products:read); POST, PUT/PATCH, DELETE (products:write).
import type { FastifyInstance } from "fastify";
import { requireScope } from "../http/auth.hooks.js";
import { getPrincipal } from "../http/request-context.js";
import { DataEnvelope, MessageEnvelope, ok, okMessage, okPage, PageEnvelope } from "../shared/envelope.js";
import { pageMeta, resolvePage, sortDirection } from "../shared/list-query.js";
import { idParams } from "../shared/list-query.schema.js";
import type { StoreRouteDeps } from "../store-api.deps.js";
import { listCoupons } from "./coupon.repository.js";
import {
  CouponDetailJson,
  CouponJson,
  CreateCouponBody,
  ListCouponsQuery,
  toCouponJson,
  UpdateCouponBody,
} from "./coupon.schema.js";
import { createCoupon, deleteCoupon, getCouponDetail, updateCoupon } from "./coupon.service.js";

const params = idParams("Coupon not found");
type IdParams = { Params: { id: number } };

/** Coupons are part of pricing, so they share the products scopes (the docs define no coupon scope). */
export function registerCouponRoutes(app: FastifyInstance, deps: StoreRouteDeps): void {
  const db = deps.database.kysely;
  const read = requireScope("products:read");
  const write = requireScope("products:write");

  app.get<{ Querystring: ListCouponsQuery }>(
    "/coupons",
    {
      onRequest: read,
      schema: { querystring: ListCouponsQuery, response: { 200: PageEnvelope(CouponJson) } },
    },
    async (request) => {
      const { store } = getPrincipal(request);
      const q = request.query;
      const page = resolvePage(q);
      const now = deps.clock.now();
      const { rows, total } = await listCoupons(db, store.id, {
        status: q.status,
        type: q.type,
        search: q.search,
        sort: q.sort ?? "created_at",
        direction: sortDirection(q.order),
        page,
        now,
      });
      return okPage(
        rows.map((c) => toCouponJson(c, now)),
        pageMeta(page, total),
      );
    },
  );

  app.get<IdParams>(
    "/coupons/:id",
    { onRequest: read, schema: { params, response: { 200: DataEnvelope(CouponDetailJson) } } },
    async (request) =>
      ok(await getCouponDetail(db, getPrincipal(request).store, request.params.id, deps.clock.now())),
  );

  app.post<{ Body: CreateCouponBody }>(
    "/coupons",
    {
      onRequest: write,
      schema: { body: CreateCouponBody, response: { 201: DataEnvelope(CouponDetailJson) } },
    },
    async (request, reply) => {
      const coupon = await createCoupon(deps, getPrincipal(request).store, request.body);
      return reply.status(201).send(ok(coupon, "Coupon created successfully"));
    },
  );

  for (const method of ["PUT", "PATCH"] as const) {
    app.route<IdParams & { Body: UpdateCouponBody }>({
      method,
      url: "/coupons/:id",
      onRequest: write,
      schema: { params, body: UpdateCouponBody, response: { 200: DataEnvelope(CouponDetailJson) } },
      handler: async (request) =>
        ok(
          await updateCoupon(deps, getPrincipal(request).store, request.params.id, request.body),
          "Coupon updated successfully",
        ),
    });
  }

  app.delete<IdParams>(
    "/coupons/:id",
    { onRequest: write, schema: { params, response: { 200: MessageEnvelope } } },
    async (request) => {
      await deleteCoupon(deps, getPrincipal(request).store, request.params.id);
      return okMessage("Coupon deleted successfully");
    },
  );
}
