// Authenticates game-server agents (X-Store-Secret + X-Server-Secret) and counts their per-server rate limit.
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Clock } from "../../core/clock.js";
import type { Executor } from "../../core/db/index.js";
import { AppError } from "../../core/errors/index.js";
import type { RateLimiter } from "../http/rate-limiter.js";
import { applyRateLimit } from "../http/rate-limit-reply.js";
import {
  hashAgentSecret,
  isAgentSecretShaped,
  isSameSecretHash,
  SERVER_SECRET_PREFIX,
  STORE_SECRET_PREFIX,
} from "./agent-secret.js";

export interface AgentPrincipal {
  storeId: number;
  serverId: number;
  serverName: string;
}

const principals = new WeakMap<FastifyRequest, AgentPrincipal>();
const unauthorized = () => new AppError("unauthorized", "Invalid store or server secret");
/** Compared against when the server is unknown, so every refusal costs the same hash and comparison. */
const DUMMY_HASH = hashAgentSecret("pixl-agent-dummy");

function header(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  return typeof v === "string" ? v.trim() : undefined;
}

/**
 * The agent hook: both secrets must be well formed, the server secret must name a server, and the store
 * secret must be that server's store's (a constant-time comparison of SHA-256 digests, made even when the
 * server is unknown). Any failure is the same 401. Then one hit on the server's rate limit (429).
 */
export function createAgentAuthHook(options: { db: Executor; clock: Clock; rateLimiter: RateLimiter }) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const storeSecret = header(request, "x-store-secret");
    const serverSecret = header(request, "x-server-secret");
    if (
      !isAgentSecretShaped(storeSecret, STORE_SECRET_PREFIX) ||
      !isAgentSecretShaped(serverSecret, SERVER_SECRET_PREFIX)
    ) {
      throw unauthorized();
    }
    const row = await options.db
      .selectFrom("store_delivery_servers as s")
      .leftJoin("store_agent_secrets as a", "a.store_id", "s.store_id")
      .select(["s.id", "s.store_id", "s.name", "s.rate_limit", "a.secret_hash as store_hash"])
      .where("s.secret_hash", "=", hashAgentSecret(serverSecret))
      .executeTakeFirst();
    const matches = isSameSecretHash(hashAgentSecret(storeSecret), row?.store_hash ?? DUMMY_HASH);
    if (!row || !matches) throw unauthorized();
    const now = options.clock.now();
    const decision = await options.rateLimiter.hit(`server:${row.id}`, row.rate_limit, now);
    applyRateLimit(reply, decision, now);
    principals.set(request, { storeId: row.store_id, serverId: row.id, serverName: row.name });
  };
}

export function getAgent(request: FastifyRequest): AgentPrincipal {
  const p = principals.get(request);
  if (!p) throw unauthorized();
  return p;
}
