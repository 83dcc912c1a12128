// Unit tests of billing period arithmetic.
import { describe, expect, it } from "vitest";
import { addInterval } from "./billing-period.js";

const at = (iso: string) => Date.parse(iso);

describe("billing periods", () => {
  it("adds days and weeks as exact durations", () => {
    expect(addInterval(at("2025-03-08T12:00:00Z"), "day", 3)).toBe(at("2025-03-11T12:00:00Z"));
    expect(addInterval(at("2025-12-29T00:00:00Z"), "week", 1)).toBe(at("2026-01-05T00:00:00Z"));
  });

  it("adds calendar months and years, clamping to the end of shorter months", () => {
    expect(addInterval(at("2025-01-15T10:30:00Z"), "month", 1)).toBe(at("2025-02-15T10:30:00Z"));
    expect(addInterval(at("2025-01-31T00:00:00Z"), "month", 1)).toBe(at("2025-02-28T00:00:00Z"));
    expect(addInterval(at("2024-01-31T00:00:00Z"), "month", 1)).toBe(at("2024-02-29T00:00:00Z"));
    expect(addInterval(at("2025-11-30T08:00:00Z"), "month", 3)).toBe(at("2026-02-28T08:00:00Z"));
    expect(addInterval(at("2024-02-29T00:00:00Z"), "year", 1)).toBe(at("2025-02-28T00:00:00Z"));
    expect(addInterval(at("2025-05-01T00:00:00Z"), "month", 12)).toBe(at("2026-05-01T00:00:00Z"));
  });
});
