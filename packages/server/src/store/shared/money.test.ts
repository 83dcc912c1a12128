// Unit tests of money parsing and formatting in minor units.
import { describe, expect, it } from "vitest";
import {
  formatDecimal,
  formatMoney,
  isCurrency,
  minorUnitExponent,
  parseDecimal,
  parseMoney,
} from "./money.js";

describe("money", () => {
  it("formats minor units as decimal strings with at least two decimals", () => {
    expect(formatMoney(2999, "USD")).toBe("29.99");
    expect(formatMoney(5, "USD")).toBe("0.05");
    expect(formatMoney(0, "EUR")).toBe("0.00");
    expect(formatMoney(-150, "USD")).toBe("-1.50");
    expect(formatMoney(1500, "JPY")).toBe("1500.00");
    expect(formatMoney(1234, "KWD")).toBe("1.234");
    expect(formatMoney(9_007_199_254_740_99, "USD")).toBe("9007199254740.99");
  });

  it("parses decimal text and numbers exactly, refusing extra precision and junk", () => {
    expect(parseMoney("29.99", "USD")).toBe(2999);
    expect(parseMoney(29.99, "USD")).toBe(2999);
    expect(parseMoney("0.1", "USD")).toBe(10);
    expect(parseMoney("20", "USD")).toBe(2000);
    expect(parseMoney("1.50", "JPY")).toBeUndefined();
    expect(parseMoney("1500", "JPY")).toBe(1500);
    expect(parseMoney("1.000", "USD")).toBe(100);
    expect(parseMoney("29.999", "USD")).toBeUndefined();
    expect(parseMoney("-1", "USD")).toBeUndefined();
    expect(parseMoney("1e3", "USD")).toBeUndefined();
    expect(parseMoney(Number.NaN, "USD")).toBeUndefined();
    expect(parseMoney("", "USD")).toBeUndefined();
  });

  it("parses and formats plain decimals at a given exponent (percentages in hundredths)", () => {
    expect(parseDecimal("12.5", 2)).toBe(1250);
    expect(parseDecimal(100, 2)).toBe(10000);
    expect(parseDecimal("0.125", 2)).toBeUndefined();
    expect(formatDecimal(2500, 2)).toBe("25.00");
    expect(formatDecimal(5, 0)).toBe("5.00");
  });

  it("knows ISO currencies and their exponents", () => {
    expect(isCurrency("USD")).toBe(true);
    expect(isCurrency("usd")).toBe(false);
    expect(isCurrency("XYZ")).toBe(false);
    expect(minorUnitExponent("EUR")).toBe(2);
    expect(minorUnitExponent("JPY")).toBe(0);
  });
});
