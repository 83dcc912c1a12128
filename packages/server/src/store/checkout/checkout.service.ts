// Checkout: turns an open basket into a pending order and a gateway payment in one transaction, taking the
// coupon use, gift card balances and stock with conditional updates (racing checkouts cannot overdraw).
import type { Executor } from "../../core/db/index.js";
import { AppError } from "../../core/errors/index.js";
import type { Store } from "../stores/store.repository.js";
import { takeOrderSequence } from "../stores/store.repository.js";
import type { StoreRouteDeps } from "../store-api.deps.js";
import { formatMoney } from "../shared/money.js";
import { invalidField, invalidFields } from "../shared/validation.js";
import { createCustomer } from "../customers/customer.service.js";
import { findCustomerIdByEmail } from "../customers/customer.repository.js";
import { insertOrder, insertOrderItems } from "../orders/order.repository.js";
import { getOrderJson, orderNumber } from "../orders/order.service.js";
import { markOrderPaid } from "../payments/order-payment.service.js";
import { insertPayment } from "../payments/payment.repository.js";
import type { CouponRecord } from "../coupons/coupon.repository.js";
import { getBasket } from "./basket.service.js";
import { isWithinLimits, priceBasket, type PricedBasket } from "./basket-pricing.js";
import { tryTakeCouponUse, trySpendGiftCard, tryTakeStock } from "./holds.js";
import type { CheckoutJson } from "./basket.schema.js";

export type CheckoutDeps = Pick<
  StoreRouteDeps,
  "database" | "clock" | "publish" | "deliveries" | "gateway" | "scheduleRenewal"
>;

/** Why the customer may not use the coupon (per-customer limit, first order only), or undefined. */
async function customerCouponProblem(db: Executor, c: CouponRecord, customerId: number | undefined) {
  if (customerId === undefined) return undefined;
  if (c.usage_limit_per_customer !== null) {
    const { n } = await db
      .selectFrom("store_coupon_redemptions")
      .select((eb) => eb.fn.countAll<string | number>().as("n"))
      .where("coupon_id", "=", c.id)
      .where("customer_id", "=", customerId)
      .executeTakeFirstOrThrow();
    if (Number(n) >= c.usage_limit_per_customer) return "You have already used this coupon.";
  }
  if (c.first_order_only === 1) {
    // Orders still awaiting payment count: otherwise several checkouts in flight could each be "first".
    const earlier = await db
      .selectFrom("store_orders")
      .select("id")
      .where("customer_id", "=", customerId)
      .where("status", "!=", "cancelled")
      .limit(1)
      .executeTakeFirst();
    if (earlier) return "This coupon is for first orders only.";
  }
  return undefined;
}

function assertCheckable(store: Store, priced: PricedBasket, email: string | null, now: number) {
  const errors: Record<string, string[]> = {};
  if (email === null) errors["email"] = ["The email field is required."];
  if (priced.lines.length === 0) errors["items"] = ["The basket is empty."];
  priced.lines.forEach((l) => {
    if (!l.isActive) errors[`items.${l.productId}`] = [`${l.name} is no longer available.`];
    else if (l.stock !== null && l.stock < l.quantity)
      errors[`items.${l.productId}`] = [`Only ${l.stock} of ${l.name} left in stock.`];
  });
  if (!isWithinLimits(priced)) errors["items"] = ["The basket total is too large."];
  const c = priced.coupon;
  if (c) {
    if (c.expires_at !== null && c.expires_at <= now) errors["coupon"] = ["This coupon has expired."];
    else if (c.is_active !== 1 || c.currency !== store.currency)
      errors["coupon"] = ["The coupon is not valid."];
    else if (c.starts_at !== null && c.starts_at > now) errors["coupon"] = ["This coupon is not active yet."];
    else if (c.usage_limit !== null && c.times_used >= c.usage_limit)
      errors["coupon"] = ["This coupon is no longer available."];
    else if (priced.totals.couponProblem === "minimum")
      errors["coupon"] = [
        `The order must be at least ${formatMoney(c.minimum_order_amount ?? 0, store.currency)} for this coupon.`,
      ];
    else if (priced.totals.couponProblem === "no_eligible_items")
      errors["coupon"] = ["The coupon does not apply to any item in the basket."];
  }
  if (Object.keys(errors).length > 0) throw invalidFields(errors);
}

/**
 * Checks out the basket: prices it again from the catalogue (nothing the client sent is a price), creates
 * the customer if new, the pending order with its items, takes stock, the coupon use and gift card amounts,
 * and starts the gateway payment for what remains. Paid in full by gift cards (or free), the order is paid
 * at once, unless it starts a subscription: then a payment of what is due (0 for a free trial) saves the card
 * its renewals are charged to. 409 when the basket was already checked out; 422 with per-field messages for everything else.
 */
