// Store API delivery endpoints: servers and secrets, product commands and Discord roles, the delivery log, resend.
import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { AppError } from "../../core/errors/index.js";
import { requireScope } from "../http/auth.hooks.js";
import { getPrincipal } from "../http/request-context.js";
import { DataEnvelope, ok, okMessage, okPage, PageEnvelope } from "../shared/envelope.js";
import { pageMeta, resolvePage } from "../shared/list-query.js";
import { idParams } from "../shared/list-query.schema.js";
import { formatTimestamp } from "../shared/timestamps.js";
import type { StoreRouteDeps } from "../store-api.deps.js";
import { findStoreCommand, insertCommands, insertLog } from "./command-queue.repository.js";
import { batchDeliveryJson } from "./delivery-events.js";
import {
  CreateDiscordRoleBody,
  CreateProductCommandBody,
  CreateServerBody,
  DeliveryJson,
  DeliveryServerJson,
  DeliveryServerWithSecretJson,
  ListDeliveriesQuery,
  ProductCommandJson,
  ServerCommandJson,
  StoreSecretJson,
  UpdateProductCommandBody,
  UpdateServerBody,
} from "./delivery.schema.js";
import {
  createServer,
  deleteServer,
  getServer,
  listServers,
  rotateServerSecret,
  rotateStoreSecret,
  toServerJson,
  updateServer,
} from "./delivery-server.service.js";
import {
  createDiscordRole,
  createProductCommand,
  deleteDiscordRole,
  deleteProductCommand,
  listDiscordRoles,
  listProductCommands,
  listServerCommands,
  updateProductCommand,
} from "./product-command.service.js";
import { refreshOrderDelivery } from "./order-progress.js";

const serverParams = idParams("Delivery server not found");
const productParams = idParams("Product not found");
const deliveryParams = idParams("Delivery not found");
const childParams = (notFound: string) =>
  Type.Object(
    {
      id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
      childId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    },
    { "x-not-found": notFound },
  );
type Id = { Params: { id: number } };
type Child = { Params: { id: number; childId: number } };

