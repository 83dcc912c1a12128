// Dates on the Studio wire.
import { describe, expect, it } from "vitest";
import { formatDate, monthStart, parseDateBound, parseDeadline } from "./studio-dates.js";

describe("studio dates", () => {
  it("parses deadlines only as yyyy-MM-dd HH:mm:ss UTC", () => {
    expect(parseDeadline("2026-01-11 12:30:00")).toBe(Date.UTC(2026, 0, 11, 12, 30, 0));
    for (const bad of [
      "2026-01-11",
      "2026-01-11T12:30:00Z",
      "2026-02-30 10:00:00",
      "2026-01-11 24:00:00",
      "x",
    ])
      expect(() => parseDeadline(bad), bad).toThrow(/yyyy-MM-dd HH:mm:ss/);
  });

  it("makes list bounds inclusive: a bare toDate covers its whole day", () => {
    expect(parseDateBound("2026-01-03", "toDate", "to")).toBe(Date.UTC(2026, 0, 4) - 1);
    expect(parseDateBound("2026-01-03 08:00:00", "toDate", "to")).toBe(Date.UTC(2026, 0, 3, 8));
    expect(parseDateBound("2026-01-03", "fromDate", "from")).toBe(Date.UTC(2026, 0, 3));
    expect(parseDateBound(" ", "fromDate", "from")).toBeUndefined();
    expect(() => parseDateBound("03/01/2026", "fromDate", "from")).toThrow(/fromDate must be a date/);
  });

  it("formats dates and finds month starts in UTC", () => {
    expect(formatDate(Date.UTC(2026, 0, 31, 23, 59))).toBe("2026-01-31");
    expect(monthStart(Date.UTC(2026, 0, 31, 23, 59))).toBe(Date.UTC(2026, 0, 1));
    expect(monthStart(Date.UTC(2026, 11, 5), 1)).toBe(Date.UTC(2027, 0, 1));
  });
});
