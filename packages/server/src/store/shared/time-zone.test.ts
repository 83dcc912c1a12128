// Unit tests of day boundaries in store time zones.
import { describe, expect, it } from "vitest";
import { endOfDay, isCalendarDay, isTimeZone, startOfDay } from "./time-zone.js";

describe("calendar days in a time zone", () => {
  it("finds where a day starts and ends, across DST changes", () => {
    expect(startOfDay("2025-01-20", "UTC")).toBe(Date.UTC(2025, 0, 20));
    expect(startOfDay("2025-01-20", "America/New_York")).toBe(Date.UTC(2025, 0, 20, 5));
    expect(endOfDay("2025-01-31", "America/New_York")).toBe(Date.UTC(2025, 1, 1, 5));
    expect(startOfDay("2025-07-01", "Europe/Berlin")).toBe(Date.UTC(2025, 5, 30, 22));
    // 9 March 2025 is 23 hours long in New York.
    expect(endOfDay("2025-03-09", "America/New_York") - startOfDay("2025-03-09", "America/New_York")).toBe(
      23 * 3600_000,
    );
    expect(startOfDay("2025-01-01", "Asia/Kolkata")).toBe(Date.UTC(2024, 11, 31, 18, 30));
  });

  it("recognises real days and zones", () => {
    expect(isCalendarDay("2024-02-29")).toBe(true);
    expect(isCalendarDay("2025-02-29")).toBe(false);
    expect(isCalendarDay("2025-1-01")).toBe(false);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Europe/Berlin")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
  });
});
