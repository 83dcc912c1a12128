// Token management over the API: GET/POST /tokens, DELETE /tokens/{id} (settings scope).
import type { FastifyInstance } from "fastify";
import { AppError } from "../../core/errors/index.js";
import { requireScope } from "../http/auth.hooks.js";
import { getPrincipal } from "../http/request-context.js";
import { DataEnvelope, MessageEnvelope, ok, okMessage } from "../shared/envelope.js";
import { idParams } from "../shared/list-query.schema.js";
import { parseTimestamp } from "../shared/timestamps.js";
import type { StoreRouteDeps } from "../store-api.deps.js";
import { Type } from "@sinclair/typebox";
import { hasScope } from "./scopes.js";
import { CreatedTokenJson, CreateTokenBody, TokenJson, toTokenJson } from "./token.schema.js";
import { createApiToken, listTokens, revokeToken } from "./token.service.js";

function invalid(field: string, message: string): AppError {
  return new AppError("validation_failed", "The given data was invalid", { errors: { [field]: [message] } });
}

export function registerTokenRoutes(app: FastifyInstance, deps: StoreRouteDeps): void {
  const db = deps.database.kysely;

  app.get(
    "/tokens",
    {
      onRequest: requireScope("settings:read"),
      schema: { response: { 200: DataEnvelope(Type.Array(TokenJson)) } },
    },
    async (request) => ok((await listTokens(db, getPrincipal(request).store.id)).map(toTokenJson)),
  );

  app.post<{ Body: CreateTokenBody }>(
    "/tokens",
    {
      onRequest: requireScope("settings:write"),
      schema: { body: CreateTokenBody, response: { 201: DataEnvelope(CreatedTokenJson) } },
    },
    async (request, reply) => {
      const { store, token: caller } = getPrincipal(request);
      const body = request.body;
      // A token can only hand out what it holds: no escalating settings:write into full access.
      const beyond = body.scopes.findIndex(
        (s) => !hasScope(caller.scopes, s) || (s === "*" && !caller.scopes.includes("*")),
      );
      if (beyond >= 0)
        throw invalid(`scopes.${beyond}`, `The scopes.${beyond} exceeds the scopes of the calling token.`);
      let expiresAt: number | null = null;
      if (body.expires_at != null) {
        const parsed = parseTimestamp(body.expires_at);
        if (parsed === undefined) throw invalid("expires_at", "The expires at is not a valid date.");
        if (parsed <= deps.clock.now())
          throw invalid("expires_at", "The expires at must be a date in the future.");
        expiresAt = parsed;
      }
      const { token, secret } = await createApiToken(
        db,
        store.id,
        {
          name: body.name,
          scopes: body.scopes,
          expiresAt,
          ...(body.rate_limit === undefined ? {} : { rateLimit: body.rate_limit }),
        },
        deps.clock,
      );
      return reply
        .status(201)
        .send(ok({ ...toTokenJson(token), token: secret }, "Token created successfully"));
    },
  );

  app.delete<{ Params: { id: number } }>(
    "/tokens/:id",
    {
      onRequest: requireScope("settings:write"),
      schema: { params: idParams("Token not found"), response: { 200: MessageEnvelope } },
    },
    async (request) => {
      await revokeToken(db, getPrincipal(request).store.id, request.params.id, deps.clock);
      return okMessage("Token revoked successfully");
    },
  );
}