export async function checkoutBasket(deps: CheckoutDeps, store: Store, token: string): Promise<CheckoutJson> {
  return deps.database.kysely.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    // The store row first (the order number), before the customer, stock and card rows: one lock order.
    const sequence = await takeOrderSequence(trx, store.id);
    const basket = await getBasket(trx, store, token);
    if (basket.status !== "open") throw new AppError("conflict", "The basket has been checked out.");
    const priced = await priceBasket(trx, store, basket, now);
    assertCheckable(store, priced, basket.email, now);
    const email = basket.email ?? "";
    let customerId = await findCustomerIdByEmail(trx, store.id, email);
    if (priced.coupon) {
      const problem = await customerCouponProblem(trx, priced.coupon, customerId);
      if (problem) throw invalidField("coupon", problem);
    }
    customerId ??= (
      await createCustomer(
        trx,
        store,
        {
          email,
          username: basket.username,
          discord_id: basket.discord_id,
          game_usernames: { minecraft: basket.username, steam_id: basket.steam_id },
        },
        deps,
      )
    ).id;
    const t = priced.totals;
    const metadata = Object.fromEntries(
      Object.entries({
        username: basket.username,
        minecraft_uuid: basket.minecraft_uuid,
        steam_id: basket.steam_id,
        discord_id: basket.discord_id,
      }).filter(([, v]) => v !== null),
    );
    const orderId = await insertOrder(trx, {
      store_id: store.id,
      order_number: orderNumber(sequence, now),
      customer_id: customerId,
      status: "pending",
      payment_status: "pending",
      subtotal: t.subtotal,
      tax: t.tax,
      discount: t.discount,
      total: t.total,
      refunded_amount: 0,
      currency: store.currency,
      payment_method: deps.gateway.name,
      metadata: JSON.stringify(metadata),
      note: null,
      created_at: now,
      updated_at: now,
      completed_at: null,
    });
    await insertOrderItems(
      trx,
      priced.lines.map((l) => ({
        order_id: orderId,
        product_id: l.productId,
        product_name: l.name,
        quantity: l.quantity,
        price: l.price,
        delivery_status: "pending",
      })),
    );
    for (const l of priced.lines) {
      if (!(await tryTakeStock(trx, l.productId, l.quantity)))
        throw invalidField(`items.${l.productId}`, `${l.name} is out of stock.`);
    }
    if (priced.coupon) {
      if (!(await tryTakeCouponUse(trx, priced.coupon.id, now)))
        throw invalidField("coupon", "This coupon is no longer available.");
      await trx
        .insertInto("store_coupon_redemptions")
        .values({
          store_id: store.id,
          coupon_id: priced.coupon.id,
          customer_id: customerId,
          order_id: orderId,
          discount: t.discount,
          created_at: now,
        })
        .execute();
    }
    for (const [i, card] of priced.giftCards.entries()) {
      const amount = t.giftCards[i] ?? 0;
      if (amount === 0) continue;
      const after = await trySpendGiftCard(trx, card.id, amount, now);
      if (after === undefined)
        throw invalidField(
          "gift_card",
          `The gift card …${card.code.slice(-4)} no longer covers ${formatMoney(amount, store.currency)}.`,
        );
      await trx
        .insertInto("store_gift_card_redemptions")
        .values({
          gift_card_id: card.id,
          amount,
          balance_before: after + amount,
          balance_after: after,
          order_id: orderId,
          created_at: now,
        })
        .execute();
    }
    await trx
      .updateTable("store_baskets")
      .set({ status: "checked_out", order_id: orderId, updated_at: now })
      .where("id", "=", basket.id)
      .execute();
    // Renewals charge the card saved at checkout: a subscription (a free trial, or one paid by gift cards)
    // goes through the hosted page even when nothing is due now, to save it.
    const savesCard = priced.lines.some((l) => l.type === "subscription");
    if (t.due === 0 && !savesCard) {
      const method = t.total === 0 ? "free" : "gift_card";
      const order = await markOrderPaid(trx, deps, {
        storeId: store.id,
        orderId,
        paymentMethod: method,
        gateway: method,
        savedMethod: null,
      });
      return { order: order ?? (await getOrderJson(trx, store.id, orderId)), payment: null };
    }
    const started = await deps.gateway.createPayment({
      amount: t.due,
      currency: store.currency,
      description: `${store.name} order`,
    });
    const paymentId = await insertPayment(trx, {
      store_id: store.id,
      order_id: orderId,
      subscription_id: null,
      gateway: deps.gateway.name,
      reference: started.reference,
      status: "requires_payment",
      amount: t.due,
      currency: store.currency,
      card_last4: null,
      payment_method: null,
      failure_code: null,
      failure_message: null,
      created_at: now,
      updated_at: now,
    });
    return {
      order: await getOrderJson(trx, store.id, orderId),
      payment: {
        id: paymentId,
        gateway: deps.gateway.name,
        status: "requires_payment",
        amount: formatMoney(t.due, store.currency),
        currency: store.currency,
        redirect_url: started.redirectUrl,
      },
    };
  });
}
