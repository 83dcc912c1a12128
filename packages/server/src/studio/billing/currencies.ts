// The currencies a studio contact may be billed in, with the numeric ids Pixelz responses carry.

/**
 * Pixelz sends `CurrencyId` 1 for USD; the other ids are ours (the public list is unknown). Only
 * two-decimal currencies, so the price table's amounts mean the same number of minor units in each.
 */
export const studioCurrencies = { USD: 1, EUR: 2, GBP: 3, AUD: 4, CAD: 5, DKK: 6, SEK: 7, NOK: 8 } as const;

export type StudioCurrency = keyof typeof studioCurrencies;

export function isStudioCurrency(code: string): code is StudioCurrency {
  return Object.hasOwn(studioCurrencies, code);
}

/** The Pixelz-style `Price {Amount, Currency, CurrencyId}` of `minor` units. */
export function toPrice(
  minor: number,
  currency: string,
): { Amount: number; Currency: string; CurrencyId: number } {
  return {
    Amount: minor / 100,
    Currency: currency,
    CurrencyId: isStudioCurrency(currency) ? studioCurrencies[currency] : 0,
  };
}

/** `10500` → `"105.00"`. */
export function formatAmount(minor: number): string {
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}
