// The Store API's webhooks: CRUD (secret shown once), test delivery, secret rotation, delivery log, redelivery.
import { Type, type Static } from "@sinclair/typebox";
import { formatCursor, parseCursor } from "../../webhooks/listener.js";
import { formatTimestamp } from "../shared/timestamps.js";
import type { FastifyInstance } from "fastify";
import { AppError } from "../../core/errors/index.js";
import type { WebhookEngine } from "../../webhooks/webhook-engine.js";
import { requireScope } from "../http/auth.hooks.js";
import { getPrincipal } from "../http/request-context.js";
import { DataEnvelope, MessageEnvelope, PageEnvelope, ok, okMessage, okPage } from "../shared/envelope.js";
import { PageQuery, idParams, listQuery } from "../shared/list-query.schema.js";
import { pageMeta, resolvePage } from "../shared/list-query.js";
import {
  CreateWebhookBody,
  CreatedWebhookJson,
  DeliveryDetailJson,
  DeliveryJson,
  RotateSecretBody,
  UpdateWebhookBody,
  WebhookJson,
  toAttemptJson,
  toDeliveryJson,
  toWebhookJson,
} from "./webhook.schema.js";

const DeliveryIdText = Type.String({ pattern: "^wh_del_[A-Za-z0-9_-]{1,40}$" });

const CreateListenerBody = Type.Object({
  events: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { minItems: 1, maxItems: 50 })),
});
type CreateListenerBody = Static<typeof CreateListenerBody>;

