// Mounts the agent APIs outside the Store API prefix: /api/v1/agent (server secrets) and /api/v1/discord-agent (token).
import type { FastifyInstance, onRequestAsyncHookHandler } from "fastify";
import type { HttpServer } from "../../core/http/index.js";
import { installJsonBodyParser } from "../http/json-body.js";
import type { RateLimiter } from "../http/rate-limiter.js";
import { encodeStoreError } from "../http/store-error.encoder.js";
import { storeValidatorCompiler } from "../http/validator.js";
import { requireScope } from "../http/auth.hooks.js";
import { createAgentAuthHook } from "./agent-auth.js";
import { registerAgentRoutes } from "./agent.routes.js";
import type { AgentServiceDeps } from "./agent.service.js";
import { registerDiscordAgentRoutes } from "./discord-agent.routes.js";

export const AGENT_API_PREFIX = "/api/v1/agent";
export const DISCORD_AGENT_API_PREFIX = "/api/v1/discord-agent";

export function registerAgentApis(
  http: HttpServer,
  deps: AgentServiceDeps & { rateLimiter: RateLimiter; tokenAuth: onRequestAsyncHookHandler },
): void {
  http.errorEncoders.add(AGENT_API_PREFIX, encodeStoreError);
  http.errorEncoders.add(DISCORD_AGENT_API_PREFIX, encodeStoreError);
  const agentAuth = createAgentAuthHook({
    db: deps.database.kysely,
    clock: deps.clock,
    rateLimiter: deps.rateLimiter,
  });
  void http.app.register(
    (api: FastifyInstance, _opts, done) => {
      api.setValidatorCompiler(storeValidatorCompiler);
      installJsonBodyParser(api);
      api.addHook("onRequest", agentAuth);
      registerAgentRoutes(api, deps);
      done();
    },
    { prefix: AGENT_API_PREFIX },
  );
  void http.app.register(
    (api: FastifyInstance, _opts, done) => {
      api.setValidatorCompiler(storeValidatorCompiler);
      installJsonBodyParser(api);
      api.addHook("onRequest", deps.tokenAuth);
      api.addHook("onRequest", requireScope("discord:agent"));
      registerDiscordAgentRoutes(api, deps);
      done();
    },
    { prefix: DISCORD_AGENT_API_PREFIX },
  );
}
