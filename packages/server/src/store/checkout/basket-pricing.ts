// Prices a basket from the catalogue as it is now: lines, the coupon's applicability, tax, gift cards.
import type { Executor } from "../../core/db/index.js";
import type { Store } from "../stores/store.repository.js";
import type { CouponRecord } from "../coupons/coupon.repository.js";
import { couponStatus } from "../coupons/coupon.repository.js";
import { formatMoney } from "../shared/money.js";
import type { GiftCardStatus } from "../gift-cards/gift-card.tables.js";
import { findBasketLines, findTaxTerms, type BasketRecord } from "./basket.repository.js";
import { computeTotals, MAX_SUBTOTAL, type CouponTerms, type Totals } from "./totals.js";
import type { BasketJson } from "./basket.schema.js";

export interface BasketLine {
  productId: number;
  categoryId: number | null;
  name: string;
  type: string;
  /** What this order charges per unit: the price, or 0 for a subscription's free trial. */
  price: number;
  quantity: number;
  isActive: boolean;
  stock: number | null;
}

export interface GiftCardHold {
  id: number;
  code: string;
  balance: number;
  status: GiftCardStatus;
  currency: string;
  expiresAt: number | null;
}

export interface PricedBasket {
  lines: BasketLine[];
  coupon: CouponRecord | undefined;
  giftCards: GiftCardHold[];
  tax: { rate: number; inclusive: boolean };
  totals: Totals;
}

const parseIds = (json: string | null): number[] | null =>
  json === null ? null : (JSON.parse(json) as number[]);

export function couponTerms(c: CouponRecord): CouponTerms {
  return {
    type: c.type,
    value: c.value,
    minimumOrderAmount: c.minimum_order_amount,
    maximumDiscount: c.maximum_discount,
    applicableProducts: parseIds(c.applicable_products),
    applicableCategories: parseIds(c.applicable_categories),
    excludedProducts: parseIds(c.excluded_products),
  };
}

/** A gift card can pay now: active, unexpired, with a balance, in the store's currency. */
export function isSpendable(g: GiftCardHold, currency: string, now: number): boolean {
  return (
    g.status === "active" &&
    g.balance > 0 &&
    g.currency === currency &&
    (g.expiresAt === null || g.expiresAt > now)
  );
}

/** A coupon can discount now: active by its computed status and in the store's currency. */
export function isCouponLive(c: CouponRecord, currency: string, now: number): boolean {
  return couponStatus(c, now) === "active" && c.currency === currency;
}

export async function priceBasket(
  db: Executor,
  store: Store,
  basket: BasketRecord,
  now: number,
): Promise<PricedBasket> {
  const wanted = await findBasketLines(db, basket.id);
  const products =
    wanted.length === 0
      ? []
      : await db
          .selectFrom("store_products")
          .select(["id", "category_id", "name", "type", "price", "is_active", "stock", "trial_days"])
          .where("store_id", "=", store.id)
          .where(
            "id",
            "in",
            wanted.map((w) => w.product_id),
          )
          .execute();
  const byId = new Map(products.map((p) => [p.id, p]));
  const lines: BasketLine[] = [];
  for (const w of wanted) {
    const p = byId.get(w.product_id);
    if (!p) continue;
    lines.push({
      productId: p.id,
      categoryId: p.category_id,
      name: p.name,
      type: p.type,
      price: p.type === "subscription" && p.trial_days > 0 ? 0 : p.price,
      quantity: w.quantity,
      isActive: p.is_active === 1,
      stock: p.stock,
    });
  }
  const coupon =
    basket.coupon_id === null
      ? undefined
      : await db
          .selectFrom("store_coupons")
          .selectAll()
          .where("id", "=", basket.coupon_id)
          .executeTakeFirst();
  const ids = JSON.parse(basket.gift_card_ids) as number[];
  const cards =
    ids.length === 0
      ? []
      : await db
          .selectFrom("store_gift_cards")
          .select(["id", "code", "balance", "status", "currency", "expires_at"])
          .where("store_id", "=", store.id)
          .where("id", "in", ids)
          .execute();
  const giftCards = ids.flatMap((id) => {
    const g = cards.find((c) => c.id === id);
    return g
      ? [
          {
            id: g.id,
            code: g.code,
            balance: g.balance,
            status: g.status,
            currency: g.currency,
            expiresAt: g.expires_at,
          },
        ]
      : [];
  });
  const tax = await findTaxTerms(db, store.id);
  const live = coupon !== undefined && isCouponLive(coupon, store.currency, now) ? coupon : undefined;
  const totals = computeTotals(
    lines.map((l) => ({
      productId: l.productId,
      categoryId: l.categoryId,
      price: l.price,
      quantity: l.quantity,
    })),
    live === undefined ? null : couponTerms(live),
    tax,
    giftCards.map((g) => (isSpendable(g, store.currency, now) ? g.balance : 0)),
  );
  return { lines, coupon, giftCards, tax, totals };
}

/** True when the basket's subtotal stays below the exactness bound of the totals. */
export function isWithinLimits(p: PricedBasket): boolean {
  return p.totals.subtotal <= MAX_SUBTOTAL;
}

export function toBasketJson(
  store: Store,
  basket: BasketRecord,
  p: PricedBasket,
  token?: string,
): BasketJson {
  const money = (minor: number) => formatMoney(minor, store.currency);
  const giftCardTotal = p.totals.giftCards.reduce((s, x) => s + x, 0);
  return {
    ...(token === undefined ? {} : { token }),
    status: basket.status,
    currency: store.currency,
    email: basket.email,
    username: basket.username,
    minecraft_uuid: basket.minecraft_uuid,
    steam_id: basket.steam_id,
    discord_id: basket.discord_id,
    items: p.lines.map((l) => ({
      product_id: l.productId,
      name: l.name,
      type: l.type,
      price: money(l.price),
      quantity: l.quantity,
      line_total: money(l.price * l.quantity),
    })),
    coupon: p.coupon === undefined ? null : { code: p.coupon.code, discount: money(p.totals.discount) },
    gift_cards: p.giftCards.map((g, i) => ({
      code: `…${g.code.slice(-4)}`,
      balance: formatMoney(g.balance, g.currency),
      amount: money(p.totals.giftCards[i] ?? 0),
    })),
    subtotal: money(p.totals.subtotal),
    discount: money(p.totals.discount),
    tax: money(p.totals.tax),
    tax_inclusive: p.tax.inclusive,
    total: money(p.totals.total),
    gift_card_total: money(giftCardTotal),
    amount_due: money(p.totals.due),
    order_id: basket.order_id,
  };
}
