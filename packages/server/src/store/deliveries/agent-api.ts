// Mounts the agent APIs outside the Store API prefix: /api/v1/agent (server secrets) and /api/v1/discord-agent (token).
import type { FastifyInstance, onRequestAsyncHookHandler } from "fastify";
import type { HttpServer } from "../../core/http/index.js";
import { installJsonBodyParser } from "../http/json-body.js";
import type { RateLimiter } from "../http/rate-limiter.js";
import { encodeStoreError } from "../http/store-error.encoder.js";
import { storeValidatorCompiler } from "../http/validator.js";
import { requireScope } from "../http/auth.hooks.js";
import { collectOpenApi } from "../openapi/openapi.js";
import { createAgentAuthHook } from "./agent-auth.js";
import { registerAgentRoutes } from "./agent.routes.js";
import type { AgentServiceDeps } from "./agent.service.js";
import { registerDiscordAgentRoutes } from "./discord-agent.routes.js";

export const AGENT_API_PREFIX = "/api/v1/agent";
export const DISCORD_AGENT_API_PREFIX = "/api/v1/discord-agent";

/** Where the agent APIs' OpenAPI document is served (no credentials needed). */
export const AGENT_OPENAPI_PATH = `${AGENT_API_PREFIX}/openapi.json`;

export function registerAgentApis(
  http: HttpServer,
  deps: AgentServiceDeps & { rateLimiter: RateLimiter; tokenAuth: onRequestAsyncHookHandler },
): void {
  const documents: { document(): unknown }[] = [];
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
      documents.push(collectOpenApi(api, AGENT_APIS_ROOT));
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
      documents.push(collectOpenApi(api, AGENT_APIS_ROOT));
      api.addHook("onRequest", deps.tokenAuth);
      api.addHook("onRequest", requireScope("discord:agent"));
      registerDiscordAgentRoutes(api, deps);
      done();
    },
    { prefix: DISCORD_AGENT_API_PREFIX },
  );
  http.app.get(AGENT_OPENAPI_PATH, () => mergeAgentDocuments(documents.map((d) => d.document())));
}

const AGENT_APIS_ROOT = "/api/v1";

/** One document for both agent APIs: paths under /api/v1, each API's own credentials. */
function mergeAgentDocuments(parts: unknown[]): unknown {
  const docs = parts as { paths: Record<string, unknown> }[];
  return {
    ...(docs[0] ?? {}),
    info: {
      title: "Pixl agent APIs",
      version: "1",
      description:
        "The game-server agent API (X-Store-Secret and X-Server-Secret) and the Discord agent API (a Store API token with discord:agent).",
    },
    servers: [{ url: AGENT_APIS_ROOT }],
    security: [{ storeSecret: [], serverSecret: [] }, { bearer: [] }],
    components: {
      securitySchemes: {
        storeSecret: { type: "apiKey", in: "header", name: "X-Store-Secret" },
        serverSecret: { type: "apiKey", in: "header", name: "X-Server-Secret" },
        bearer: { type: "http", scheme: "bearer", bearerFormat: "sk_live_…" },
      },
    },
    paths: Object.assign({}, ...docs.map((d) => d.paths)) as Record<string, unknown>,
    webhooks: {},
  };
}
