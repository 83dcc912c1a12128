// The price of a basket, computed on the server only, in integer minor units: lines, coupon, tax, gift cards.

/** One basket line as priced now from the catalogue. */
export interface PricedLine {
  productId: number;
  categoryId: number | null;
  /** Unit price, minor units. */
  price: number;
  quantity: number;
}

/** The coupon rules totals need (the rest — dates, limits, customers — is checked by the checkout). */
export interface CouponTerms {
  type: "percentage" | "fixed_amount" | "free_shipping";
  /** percentage: hundredths of a percent; fixed_amount: minor units. */
  value: number;
  minimumOrderAmount: number | null;
  maximumDiscount: number | null;
  applicableProducts: readonly number[] | null;
  applicableCategories: readonly number[] | null;
  excludedProducts: readonly number[] | null;
}

export interface TaxTerms {
  /** Hundredths of a percent, 0..10000. */
  rate: number;
  /** Prices include the tax (it is the part of the price) instead of adding it on top. */
  inclusive: boolean;
}

export interface Totals {
  subtotal: number;
  discount: number;
  tax: number;
  /** What the order costs: subtotal − discount (+ tax when exclusive). */
  total: number;
  /** Per gift card, in the order given: what it pays. */
  giftCards: number[];
  /** What remains for the gateway: total − Σ giftCards. */
  due: number;
  /** Why the coupon gives nothing, when it was given and does (the checkout turns this into a 422). */
  couponProblem?: "minimum" | "no_eligible_items";
}

/** Baskets above this subtotal are refused, so every product below stays exact in doubles (< 2^53). */
export const MAX_SUBTOTAL = 100_000_000_000;

const BASIS = 10_000;

/** `n × num / den` rounded half up, for non-negative integers (exact: operands stay below 2^53 by MAX_SUBTOTAL). */
function mulDivRound(n: number, num: number, den: number): number {
  return Number((BigInt(n) * BigInt(num) * 2n + BigInt(den)) / (2n * BigInt(den)));
}

function isEligible(line: PricedLine, c: CouponTerms): boolean {
  if (c.excludedProducts?.includes(line.productId)) return false;
  const restricted = c.applicableProducts !== null || c.applicableCategories !== null;
  if (!restricted) return true;
  return (
    (c.applicableProducts?.includes(line.productId) ?? false) ||
    (line.categoryId !== null && (c.applicableCategories?.includes(line.categoryId) ?? false))
  );
}

/** The coupon's discount on `lines`: never more than the eligible lines cost. */
export function couponDiscount(
  lines: readonly PricedLine[],
  c: CouponTerms,
): { discount: number; problem?: Totals["couponProblem"] } {
  const subtotal = lines.reduce((s, l) => s + l.price * l.quantity, 0);
  if (c.minimumOrderAmount !== null && subtotal < c.minimumOrderAmount)
    return { discount: 0, problem: "minimum" };
  const eligible = lines.filter((l) => isEligible(l, c)).reduce((s, l) => s + l.price * l.quantity, 0);
  if (eligible === 0) return { discount: 0, problem: "no_eligible_items" };
  let discount = 0;
  // Percentages round down: a discount never gives away a fraction the percentage does not cover.
  if (c.type === "percentage") discount = Math.floor((eligible * c.value) / BASIS);
  else if (c.type === "fixed_amount") discount = c.value;
  if (c.maximumDiscount !== null) discount = Math.min(discount, c.maximumDiscount);
  return { discount: Math.min(discount, eligible) };
}

/**
 * Prices a basket. Tax is charged on the discounted amount: added on top (rounded half up) when exclusive,
 * or the tax part of the discounted amount when inclusive (`x − x·10000/(10000+rate)`, the net rounded half
 * up). Gift cards then pay what they can of the total, in the order given.
 */
export function computeTotals(
  lines: readonly PricedLine[],
  coupon: CouponTerms | null,
  tax: TaxTerms,
  giftCardBalances: readonly number[],
): Totals {
  const subtotal = lines.reduce((s, l) => s + l.price * l.quantity, 0);
  const applied = coupon === null ? { discount: 0 } : couponDiscount(lines, coupon);
  const taxable = subtotal - applied.discount;
  let taxAmount: number;
  let total: number;
  if (tax.rate === 0) {
    taxAmount = 0;
    total = taxable;
  } else if (tax.inclusive) {
    taxAmount = taxable - mulDivRound(taxable, BASIS, BASIS + tax.rate);
    total = taxable;
  } else {
    taxAmount = mulDivRound(taxable, tax.rate, BASIS);
    total = taxable + taxAmount;
  }
  let remaining = total;
  const giftCards = giftCardBalances.map((balance) => {
    const pay = Math.min(Math.max(0, balance), remaining);
    remaining -= pay;
    return pay;
  });
  return {
    subtotal,
    discount: applied.discount,
    tax: taxAmount,
    total,
    giftCards,
    due: remaining,
    ...(applied.problem === undefined ? {} : { couponProblem: applied.problem }),
  };
}

/**
 * How a refund of `amount` is paid back: to the gateway first (up to what it collected and has not yet
 * returned), the rest to the gift cards that paid, last used first. `giftCardsSpent` is what each card
 * still has to get back, in the order they were used.
 */
export function splitRefund(
  amount: number,
  gatewayRefundable: number,
  giftCardsSpent: readonly number[],
): { gateway: number; giftCards: number[] } {
  const gateway = Math.min(amount, Math.max(0, gatewayRefundable));
  let rest = amount - gateway;
  const giftCards = giftCardsSpent.map(() => 0);
  for (let i = giftCardsSpent.length - 1; i >= 0 && rest > 0; i--) {
    const back = Math.min(rest, giftCardsSpent[i] ?? 0);
    giftCards[i] = back;
    rest -= back;
  }
  if (rest > 0) throw new Error(`refund of ${amount} exceeds what was paid`);
  return { gateway, giftCards };
}