const ListenQuery = Type.Object({
  after: Type.Optional(Type.String({ maxLength: 80, description: "the cursor of the previous pull" })),
  wait: Type.Optional(
    Type.Integer({ minimum: 0, maximum: 30, description: "seconds to wait for a delivery" }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
});
type ListenQuery = Static<typeof ListenQuery>;

const ListenEnvelope = Type.Object({
  success: Type.Literal(true),
  data: Type.Array(
    Type.Object({
      id: Type.String(),
      event_type: Type.String(),
      created_at: Type.String(),
      /** The exact body a webhook would have been sent. */
      body: Type.String(),
    }),
  ),
  meta: Type.Object({ cursor: Type.Union([Type.String(), Type.Null()]) }),
});

const AckBody = Type.Object({
  deliveries: Type.Array(
    Type.Object({ id: DeliveryIdText, status: Type.Optional(Type.Union([Type.Integer(), Type.Null()])) }),
    { minItems: 1, maxItems: 500 },
  ),
});
type AckBody = Static<typeof AckBody>;
const AckJson = Type.Object({ acknowledged: Type.Integer() });

const owner = (storeId: number) => ({ kind: "store" as const, id: storeId });

const DeliveryParams = Type.Object(
  {
    id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    deliveryId: Type.String({ pattern: "^wh_del_[A-Za-z0-9_-]{1,40}$" }),
  },
  { "x-not-found": "Delivery not found" },
);

const DeliveriesQuery = listQuery({
  ...PageQuery,
  status: Type.Optional(
    Type.Union([
      Type.Literal("pending"),
      Type.Literal("delivered"),
      Type.Literal("failed"),
      Type.Literal("cancelled"),
    ]),
  ),
});

export function registerWebhookRoutes(app: FastifyInstance, webhooks: WebhookEngine): void {
  app.get(
    "/webhooks",
    {
      onRequest: requireScope("webhooks:read"),
      schema: { response: { 200: DataEnvelope(Type.Array(WebhookJson)) } },
    },
    async (request) =>
      ok((await webhooks.listEndpoints(owner(getPrincipal(request).store.id))).map(toWebhookJson)),
  );

  app.post<{ Body: CreateWebhookBody }>(
    "/webhooks",
    {
      onRequest: requireScope("webhooks:write"),
      schema: { body: CreateWebhookBody, response: { 201: DataEnvelope(CreatedWebhookJson) } },
    },
    async (request, reply) => {
      const o = owner(getPrincipal(request).store.id);
      const b = request.body;
      const { endpoint, secret } = await webhooks.createEndpoint(o, {
        url: b.url,
        events: b.events,
        ...(b.retry_schedule === undefined ? {} : { schedule: b.retry_schedule }),
        ...(b.standard_webhooks === undefined ? {} : { standardHeaders: b.standard_webhooks }),
        ...(b.max_concurrency === undefined ? {} : { maxConcurrency: b.max_concurrency }),
      });
      const created =
        b.is_active === false ? await webhooks.updateEndpoint(o, endpoint.id, { isActive: false }) : endpoint;
      return reply
        .status(201)
        .send(ok({ ...toWebhookJson(created), secret }, "Webhook created successfully"));
    },
  );

  app.post<{ Body: CreateListenerBody }>(
    "/webhooks/listeners",
    {
      onRequest: requireScope("webhooks:write"),
      schema: { body: CreateListenerBody, response: { 201: DataEnvelope(WebhookJson) } },
    },
    async (request, reply) => {
      const { endpoint } = await webhooks.createListener(
        owner(getPrincipal(request).store.id),
        request.body.events ?? ["*"],
      );
      return reply.status(201).send(ok(toWebhookJson(endpoint), "Listener created"));
    },
  );

  app.get<{ Params: { id: number }; Querystring: ListenQuery }>(
    "/webhooks/:id/listen",
    {
      onRequest: requireScope("webhooks:read"),
      schema: {
        params: idParams("Listener not found"),
        querystring: ListenQuery,
        response: { 200: ListenEnvelope },
      },
    },
    async (request) => {
      const q = request.query;
      const controller = new AbortController();
      request.raw.on("close", () => controller.abort());
      const after = parseCursor(q.after);
      const rows = await webhooks.pull(owner(getPrincipal(request).store.id), request.params.id, {
        ...(after === undefined ? {} : { after }),
        limit: q.limit ?? 100,
        waitMs: (q.wait ?? 0) * 1000,
        signal: controller.signal,
      });
      const last = rows.at(-1);
      return {
        success: true as const,
        data: rows.map((d) => ({
          id: d.id,
          event_type: d.event_type,
          created_at: formatTimestamp(d.created_at),
          body: d.body,
        })),
        meta: {
          cursor: last ? formatCursor({ createdAt: last.created_at, id: last.id }) : (q.after ?? null),
        },
      };
    },
  );

  app.post<{ Params: { id: number }; Body: AckBody }>(
    "/webhooks/:id/listen/ack",
    {
      onRequest: requireScope("webhooks:write"),
      schema: {
        params: idParams("Listener not found"),
        body: AckBody,
        response: { 200: DataEnvelope(AckJson) },
      },
    },
    async (request) => {
      const acked = await webhooks.ack(
        owner(getPrincipal(request).store.id),
        request.params.id,
        request.body.deliveries.map((d) => ({ id: d.id, status: d.status ?? null })),
      );
      return ok({ acknowledged: acked });
    },
  );

  app.get<{ Params: { id: number } }>(
    "/webhooks/:id",
    {
      onRequest: requireScope("webhooks:read"),
      schema: { params: idParams("Webhook not found"), response: { 200: DataEnvelope(WebhookJson) } },
    },
    async (request) =>
      ok(toWebhookJson(await webhooks.getEndpoint(owner(getPrincipal(request).store.id), request.params.id))),
  );

  app.put<{ Params: { id: number }; Body: UpdateWebhookBody }>(
    "/webhooks/:id",
    {
      onRequest: requireScope("webhooks:write"),
      schema: {
        params: idParams("Webhook not found"),
        body: UpdateWebhookBody,
        response: { 200: DataEnvelope(WebhookJson) },
      },
    },
    async (request) => {
      const b = request.body;
      const updated = await webhooks.updateEndpoint(
        owner(getPrincipal(request).store.id),
        request.params.id,
        {
          ...(b.url === undefined ? {} : { url: b.url }),
          ...(b.events === undefined ? {} : { events: b.events }),
          ...(b.is_active === undefined ? {} : { isActive: b.is_active }),
          ...(b.retry_schedule === undefined ? {} : { schedule: b.retry_schedule }),
          ...(b.standard_webhooks === undefined ? {} : { standardHeaders: b.standard_webhooks }),
          ...(b.max_concurrency === undefined ? {} : { maxConcurrency: b.max_concurrency }),
        },
      );
      return ok(toWebhookJson(updated), "Webhook updated successfully");
    },
  );

  app.delete<{ Params: { id: number } }>(
    "/webhooks/:id",
    {
      onRequest: requireScope("webhooks:write"),
      schema: { params: idParams("Webhook not found"), response: { 200: MessageEnvelope } },
    },
    async (request) => {
      await webhooks.deleteEndpoint(owner(getPrincipal(request).store.id), request.params.id);
      return okMessage("Webhook deleted successfully");
    },
  );

  app.post<{ Params: { id: number } }>(
    "/webhooks/:id/test",
    {
      onRequest: requireScope("webhooks:write"),
      schema: { params: idParams("Webhook not found"), response: { 200: DataEnvelope(DeliveryDetailJson) } },
    },
    async (request) => {
      const { delivery, attempts } = await webhooks.sendTest(
        owner(getPrincipal(request).store.id),
        request.params.id,
      );
      const message = delivery.status === "delivered" ? "Test webhook delivered" : "Test webhook failed";
      return ok(
        {
          ...toDeliveryJson(delivery),
          request_body: delivery.body,
          attempt_log: attempts.map(toAttemptJson),
        },
        message,
      );
    },
  );

  app.post<{ Params: { id: number }; Body: RotateSecretBody }>(
    "/webhooks/:id/rotate-secret",
    {
      onRequest: requireScope("webhooks:write"),
      schema: {
        params: idParams("Webhook not found"),
        body: RotateSecretBody,
        response: { 200: DataEnvelope(CreatedWebhookJson) },
      },
    },
    async (request) => {
      const hours = request.body.overlap_hours ?? 24;
      const { endpoint, secret } = await webhooks.rotateSecret(
        owner(getPrincipal(request).store.id),
        request.params.id,
        hours * 3_600_000,
      );
      return ok(
        { ...toWebhookJson(endpoint), secret },
        "Webhook secret rotated; the previous secret also signs until the overlap ends",
      );
    },
  );

  app.get<{
    Params: { id: number };
    Querystring: {
      page?: number;
      per_page?: number;
      status?: "pending" | "delivered" | "failed" | "cancelled";
    };
  }>(
    "/webhooks/:id/deliveries",
    {
      onRequest: requireScope("webhooks:read"),
      schema: {
        params: idParams("Webhook not found"),
        querystring: DeliveriesQuery,
        response: { 200: PageEnvelope(DeliveryJson) },
      },
    },
    async (request) => {
      const o = owner(getPrincipal(request).store.id);
      const endpoint = await webhooks.getEndpoint(o, request.params.id);
      const page = resolvePage(request.query);
      const filter = {
        endpointId: endpoint.id,
        ...(request.query.status === undefined ? {} : { status: request.query.status }),
      };
      const [rows, total] = await Promise.all([
        webhooks.listDeliveries(o, { ...filter, limit: page.perPage, offset: page.offset }),
        webhooks.countDeliveries(o, filter),
      ]);
      return okPage(rows.map(toDeliveryJson), pageMeta(page, total));
    },
  );

  app.get<{ Params: { id: number; deliveryId: string } }>(
    "/webhooks/:id/deliveries/:deliveryId",
    {
      onRequest: requireScope("webhooks:read"),
      schema: { params: DeliveryParams, response: { 200: DataEnvelope(DeliveryDetailJson) } },
    },
    async (request) => {
      const o = owner(getPrincipal(request).store.id);
      const { delivery, attempts } = await webhooks.getDelivery(o, request.params.deliveryId);
      if (delivery.endpoint_id !== request.params.id) throw new AppError("not_found", "Delivery not found");
      return ok({
        ...toDeliveryJson(delivery),
        request_body: delivery.body,
        attempt_log: attempts.map(toAttemptJson),
      });
    },
  );

  app.post<{ Params: { id: number; deliveryId: string } }>(
    "/webhooks/:id/deliveries/:deliveryId/redeliver",
    {
      onRequest: requireScope("webhooks:write"),
      schema: { params: DeliveryParams, response: { 200: DataEnvelope(DeliveryJson) } },
    },
    async (request) => {
      const o = owner(getPrincipal(request).store.id);
      const { delivery: found } = await webhooks.getDelivery(o, request.params.deliveryId);
      if (found.endpoint_id !== request.params.id) throw new AppError("not_found", "Delivery not found");
      const delivery = await webhooks.redeliver(o, request.params.deliveryId);
      return ok(toDeliveryJson(delivery), "Redelivery scheduled");
    },
  );
}
