// What a checkout takes and gives back: coupon uses, gift card balances and stock, each taken by one
// conditional UPDATE whose affected-row count says whether it won (so racing checkouts never overdraw).
import { sql } from "kysely";
import type { Executor } from "../../core/db/index.js";

/**
 * Takes one use of the coupon if it is still redeemable at `now` (active, started, unexpired, under its
 * usage limit). False when it is not — e.g. another checkout took the last use first.
 */
export async function tryTakeCouponUse(db: Executor, couponId: number, now: number): Promise<boolean> {
  const r = await db
    .updateTable("store_coupons")
    .set((eb) => ({ times_used: eb("times_used", "+", 1) }))
    .where("id", "=", couponId)
    .where("is_active", "=", 1)
    .where((eb) =>
      eb.and([
        eb.or([eb("usage_limit", "is", null), eb("times_used", "<", eb.ref("usage_limit"))]),
        eb.or([eb("starts_at", "is", null), eb("starts_at", "<=", now)]),
        eb.or([eb("expires_at", "is", null), eb("expires_at", ">", now)]),
      ]),
    )
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/**
 * Spends `amount` of an active, unexpired card with at least that balance. Returns the balance after, or
 * undefined when the card could not pay it (spent, revoked or expired meanwhile).
 */
export async function trySpendGiftCard(
  db: Executor,
  cardId: number,
  amount: number,
  now: number,
): Promise<number | undefined> {
  const row = await db
    .updateTable("store_gift_cards")
    .set((eb) => ({
      balance: eb("balance", "-", amount),
      status: sql<"active" | "depleted">`case when balance = ${amount} then 'depleted' else 'active' end`,
      first_used_at: eb.fn.coalesce("first_used_at", eb.val(now)),
      last_used_at: now,
      updated_at: now,
    }))
    .where("id", "=", cardId)
    .where("status", "=", "active")
    .where("balance", ">=", amount)
    .where((eb) => eb.or([eb("expires_at", "is", null), eb("expires_at", ">", now)]))
    .returning("balance")
    .executeTakeFirst();
  return row?.balance;
}

/** Takes `quantity` of a limited product's stock; false when not enough is left (unlimited always wins). */
export async function tryTakeStock(db: Executor, productId: number, quantity: number): Promise<boolean> {
  const r = await db
    .updateTable("store_products")
    .set((eb) => ({ stock: eb("stock", "-", quantity) }))
    .where("id", "=", productId)
    .where((eb) => eb.or([eb("stock", "is", null), eb("stock", ">=", quantity)]))
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** What each gift card paid for the order and has not had back, in the order the cards were used. */
export async function findGiftCardsSpent(
  db: Executor,
  orderId: number,
): Promise<{ giftCardId: number; amount: number }[]> {
  const rows = await db
    .selectFrom("store_gift_card_redemptions")
    .select((eb) => [
      "gift_card_id",
      eb.fn.sum<number | string>("amount").as("net"),
      eb.fn.min<number>("id").as("first"),
    ])
    .where("order_id", "=", orderId)
    .groupBy("gift_card_id")
    .orderBy("first")
    .execute();
  return rows.map((r) => ({ giftCardId: r.gift_card_id, amount: Number(r.net) }));
}

/**
 * Gives `amount` back to a card (a failed payment's hold, or a refund), recorded as a negative redemption
 * of the order. A depleted card becomes active again; a revoked one stays revoked.
 */
export async function restoreGiftCard(
  db: Executor,
  cardId: number,
  orderId: number,
  amount: number,
  now: number,
): Promise<void> {
  if (amount <= 0) return;
  const row = await db
    .updateTable("store_gift_cards")
    .set((eb) => ({
      balance: eb("balance", "+", amount),
      status: sql<"active" | "revoked">`case when status = 'revoked' then 'revoked' else 'active' end`,
      updated_at: now,
    }))
    .where("id", "=", cardId)
    .returning("balance")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("store_gift_card_redemptions")
    .values({
      gift_card_id: cardId,
      amount: -amount,
      balance_before: row.balance - amount,
      balance_after: row.balance,
      order_id: orderId,
      created_at: now,
    })
    .execute();
}

/**
 * Gives back everything an unpaid order held: its coupon use, what its gift cards paid, and its stock.
 * Runs in the transaction that fails or cancels the order.
 */
export async function releaseOrderHolds(db: Executor, orderId: number, now: number): Promise<void> {
  const coupons = await db
    .deleteFrom("store_coupon_redemptions")
    .where("order_id", "=", orderId)
    .returning("coupon_id")
    .execute();
  for (const c of coupons) {
    await db
      .updateTable("store_coupons")
      .set((eb) => ({ times_used: eb("times_used", "-", 1) }))
      .where("id", "=", c.coupon_id)
      .where("times_used", ">", 0)
      .execute();
  }
  for (const spent of await findGiftCardsSpent(db, orderId)) {
    await restoreGiftCard(db, spent.giftCardId, orderId, spent.amount, now);
  }
  const items = await db
    .selectFrom("store_order_items")
    .select(["product_id", "quantity"])
    .where("order_id", "=", orderId)
    .execute();
  for (const i of items) {
    if (i.product_id === null) continue;
    await db
      .updateTable("store_products")
      .set((eb) => ({ stock: eb("stock", "+", i.quantity) }))
      .where("id", "=", i.product_id)
      .where("stock", "is not", null)
      .execute();
  }
}
