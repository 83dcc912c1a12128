// Unit tests of gift card code generation.
import { describe, expect, it } from "vitest";
import { generateGiftCardCode, normalizeGiftCardCode } from "./gift-card-code.js";

describe("gift card codes", () => {
  it("generates four groups of four unambiguous characters, different every time", () => {
    const codes = new Set(Array.from({ length: 2000 }, () => generateGiftCardCode()));
    expect(codes.size).toBe(2000);
    for (const code of codes) expect(code).toMatch(/^[A-HJ-NP-Z2-9]{4}(-[A-HJ-NP-Z2-9]{4}){3}$/);
    // Every symbol of the alphabet shows up: the generator is not stuck on a subset.
    const seen = new Set([...codes].join("").replace(/-/g, ""));
    expect(seen.size).toBe(32);
  });

  it("normalises codes for storage and lookup", () => {
    expect(normalizeGiftCardCode(" abcd-efgh ")).toBe("ABCD-EFGH");
  });
});
