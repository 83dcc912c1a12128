// Invitation links' secrets: `pxi_<id>.<43 base64url chars>` (256 random bits), stored as SHA-256 only.
import { randomBytes } from "node:crypto";
import { hashToken, isSameHash } from "../store/tokens/api-token.js";

const SHAPE = /^pxi_([1-9][0-9]{0,14})\.([A-Za-z0-9_-]{43})$/;

export function createInvitationSecret(): string {
  return randomBytes(32).toString("base64url");
}

/** The token a link carries: the row's id (to find it without comparing secrets in SQL) and the secret. */
export function formatInvitationToken(id: number, secret: string): string {
  return `pxi_${String(id)}.${secret}`;
}

export function parseInvitationToken(token: string): { id: number; secret: string } | undefined {
  const m = SHAPE.exec(token);
  if (!m?.[1] || !m[2]) return undefined;
  const id = Number(m[1]);
  return Number.isSafeInteger(id) ? { id, secret: m[2] } : undefined;
}

export const hashInvitationSecret = hashToken;

/** A digest compared against when the id is unknown, so a miss costs what a wrong secret costs. */
const DUMMY_HASH = hashToken("pixl invitation dummy");

/** Constant-time check of a secret against the stored hash (or the dummy when there is no row). */
export function isInvitationSecret(secret: string, storedHash: string | undefined): boolean {
  const ok = isSameHash(hashInvitationSecret(secret), storedHash ?? DUMMY_HASH);
  return ok && storedHash !== undefined;
}
