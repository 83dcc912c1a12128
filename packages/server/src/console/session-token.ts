// Session secrets (256 random bits in the cookie, SHA-256 in the database) and the CSRF token bound to each.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { hashToken } from "../store/tokens/api-token.js";

export function createSessionSecret(): string {
  return randomBytes(32).toString("base64url");
}

export function hashSessionSecret(secret: string): string {
  return hashToken(secret);
}

/** True when `s` could be a session secret (cheap check before touching the database). */
export function isSessionShaped(s: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(s);
}

/**
 * The CSRF token of a session: an HMAC of the session's hash under the server key (synchronizer token
 * without storage). The console reads it from the session endpoint and sends it as `X-CSRF-Token` on
 * every unsafe request; a cross-site page can neither read it nor compute it.
 */
export function csrfTokenFor(key: Buffer, sessionHash: string): string {
  return createHmac("sha256", key).update(`pixl console csrf\n${sessionHash}`).digest("base64url");
}

export function isCsrfTokenValid(key: Buffer, sessionHash: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const expected = Buffer.from(csrfTokenFor(key, sessionHash));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
