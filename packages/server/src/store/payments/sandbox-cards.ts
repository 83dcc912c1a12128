// The sandbox gateway's test cards (Stripe's numbers where Stripe has one) and what each does.

export type CardBehaviour =
  "succeed" | "decline" | "insufficient_funds" | "authorize_only" | "dispute" | "renewals_fail";

/** Card number → behaviour. Any other number that passes the Luhn check is declined (`incorrect_number`). */
export const TEST_CARDS: Readonly<Record<string, CardBehaviour>> = {
  "4242424242424242": "succeed",
  "4000000000000002": "decline",
  "4000000000009995": "insufficient_funds",
  "4000000000003220": "authorize_only",
  "4000000000000259": "dispute",
  "4000000000000341": "renewals_fail",
};

/** True when `digits` (12–19 digits) passes the Luhn check. */
export function isLuhnValid(digits: string): boolean {
  if (!/^\d{12,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** The card number without spaces and dashes (what buyers type). */
export function normalizeCardNumber(input: string): string {
  return input.replace(/[\s-]/g, "");
}