export function registerDeliveryRoutes(app: FastifyInstance, deps: StoreRouteDeps): void {
  const db = deps.database.kysely;
  const read = requireScope("products:read");
  const write = requireScope("products:write");
  const settings = requireScope("settings:write");
  const ordersRead = requireScope("orders:read");
  const ordersWrite = requireScope("orders:write");
  const storeOf = (r: Parameters<typeof getPrincipal>[0]) => getPrincipal(r).store.id;

  app.get(
    "/delivery-servers",
    { onRequest: read, schema: { response: { 200: DataEnvelope(Type.Array(DeliveryServerJson)) } } },
    async (request) => ok((await listServers(db, storeOf(request))).map(toServerJson)),
  );
  app.post<{ Body: CreateServerBody }>(
    "/delivery-servers",
    {
      onRequest: write,
      schema: { body: CreateServerBody, response: { 201: DataEnvelope(DeliveryServerWithSecretJson) } },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          ok(await createServer(db, storeOf(request), request.body, deps.clock), "Delivery server created"),
        ),
  );
  app.get<Id>(
    "/delivery-servers/:id",
    {
      onRequest: read,
      schema: { params: serverParams, response: { 200: DataEnvelope(DeliveryServerJson) } },
    },
    async (request) => ok(toServerJson(await getServer(db, storeOf(request), request.params.id))),
  );
  app.put<Id & { Body: UpdateServerBody }>(
    "/delivery-servers/:id",
    { onRequest: write, schema: { params: serverParams, body: UpdateServerBody } },
    async (request) =>
      ok(await updateServer(db, storeOf(request), request.params.id, request.body, deps.clock)),
  );
  app.delete<Id>(
    "/delivery-servers/:id",
    { onRequest: write, schema: { params: serverParams } },
    async (request) => {
      await deleteServer(db, storeOf(request), request.params.id);
      return okMessage("Delivery server deleted successfully");
    },
  );
  app.post<Id>(
    "/delivery-servers/:id/secret",
    {
      onRequest: write,
      schema: { params: serverParams, response: { 200: DataEnvelope(DeliveryServerWithSecretJson) } },
    },
    async (request) =>
      ok(
        await rotateServerSecret(db, storeOf(request), request.params.id, deps.clock),
        "Server secret rotated",
      ),
  );
  app.post(
    "/agent-secret",
    { onRequest: settings, schema: { response: { 200: DataEnvelope(StoreSecretJson) } } },
    async (request) => {
      const { secret, createdAt } = await rotateStoreSecret(db, storeOf(request), deps.clock);
      return ok({ store_secret: secret, created_at: formatTimestamp(createdAt) }, "Store secret rotated");
    },
  );

  app.get<Id>(
    "/delivery-servers/:id/commands",
    {
      onRequest: read,
      schema: { params: serverParams, response: { 200: DataEnvelope(Type.Array(ServerCommandJson)) } },
    },
    async (request) => {
      const storeId = storeOf(request);
      await getServer(db, storeId, request.params.id);
      return ok(await listServerCommands(db, storeId, request.params.id));
    },
  );
  app.get<Id>(
    "/products/:id/commands",
    {
      onRequest: read,
      schema: { params: productParams, response: { 200: DataEnvelope(Type.Array(ProductCommandJson)) } },
    },
    async (request) => ok(await listProductCommands(db, storeOf(request), request.params.id)),
  );
  app.post<Id & { Body: CreateProductCommandBody }>(
    "/products/:id/commands",
    { onRequest: write, schema: { params: productParams, body: CreateProductCommandBody } },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          ok(
            await createProductCommand(db, storeOf(request), request.params.id, request.body, deps.clock),
            "Command created",
          ),
        ),
  );
  app.put<Child & { Body: UpdateProductCommandBody }>(
    "/products/:id/commands/:childId",
    {
      onRequest: write,
      schema: { params: childParams("Command not found"), body: UpdateProductCommandBody },
    },
    async (request) =>
      ok(
        await updateProductCommand(
          db,
          storeOf(request),
          request.params.id,
          request.params.childId,
          request.body,
          deps.clock,
        ),
      ),
  );
  app.delete<Child>(
    "/products/:id/commands/:childId",
    { onRequest: write, schema: { params: childParams("Command not found") } },
    async (request) => {
      await deleteProductCommand(db, storeOf(request), request.params.id, request.params.childId);
      return okMessage("Command deleted successfully");
    },
  );
  app.get<Id>(
    "/products/:id/discord-roles",
    { onRequest: read, schema: { params: productParams } },
    async (request) => ok(await listDiscordRoles(db, storeOf(request), request.params.id)),
  );
  app.post<Id & { Body: CreateDiscordRoleBody }>(
    "/products/:id/discord-roles",
    { onRequest: write, schema: { params: productParams, body: CreateDiscordRoleBody } },
    async (request, reply) =>
      reply
        .status(201)
        .send(ok(await createDiscordRole(db, storeOf(request), request.params.id, request.body, deps.clock))),
  );
  app.delete<Child>(
    "/products/:id/discord-roles/:childId",
    { onRequest: write, schema: { params: childParams("Role not found") } },
    async (request) => {
      await deleteDiscordRole(db, storeOf(request), request.params.id, request.params.childId);
      return okMessage("Role deleted successfully");
    },
  );

  app.get<{ Querystring: ListDeliveriesQuery }>(
    "/deliveries",
    {
      onRequest: ordersRead,
      // Cached under the orders domain: queued commands, their servers' names and the orders' numbers
      // all move its version, so a live log polling this page gets 304s while nothing happened.
      ...deps.readCache.route("orders"),
      schema: { querystring: ListDeliveriesQuery, response: { 200: PageEnvelope(DeliveryJson) } },
    },
    async (request) => {
      const q = request.query;
      const page = resolvePage(q);
      let base = db.selectFrom("store_delivery_commands").where("store_id", "=", storeOf(request));
      if (q.status !== undefined) base = base.where("status", "=", q.status);
      if (q.kind !== undefined) base = base.where("kind", "=", q.kind);
      if (q.server_id !== undefined) base = base.where("server_id", "=", q.server_id);
      if (q.order_id !== undefined) base = base.where("order_id", "=", q.order_id);
      const { total } = await base
        .select((eb) => eb.fn.countAll<number>().as("total"))
        .executeTakeFirstOrThrow();
      const rows = await base
        .selectAll()
        .orderBy("id", "desc")
        .limit(page.perPage)
        .offset(page.offset)
        .execute();
      return okPage(await batchDeliveryJson(db, rows), pageMeta(page, total));
    },
  );
  app.get<Id>(
    "/deliveries/:id",
    { onRequest: ordersRead, schema: { params: deliveryParams } },
    async (request) => {
      const row = await findStoreCommand(db, storeOf(request), request.params.id);
      if (!row) throw new AppError("not_found", "Delivery not found");
      const log = await db
        .selectFrom("store_delivery_log")
        .select(["id", "event", "message", "created_at"])
        .where("target", "=", "server")
        .where("command_id", "=", row.id)
        .orderBy("id")
        .execute();
      const [json] = await batchDeliveryJson(db, [row]);
      return ok({ ...json, log: log.map((l) => ({ ...l, created_at: formatTimestamp(l.created_at) })) });
    },
  );
  app.post<Id>(
    "/deliveries/:id/resend",
    { onRequest: ordersWrite, schema: { params: deliveryParams } },
    async (request, reply) => {
      const storeId = storeOf(request);
      const created = await db.transaction().execute(async (trx) => {
        const row = await findStoreCommand(trx, storeId, request.params.id);
        if (!row) throw new AppError("not_found", "Delivery not found");
        const now = deps.clock.now();
        const [copy] = await insertCommands(trx, [
          {
            store_id: row.store_id,
            server_id: row.server_id,
            order_id: row.order_id,
            order_item_id: row.order_item_id,
            subscription_id: row.subscription_id,
            product_id: row.product_id,
            resend_of: row.id,
            kind: row.kind,
            command: row.command,
            player: row.player,
            require_online: row.require_online,
            status: "pending",
            last_error: null,
            created_at: now,
            updated_at: now,
            failed_at: null,
          },
        ]);
        if (!copy) throw new AppError("internal", "resend not inserted");
        await insertLog(trx, [
          {
            store_id: storeId,
            command_id: row.id,
            target: "server",
            event: "resent",
            message: `as ${copy.id}`,
            created_at: now,
          },
          {
            store_id: storeId,
            command_id: copy.id,
            target: "server",
            event: "queued",
            message: `resend of ${row.id}`,
            created_at: now,
          },
        ]);
        if (copy.order_id !== null) await refreshOrderDelivery(trx, copy.order_id, now);
        return copy;
      });
      const [json] = await batchDeliveryJson(db, [created]);
      return reply.status(201).send(ok(json, "Delivery queued again"));
    },
  );
}
