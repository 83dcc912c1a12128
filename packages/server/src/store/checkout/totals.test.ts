// Property tests: basket totals with coupons, tax and gift cards, and refund splits, exact to the minor unit.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeTotals, splitRefund, type CouponTerms } from "./totals.js";

const line = fc.record({
  productId: fc.integer({ min: 1, max: 20 }),
  categoryId: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
  price: fc.integer({ min: 0, max: 1_000_000 }),
  quantity: fc.integer({ min: 1, max: 100 }),
});
const ids = fc.option(fc.uniqueArray(fc.integer({ min: 1, max: 20 }), { maxLength: 5 }), { nil: null });
const coupon: fc.Arbitrary<CouponTerms> = fc.record({
  type: fc.constantFrom("percentage", "fixed_amount", "free_shipping"),
  value: fc.integer({ min: 1, max: 10_000 }),
  minimumOrderAmount: fc.option(fc.integer({ min: 0, max: 5_000_000 }), { nil: null }),
  maximumDiscount: fc.option(fc.integer({ min: 1, max: 1_000_000 }), { nil: null }),
  applicableProducts: ids,
  applicableCategories: ids,
  excludedProducts: ids,
});
const tax = fc.record({ rate: fc.integer({ min: 0, max: 10_000 }), inclusive: fc.boolean() });
const cards = fc.array(fc.integer({ min: 0, max: 5_000_000 }), { maxLength: 5 });

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const isInt = (n: number) => Number.isSafeInteger(n);

describe("basket totals", () => {
  it("add up exactly, never discount more than the subtotal, never overdraw a card", () => {
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 50 }),
        fc.option(coupon, { nil: null }),
        tax,
        cards,
        (lines, c, t, balances) => {
          const r = computeTotals(lines, c, t, balances);
          for (const n of [r.subtotal, r.discount, r.tax, r.total, r.due, ...r.giftCards]) {
            expect(isInt(n) && n >= 0).toBe(true);
          }
          expect(r.subtotal).toBe(sum(lines.map((l) => l.price * l.quantity)));
          expect(r.discount).toBeLessThanOrEqual(r.subtotal);
          expect(r.total).toBe(r.subtotal - r.discount + (t.inclusive ? 0 : r.tax));
          if (t.inclusive) expect(r.tax).toBeLessThanOrEqual(r.total);
          r.giftCards.forEach((g, i) => expect(g).toBeLessThanOrEqual(balances[i] ?? 0));
          expect(sum(r.giftCards) + r.due).toBe(r.total);
          // Gift cards pay in order: a later card pays only once earlier ones are spent.
          r.giftCards.forEach((g, i) => {
            if (g > 0) r.giftCards.slice(0, i).forEach((p, j) => expect(p).toBe(balances[j]));
          });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("compute exclusive tax as the rate of the discounted amount, rounded half up", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 1, max: 10_000 }),
        (price, rate) => {
          const r = computeTotals(
            [{ productId: 1, categoryId: null, price, quantity: 1 }],
            null,
            { rate, inclusive: false },
            [],
          );
          // |tax·10000 − price·rate| ≤ 5000 (half a minor unit), ties rounded up.
          const diff = r.tax * 10_000 - price * rate;
          expect(diff).toBeGreaterThan(-5_000 - 1);
          expect(diff).toBeLessThanOrEqual(5_000);
        },
      ),
    );
  });

  it("caps percentage discounts and ignores excluded products", () => {
    const r = computeTotals(
      [
        { productId: 1, categoryId: null, price: 1000, quantity: 1 },
        { productId: 2, categoryId: null, price: 500, quantity: 2 },
      ],
      {
        type: "percentage",
        value: 5000,
        minimumOrderAmount: null,
        maximumDiscount: 300,
        applicableProducts: null,
        applicableCategories: null,
        excludedProducts: [2],
      },
      { rate: 1900, inclusive: true },
      [],
    );
    expect(r).toMatchObject({ subtotal: 2000, discount: 300, total: 1700, tax: 271 });
  });
});

describe("refund splits", () => {
  it("return exactly the amount, gateway first, never more than each source paid", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { maxLength: 5 }),
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 6 }),
        (gateway, giftCards, weights) => {
          // A sequence of partial refunds adding up to at most what was paid.
          const paid = gateway + sum(giftCards);
          let leftGateway = gateway;
          const leftCards = [...giftCards];
          const totalWeight = sum(weights);
          let refunded = 0;
          for (const w of weights) {
            const amount = Math.floor((paid * w) / totalWeight);
            if (amount === 0 || refunded + amount > paid) continue;
            const s = splitRefund(amount, leftGateway, leftCards);
            expect(s.gateway + sum(s.giftCards)).toBe(amount);
            expect(s.gateway).toBeLessThanOrEqual(leftGateway);
            if (s.gateway < amount) expect(s.gateway).toBe(leftGateway);
            s.giftCards.forEach((g, i) => {
              expect(g).toBeLessThanOrEqual(leftCards[i] ?? 0);
              leftCards[i] = (leftCards[i] ?? 0) - g;
            });
            leftGateway -= s.gateway;
            refunded += amount;
          }
          expect(leftGateway + sum(leftCards)).toBe(paid - refunded);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
