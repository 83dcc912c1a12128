// API tokens: creation (plaintext shown once), authentication, listing and revocation.
import type { Clock } from "../../core/clock.js";
import { createBatchLoader, type Executor } from "../../core/db/index.js";
import { AppError } from "../../core/errors/index.js";
import type { Store } from "../stores/store.repository.js";
import type { ReadVersions } from "../http/read-versions.js";
import { createTokenSecret, hashToken, isSameHash, isTokenShaped, tokenPrefix } from "./api-token.js";
import { hasScope, isScope, type Scope } from "./scopes.js";
import {
  findApiToken,
  findTokenByHash,
  insertApiToken,
  listApiTokens,
  setTokenLastUsed,
  setTokenRevoked,
  type ApiToken,
} from "./token.repository.js";

export type { ApiToken } from "./token.repository.js";

/** Requests per minute when a token is created without a limit. */
export const DEFAULT_RATE_LIMIT = 60;
export const MIN_RATE_LIMIT = 1;
export const MAX_RATE_LIMIT = 1000;
/** `last_used_at` is refreshed at most this often, so reads do not turn into writes. */
const LAST_USED_GRANULARITY_MS = 60_000;

export interface CreateApiTokenInput {
  name: string;
  scopes: readonly Scope[];
  /** Epoch ms; null or absent: never expires. */
  expiresAt?: number | null;
  /** Requests per minute, 1–1000. Default 60. */
  rateLimit?: number;
}

/** Creates a token for a store; returns the stored token and the plaintext secret (shown once). */
export async function createApiToken(
  db: Executor,
  storeId: number,
  input: CreateApiTokenInput,
  clock: Clock,
): Promise<{ token: ApiToken; secret: string }> {
  const rateLimit = input.rateLimit ?? DEFAULT_RATE_LIMIT;
  if (!Number.isInteger(rateLimit) || rateLimit < MIN_RATE_LIMIT || rateLimit > MAX_RATE_LIMIT) {
    throw new AppError("validation_failed", "The given data was invalid", {
      errors: { rate_limit: [`The rate limit must be between ${MIN_RATE_LIMIT} and ${MAX_RATE_LIMIT}.`] },
    });
  }
  const bad = input.scopes.findIndex((s) => !isScope(s));
  if (input.scopes.length === 0 || bad >= 0) {
    throw new AppError("validation_failed", "The given data was invalid", {
      errors:
        bad >= 0
          ? { [`scopes.${bad}`]: [`The selected scopes.${bad} is invalid.`] }
          : { scopes: ["The scopes field is required."] },
    });
  }
  const secret = createTokenSecret();
  const token = await insertApiToken(db, {
    storeId,
    name: input.name,
    tokenHash: hashToken(secret),
    prefix: tokenPrefix(secret),
    scopes: [...new Set(input.scopes)],
    rateLimit,
    expiresAt: input.expiresAt ?? null,
    createdAt: clock.now(),
  });
  return { token, secret };
}

/** Who is calling: the token and its store (with its read versions, read with the token). */
export interface Principal {
  token: ApiToken;
  store: Store;
  versions: ReadVersions;
}

/** Finds principals for bearer secrets (see `createTokenAuthenticator`). */
export interface TokenAuthenticator {
  /**
   * The principal for a bearer secret, or null when the secret is unknown, revoked or expired (the API
   * answers all three with the same 401, so callers cannot probe which).
   */
  tryAuthenticate(secret: string): Promise<Principal | null>;
}

/**
 * Authenticates tokens against the database on every request (a revoked token answers 401 at once, from
 * every process). The lookups of one event-loop turn are coalesced: requests that arrive together with the
 * same token share one query, and the store's read versions come with it (store/http/read-cache).
 */
export function createTokenAuthenticator(db: Executor, clock: Clock): TokenAuthenticator {
  const tokens = createBatchLoader(async (hashes: readonly string[]) => {
    const found = new Map<string, NonNullable<Awaited<ReturnType<typeof findTokenByHash>>>>();
    for (const hash of hashes) {
      const row = await findTokenByHash(db, hash);
      if (row) found.set(hash, row);
    }
    return found;
  });
  return {
    async tryAuthenticate(secret) {
      if (!isTokenShaped(secret)) return null;
      const hash = hashToken(secret);
      const found = await tokens.load(hash);
      if (!found || !isSameHash(found.tokenHash, hash)) return null;
      const now = clock.now();
      const { token } = found;
      if (token.revokedAt !== null) return null;
      if (token.expiresAt !== null && token.expiresAt <= now) return null;
      if (token.lastUsedAt === null || now - token.lastUsedAt >= LAST_USED_GRANULARITY_MS) {
        token.lastUsedAt = now; // the requests sharing this lookup write it once
        await setTokenLastUsed(db, token.id, now);
      }
      return { token, store: found.store, versions: found.versions };
    },
  };
}

/** Throws 403 with the documented message unless the token holds `scope`. */
export function assertScope(token: ApiToken, scope: Scope): void {
  if (!hasScope(token.scopes, scope)) {
    throw new AppError("forbidden", `Token does not have the required scope: ${scope}`);
  }
}

export async function listTokens(db: Executor, storeId: number): Promise<ApiToken[]> {
  return listApiTokens(db, storeId);
}

/** Revokes a token of the store (idempotent); 404 when the store has no such token. */
export async function revokeToken(
  db: Executor,
  storeId: number,
  id: number,
  clock: Clock,
): Promise<ApiToken> {
  const token = await findApiToken(db, storeId, id);
  if (!token) throw new AppError("not_found", "Token not found");
  await setTokenRevoked(db, storeId, id, clock.now());
  return (await findApiToken(db, storeId, id)) ?? token;
}
