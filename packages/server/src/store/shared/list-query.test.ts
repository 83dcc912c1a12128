// Unit tests of LIKE escaping and page arithmetic.
import { describe, expect, it } from "vitest";
import { containsPattern, pageMeta, resolvePage } from "./list-query.js";

describe("list queries", () => {
  it("escapes LIKE wildcards and the escape character", () => {
    expect(containsPattern("100%")).toBe("%100\\%%");
    expect(containsPattern("a_b")).toBe("%a\\_b%");
    expect(containsPattern("c:\\x")).toBe("%c:\\\\x%");
    expect(containsPattern("MiXeD")).toBe("%mixed%");
  });

  it("defaults, clamps and counts pages", () => {
    expect(resolvePage({})).toEqual({ page: 1, perPage: 15, offset: 0 });
    expect(resolvePage({ page: 3, per_page: 500 })).toEqual({ page: 3, perPage: 100, offset: 200 });
    expect(pageMeta({ page: 1, perPage: 15, offset: 0 }, 0)).toEqual({
      current_page: 1,
      last_page: 1,
      per_page: 15,
      total: 0,
    });
    expect(pageMeta({ page: 2, perPage: 15, offset: 15 }, 31).last_page).toBe(3);
  });
});
