// Unit tests of API token generation and hashing.
import { describe, expect, it } from "vitest";
import { createTokenSecret, hashToken, isSameHash, isTokenShaped, tokenPrefix } from "./api-token.js";

describe("API token material", () => {
  it("makes distinct sk_live_ tokens of 43 base62 characters", () => {
    const tokens = new Set(Array.from({ length: 200 }, () => createTokenSecret()));
    expect(tokens.size).toBe(200);
    for (const t of tokens) expect(isTokenShaped(t)).toBe(true);
  });

  it("hashes with SHA-256 and compares hashes exactly", () => {
    const t = createTokenSecret();
    expect(hashToken(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(isSameHash(hashToken(t), hashToken(t))).toBe(true);
    expect(isSameHash(hashToken(t), hashToken(`${t}x`))).toBe(false);
    expect(isSameHash("", "")).toBe(false);
    expect(tokenPrefix(t)).toBe(t.slice(0, 12));
    expect(isTokenShaped("sk_live_short")).toBe(false);
  });
});
