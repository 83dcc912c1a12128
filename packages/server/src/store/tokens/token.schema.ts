// Wire shapes of API tokens (settings scope): the token object, create body, and conversion.
import { Type, type Static } from "@sinclair/typebox";
import { formatOptionalTimestamp, formatTimestamp } from "../shared/timestamps.js";
import { scopes } from "./scopes.js";
import { MAX_RATE_LIMIT, MIN_RATE_LIMIT, type ApiToken } from "./token.service.js";

/** A token as listed: never its secret, only the first characters (`prefix`). */
export const TokenJson = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  prefix: Type.String(),
  scopes: Type.Array(Type.String()),
  rate_limit: Type.Integer(),
  expires_at: Type.Union([Type.String(), Type.Null()]),
  last_used_at: Type.Union([Type.String(), Type.Null()]),
  revoked_at: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String(),
});
export type TokenJson = Static<typeof TokenJson>;

/** The create response adds the plaintext `token`, shown this once. */
export const CreatedTokenJson = Type.Composite([TokenJson, Type.Object({ token: Type.String() })]);

export const CreateTokenBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  scopes: Type.Array(Type.Union(scopes.map((s) => Type.Literal(s))), { minItems: 1 }),
  /** ISO-8601 date-time; absent or null = never expires. */
  expires_at: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  rate_limit: Type.Optional(Type.Integer({ minimum: MIN_RATE_LIMIT, maximum: MAX_RATE_LIMIT })),
});
export type CreateTokenBody = Static<typeof CreateTokenBody>;

export function toTokenJson(t: ApiToken): TokenJson {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    scopes: t.scopes,
    rate_limit: t.rateLimit,
    expires_at: formatOptionalTimestamp(t.expiresAt),
    last_used_at: formatOptionalTimestamp(t.lastUsedAt),
    revoked_at: formatOptionalTimestamp(t.revokedAt),
    created_at: formatTimestamp(t.createdAt),
  };
}
