// The Discord agent API (/api/v1/discord-agent): pending, claim (with a lease), confirm, fail role operations.
import { randomBytes } from "node:crypto";
import { Type, type Static } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { AppError } from "../../core/errors/index.js";
import { getPrincipal } from "../http/request-context.js";
import { idParams } from "../shared/list-query.schema.js";
import { formatTimestamp } from "../shared/timestamps.js";
import { insertLog } from "./command-queue.repository.js";
import {
  DiscordClaimEnvelope,
  DiscordOperationsEnvelope,
  DiscordOutcomeEnvelope,
} from "./agent-api.schema.js";
import { AgentFailBody, failOutcomeOf, type FailOutcome } from "./agent-fail.js";
import type { AgentServiceDeps } from "./agent.service.js";
import {
  claimOperations,
  findOperation,
  listPendingOperations,
  trySetOperationOutcome,
  type DiscordOperationRow,
} from "./discord-operations.js";
import { refreshOrderDelivery } from "./order-progress.js";

const PendingQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) });
const ClaimBody = Type.Union([
  Type.Object({
    ids: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 100 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  }),
  Type.Null(),
]);
const params = idParams("Operation not found");
const BODY_LIMIT = 8 * 1024;

/** The docs' object; Discord snowflakes are strings; order and subscription fields only when there is one. */
function toJson(o: DiscordOperationRow) {
  return {
    id: o.id,
    operation: o.operation,
    kind: o.kind,
    guild_id: o.guild_id,
    discord_user_id: o.discord_user_id,
    role_id: o.role_id,
    role_name: o.role_name,
    ...(o.order_id === null ? {} : { order_id: o.order_id, order_number: o.order_number }),
    ...(o.subscription_id === null ? {} : { subscription_id: o.subscription_id }),
    status: o.status,
    attempts: o.attempts,
    ...(o.lease_expires_at === null ? {} : { lease_expires_at: formatTimestamp(o.lease_expires_at) }),
    created_at: formatTimestamp(o.created_at),
  };
}

export function registerDiscordAgentRoutes(app: FastifyInstance, deps: AgentServiceDeps): void {
  const db = deps.database.kysely;

  app.get<{ Querystring: Static<typeof PendingQuery> }>(
    "/pending",
    { schema: { querystring: PendingQuery, response: { 200: DiscordOperationsEnvelope } } },
    async (request) => {
      const { store } = getPrincipal(request);
      const rows = await listPendingOperations(db, store.id, deps.clock.now(), request.query.limit ?? 100);
      return { success: true, data: rows.map(toJson) };
    },
  );

  app.post<{ Body: Static<typeof ClaimBody> }>(
    "/claim",
    { bodyLimit: BODY_LIMIT, schema: { body: ClaimBody, response: { 200: DiscordClaimEnvelope } } },
    async (request) => {
      const { store } = getPrincipal(request);
      const body = request.body ?? {};
      const rows = await claimOperations(deps.database, {
        storeId: store.id,
        now: deps.clock.now(),
        leaseMs: deps.options.leaseMs,
        limit: Math.min(body.limit ?? 100, 100),
        leaseToken: randomBytes(12).toString("base64url"),
        ...(body.ids === undefined ? {} : { ids: body.ids }),
      });
      return {
        success: true,
        data: rows.map(toJson),
        meta: { lease_seconds: Math.round(deps.options.leaseMs / 1000) },
      };
    },
  );

  async function settle(
    storeId: number,
    id: number,
    outcome: { delivered: true } | ({ delivered: false } & FailOutcome),
  ) {
    return db.transaction().execute(async (trx) => {
      const now = deps.clock.now();
      const row = await trySetOperationOutcome(trx, storeId, id, now, outcome);
      if (row) {
        await insertLog(trx, [
          {
            store_id: storeId,
            command_id: row.id,
            target: "discord",
            event: row.status === "delivered" ? "delivered" : row.status === "failed" ? "failed" : "deferred",
            message: outcome.delivered ? null : outcome.reason,
            created_at: now,
          },
        ]);
        if (row.order_id !== null) await refreshOrderDelivery(trx, row.order_id, now);
        return { changed: true, row };
      }
      const current = await findOperation(trx, storeId, id);
      if (!current) throw new AppError("not_found", "Operation not found");
      const same = outcome.delivered ? current.status === "delivered" : current.status === "failed";
      if (same) return { changed: false, row: current };
      throw new AppError(
        "conflict",
        current.status === "delivered"
          ? "The operation was already confirmed."
          : "The operation is not claimed; claim it first.",
      );
    });
  }

  app.post<{ Params: { id: number } }>(
    "/confirm/:id",
    { bodyLimit: BODY_LIMIT, schema: { params, response: { 200: DiscordOutcomeEnvelope } } },
    async (request) => {
      const r = await settle(getPrincipal(request).store.id, request.params.id, { delivered: true });
      return { success: true, data: { ...toJson(r.row), changed: r.changed } };
    },
  );

  app.post<{ Params: { id: number }; Body: AgentFailBody }>(
    "/fail/:id",
    {
      bodyLimit: BODY_LIMIT,
      schema: { params, body: AgentFailBody, response: { 200: DiscordOutcomeEnvelope } },
    },
    async (request) => {
      const r = await settle(getPrincipal(request).store.id, request.params.id, {
        delivered: false,
        ...failOutcomeOf(request.body, "Failed in Discord"),
      });
      return { success: true, data: { ...toJson(r.row), changed: r.changed } };
    },
  );
}
