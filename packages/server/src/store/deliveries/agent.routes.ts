// The game-server agent API (/api/v1/agent): poll (claims under a lease), confirm, fail.
import { Type, type Static } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { idParams } from "../shared/list-query.schema.js";
import { formatTimestamp } from "../shared/timestamps.js";
import { AgentFailBody, failOutcomeOf } from "./agent-fail.js";
import { BatchConfirmEnvelope, CommandOutcomeEnvelope, PendingCommandsEnvelope } from "./agent-api.schema.js";
import { getAgent } from "./agent-auth.js";
import {
  confirmCommand,
  confirmCommands,
  failCommand,
  MAX_CONFIRM_BATCH,
  pollCommands,
  type AgentServiceDeps,
} from "./agent.service.js";
import { statusLabel } from "../http/store-error.encoder.js";

const PendingQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) });
const ConfirmBatchBody = Type.Object(
  {
    ids: Type.Array(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }), {
      minItems: 1,
      maxItems: MAX_CONFIRM_BATCH,
      uniqueItems: true,
    }),
  },
  { additionalProperties: false },
);
const params = idParams("Command not found");
/** Confirm and fail bodies are a reason at most. */
const BODY_LIMIT = 8 * 1024;

export function registerAgentRoutes(app: FastifyInstance, deps: AgentServiceDeps): void {
  app.get<{ Querystring: Static<typeof PendingQuery> }>(
    "/commands/pending",
    { schema: { querystring: PendingQuery, response: { 200: PendingCommandsEnvelope } } },
    async (request, reply) => {
      const agent = getAgent(request);
      const r = await pollCommands(deps, agent, request.query.limit);
      const nextPollSeconds = Math.max(1, Math.round(r.nextPollMs / 1000));
      void reply.header("X-Poll-Interval", String(nextPollSeconds));
      return {
        success: true,
        data: r.commands.map((c) => ({
          id: c.id,
          command: c.command,
          kind: c.kind,
          player: c.player,
          require_online: c.require_online === 1,
          order_id: c.order_id,
          attempt: c.attempts,
          lease_expires_at: formatTimestamp(c.lease_expires_at ?? 0),
        })),
        meta: {
          server: { id: agent.serverId, name: agent.serverName },
          lease_seconds: Math.round(r.leaseMs / 1000),
          next_poll_seconds: nextPollSeconds,
          next_poll_ms: r.nextPollMs,
        },
      };
    },
  );

  app.post<{ Params: { id: number } }>(
    "/commands/:id/confirm",
    { bodyLimit: BODY_LIMIT, schema: { params, response: { 200: CommandOutcomeEnvelope } } },
    async (request) => {
      const { changed, command } = await confirmCommand(deps, getAgent(request), request.params.id);
      return {
        success: true,
        data: { id: command.id, status: command.status, changed },
        message: changed ? "Command confirmed" : "Command was already confirmed",
      };
    },
  );

  app.post<{ Body: Static<typeof ConfirmBatchBody> }>(
    "/commands/confirm",
    { bodyLimit: BODY_LIMIT, schema: { body: ConfirmBatchBody, response: { 200: BatchConfirmEnvelope } } },
    async (request) => {
      const results = await confirmCommands(deps, getAgent(request), request.body.ids);
      return {
        success: true,
        data: results.map((r) =>
          r.ok
            ? { id: r.id, status: r.command.status, changed: r.changed }
            : { id: r.id, success: false, error: statusLabel(r.error.status), message: r.error.message },
        ),
      };
    },
  );

  app.post<{ Params: { id: number }; Body: AgentFailBody }>(
    "/commands/:id/fail",
    {
      bodyLimit: BODY_LIMIT,
      schema: { params, body: AgentFailBody, response: { 200: CommandOutcomeEnvelope } },
    },
    async (request) => {
      const outcome = failOutcomeOf(request.body, "Failed on the game server");
      const { changed, command } = await failCommand(deps, getAgent(request), request.params.id, outcome);
      return {
        success: true,
        data: { id: command.id, status: command.status, changed },
        message: changed
          ? outcome.retry
            ? "Command deferred"
            : "Command failed"
          : "Command was already failed",
      };
    },
  );
}
