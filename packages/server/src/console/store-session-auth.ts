// The Store API's second authentication path: a console session acting for one of the user's stores.
import type { FastifyRequest } from "fastify";
import type { Executor } from "../core/db/index.js";
import { AppError } from "../core/errors/index.js";
import type { AlternativeAuth } from "../store/http/auth.hooks.js";
import { toStore } from "../store/stores/store.repository.js";
import type { ApiToken } from "../store/tokens/token.service.js";
import { ROLE_SCOPES, isStoreRole } from "./roles.js";
import type { ConsoleAuth } from "./session-auth.js";

/** The header naming the store a session acts for (when the Host does not). */
export const STORE_HEADER = "x-pixl-store";
/** Requests per minute of a signed-in person (generous: a dashboard fires several at once). */
export const SESSION_RATE_LIMIT = 600;

function storeNamed(request: FastifyRequest, fromHost: string | undefined): string | undefined {
  const header = request.headers[STORE_HEADER];
  const named = typeof header === "string" ? header.trim().toLowerCase() : undefined;
  if (fromHost !== undefined && named !== undefined && named !== fromHost)
    throw new AppError("unauthorized", "The X-Pixl-Store header names another store than the host.");
  return fromHost ?? named;
}

/**
 * Authenticates a request without a bearer token by its console session: the store comes from the Host
 * or `X-Pixl-Store`, the user must be a member, and the role's scopes stand in for a token's. The token
 * the routes see is synthetic: id `-userId` (idempotency keys are per user), never stored.
 */
export function createStoreSessionAuth(db: Executor, auth: ConsoleAuth): AlternativeAuth {
  return async (request, fromHost) => {
    const caller = await auth.callerOf(request);
    if (!caller) return undefined;
    const subdomain = storeNamed(request, fromHost);
    if (subdomain === undefined)
      throw new AppError("unauthorized", "Name the store with the X-Pixl-Store header.");
    const membership = caller.memberships.find((m) => m.kind === "store" && m.subdomain === subdomain);
    if (membership?.kind !== "store" || !isStoreRole(membership.role))
      throw new AppError("forbidden", `You are not a member of the store ${subdomain}.`);
    const row = await db
      .selectFrom("stores")
      .selectAll()
      .where("id", "=", membership.storeId)
      .executeTakeFirst();
    if (!row) throw new AppError("unauthorized", "The store no longer exists.");
    const token: ApiToken = {
      id: -caller.user.id,
      storeId: row.id,
      name: `console: ${caller.user.email}`,
      prefix: "session",
      scopes: [...ROLE_SCOPES[membership.role]],
      rateLimit: SESSION_RATE_LIMIT,
      expiresAt: null,
      revokedAt: null,
      lastUsedAt: null,
      createdAt: caller.user.createdAt,
    };
    return {
      principal: {
        token,
        store: toStore(row),
        versions: { orders: row.orders_version, catalog: row.catalog_version },
      },
      rateKey: `user:${caller.user.id}`,
    };
  };
}
