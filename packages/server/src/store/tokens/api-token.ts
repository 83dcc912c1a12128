// API token material: `sk_live_` + 43 base62 characters (256 bits), stored only as a SHA-256 hash.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export const TOKEN_PREFIX = "sk_live_";
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const RANDOM_CHARS = 43; // 43 × log2(62) ≈ 256 bits
/** How many characters of a token are kept in clear to tell tokens apart in lists. */
const SHOWN_CHARS = TOKEN_PREFIX.length + 4;

/** A fresh token. Base62 keeps it one double-click selectable word. */
export function createTokenSecret(): string {
  let out = "";
  while (out.length < RANDOM_CHARS) {
    for (const byte of randomBytes(64)) {
      // Rejection sampling: 248 = 4 × 62, so accepted bytes map uniformly onto the alphabet.
      if (byte < 248 && out.length < RANDOM_CHARS) out += ALPHABET.charAt(byte % 62);
    }
  }
  return TOKEN_PREFIX + out;
}

/**
 * The stored form of a token. A plain SHA-256 is enough: the token carries 256 random bits, so there is
 * nothing to brute-force, and a deterministic hash lets us look the token up by an index.
 */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Constant-time comparison of two hex hashes (defence in depth after the indexed lookup). */
export function isSameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/** The part of a token shown in token lists. */
export function tokenPrefix(token: string): string {
  return token.slice(0, SHOWN_CHARS);
}

/** True when `s` looks like a Pixl API token (cheap check before touching the database). */
export function isTokenShaped(s: string): boolean {
  return s.startsWith(TOKEN_PREFIX) && /^[0-9A-Za-z]{43}$/.test(s.slice(TOKEN_PREFIX.length));
}
