// Money: integer minor units of the store's currency inside, decimal strings ("29.99") on the wire.

const exponents = new Map<string, number>();

/** True when `code` is an ISO 4217 currency code this runtime knows. */
export function isCurrency(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && Intl.supportedValuesOf("currency").includes(code);
}

/** Digits after the decimal point in `currency` (USD 2, JPY 0, KWD 3). */
export function minorUnitExponent(currency: string): number {
  let e = exponents.get(currency);
  if (e === undefined) {
    e =
      new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ??
      2;
    exponents.set(currency, e);
  }
  return e;
}

/**
 * `2999` USD → `"29.99"`. The docs promise two decimals, so zero-decimal currencies still print `.00`
 * (JPY 1500 → `"1500.00"`); three-decimal currencies print three.
 */
export function formatMoney(minor: number, currency: string): string {
  return formatDecimal(minor, minorUnitExponent(currency));
}

/** An integer count of 10^-`exponent` units as decimal text with at least two decimals (`2500`, 2 → `"25.00"`). */
export function formatDecimal(minor: number, exponent: number): string {
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  const scale = 10 ** exponent;
  const whole = Math.floor(abs / scale);
  const fraction = exponent === 0 ? "" : String(abs % scale).padStart(exponent, "0");
  const digits = Math.max(2, exponent);
  return `${sign}${whole}.${fraction.padEnd(digits, "0")}`;
}

/** Like formatMoney, but null stays null. */
export function formatOptionalMoney(minor: number | null, currency: string): string | null {
  return minor === null ? null : formatMoney(minor, currency);
}

/**
 * `"29.99"` or `29.99` USD → `2999`. Undefined when the amount is not a non-negative decimal with at most
 * the currency's digits (`"29.999"` USD, `"abc"`, `-1`). Parsed from the decimal text, never via floats.
 */
export function parseMoney(value: string | number, currency: string): number | undefined {
  return parseDecimal(value, minorUnitExponent(currency));
}

/**
 * A non-negative decimal as an integer count of 10^-`exponent` units (`"12.5"`, 2 → `1250`); undefined when
 * it has more decimals than `exponent` or is not a plain decimal. Percentages use this with exponent 2.
 */
export function parseDecimal(value: string | number, exponent: number): number | undefined {
  const text = typeof value === "number" ? (Number.isFinite(value) ? String(value) : "") : value.trim();
  const m = /^(\d{1,12})(?:\.(\d+))?$/.exec(text);
  if (!m) return undefined;
  const fraction = (m[2] ?? "").replace(/0+$/, "");
  if (fraction.length > exponent) return undefined;
  return Number(m[1]) * 10 ** exponent + Number(fraction.padEnd(exponent, "0") || "0");
}
