// Agent credentials: store secrets (`pxs_…`, X-Store-Secret) and server secrets (`srv_…`, X-Server-Secret).
import { randomBytes } from "node:crypto";
import { hashToken, isSameHash } from "../tokens/api-token.js";

export const STORE_SECRET_PREFIX = "pxs_";
export const SERVER_SECRET_PREFIX = "srv_";
const SHAPE = /^(pxs|srv)_[A-Za-z0-9_-]{43}$/;

/** 256 random bits after the prefix, base64url. */
export function createAgentSecret(prefix: typeof STORE_SECRET_PREFIX | typeof SERVER_SECRET_PREFIX): string {
  return prefix + randomBytes(32).toString("base64url");
}

/** True when `s` could be a secret of that kind (checked before any lookup). */
export function isAgentSecretShaped(s: string | undefined, prefix: string): s is string {
  return s !== undefined && s.startsWith(prefix) && SHAPE.test(s);
}

/** SHA-256 hex: the secrets carry 256 random bits, so a fast hash is enough and can be looked up by index. */
export const hashAgentSecret = hashToken;

/** Constant-time equality of two SHA-256 hex digests. */
export const isSameSecretHash = isSameHash;

/** The characters shown in lists so people can tell secrets apart. */
export function secretPrefix(secret: string): string {
  return secret.slice(0, 8);
}
