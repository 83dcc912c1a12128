// Unit tests of the token CLI's option parsing and its table.
import { describe, expect, it } from "vitest";
import { formatTokenList, parseExpires, parseScopes } from "./token-cli.js";
import type { TokenJson } from "./token.schema.js";

const now = Date.UTC(2025, 0, 20, 12, 0, 0);

describe("token CLI", () => {
  it("parses --expires as a span, a date or a date-time, and refuses the past", () => {
    expect(parseExpires("30d", now)).toBe(now + 30 * 86_400_000);
    expect(parseExpires("12h", now)).toBe(now + 12 * 3_600_000);
    expect(parseExpires("45m", now)).toBe(now + 45 * 60_000);
    expect(parseExpires("2025-02-01", now)).toBe(Date.UTC(2025, 1, 1));
    expect(parseExpires("2025-02-01T10:00:00+02:00", now)).toBe(Date.UTC(2025, 1, 1, 8));
    expect(() => parseExpires("0d", now)).toThrow("--expires must be in the future");
    expect(() => parseExpires("2025-01-20", now)).toThrow("--expires must be in the future");
    for (const bad of ["tomorrow", "30", "2025-02-30x", "-1d", "1w"])
      expect(() => parseExpires(bad, now), bad).toThrow(/--expires must be an ISO-8601 date-time/);
  });

  it("parses --scopes as a comma list and names an unknown scope", () => {
    expect(parseScopes("orders:read, orders:write,")).toEqual(["orders:read", "orders:write"]);
    expect(parseScopes("*")).toEqual(["*"]);
    expect(() => parseScopes("orders:read,admin")).toThrow('Unknown scope "admin"');
    expect(() => parseScopes(" , ")).toThrow("--scopes needs at least one scope");
  });

  it("lists tokens as an aligned table with their status", () => {
    const base: TokenJson = {
      id: 1,
      name: "Default",
      prefix: "sk_live_AbCd",
      scopes: ["*"],
      rate_limit: 60,
      expires_at: null,
      last_used_at: null,
      revoked_at: null,
      created_at: "2025-01-01T00:00:00Z",
    };
    const table = formatTokenList(
      [
        base,
        { ...base, id: 2, name: "Old bot", expires_at: "2025-01-19T00:00:00Z" },
        { ...base, id: 10, name: "Gone", revoked_at: "2025-01-02T00:00:00Z" },
      ],
      false,
      now,
    );
    expect(table.split("\n").map((l) => l.replace(/\s+/g, " "))).toEqual([
      "ID NAME PREFIX SCOPES LIMIT/MIN EXPIRES LAST USED STATUS",
      "1 Default sk_live_AbCd * 60 never never active",
      "2 Old bot sk_live_AbCd * 60 2025-01-19T00:00:00Z never expired",
      "10 Gone sk_live_AbCd * 60 never never revoked",
      "",
    ]);
    expect(formatTokenList([], false, now)).toBe("No tokens.\n");
    expect(JSON.parse(formatTokenList([base], true, now))).toEqual([base]);
  });
});
