// Demo data beyond the catalogue and orders: refunds, subscriptions, coupons and gift cards (`seed-demo`).
import type { Executor } from "../../core/db/index.js";
import type { Store } from "../stores/store.repository.js";
import { addInterval } from "../subscriptions/billing-period.js";
import type { SubscriptionStatus } from "../subscriptions/subscription.tables.js";

export interface DemoCommerceContext {
  store: Store;
  now: number;
  /** How far back the demo data reaches, ms. */
  span: number;
  random: () => number;
  customerIds: readonly number[];
}

export interface DemoCommerceReport {
  subscriptions: number;
  coupons: number;
  giftCards: number;
}

const DAY = 86_400_000;
const SUBSCRIPTION_STATUSES: [SubscriptionStatus, number][] = [
  ["active", 70],
  ["trialing", 10],
  ["past_due", 5],
  ["canceled", 15],
];
const CODE_SYMBOLS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/**
 * Adds the rest of a believable store to freshly seeded orders, in the caller's transaction and without
 * events: every refunded order gets its refund row, a few paid orders a partial refund, the customers a
 * few dozen subscriptions to the subscription products, and the store four coupons and six gift cards.
 */
export async function seedDemoCommerce(trx: Executor, ctx: DemoCommerceContext): Promise<DemoCommerceReport> {
  await seedRefunds(trx, ctx);
  const subscriptions = await seedSubscriptions(trx, ctx);
  const coupons = await seedCoupons(trx, ctx);
  const giftCards = await seedGiftCards(trx, ctx);
  return { subscriptions, coupons, giftCards };
}

async function seedRefunds(trx: Executor, { store }: DemoCommerceContext): Promise<void> {
  await trx
    .updateTable("store_orders")
    .set((eb) => ({ refunded_amount: eb.ref("total") }))
    .where("store_id", "=", store.id)
    .where("payment_status", "=", "refunded")
    .execute();
  // Partial refunds on a handful of paid orders, so refunded_amount shows up on paid orders too.
  const partial = await trx
    .selectFrom("store_orders")
    .select(["id", "total"])
    .where("store_id", "=", store.id)
    .where("payment_status", "=", "paid")
    .orderBy("id")
    .limit(3)
    .execute();
  for (const o of partial) {
    await trx
      .updateTable("store_orders")
      .set({ refunded_amount: Math.floor(o.total / 2) })
      .where("id", "=", o.id)
      .execute();
  }
  await trx
    .insertInto("store_order_refunds")
    .columns(["store_id", "order_id", "amount", "currency", "reason", "created_at"])
    .expression((eb) =>
      eb
        .selectFrom("store_orders")
        .select((s) => [
          "store_id",
          "id",
          "refunded_amount",
          "currency",
          s.val("Requested by customer").as("reason"),
          s("updated_at", "+", DAY).as("created_at"),
        ])
        .where("store_id", "=", store.id)
        .where("refunded_amount", ">", 0),
    )
    .execute();
}

async function seedSubscriptions(trx: Executor, ctx: DemoCommerceContext): Promise<number> {
  const { store, now, span, random, customerIds } = ctx;
  const plans = await trx
    .selectFrom("store_products")
    .select(["id", "name", "price"])
    .where("store_id", "=", store.id)
    .where("type", "=", "subscription")
    .orderBy("id")
    .execute();
  if (plans.length === 0) return 0;
  const count = Math.min(40, Math.max(3, Math.floor(customerIds.length / 10)));
  const rows = Array.from({ length: count }, (_, i) => {
    const plan = plans[i % plans.length] ?? plans[0];
    let roll = random() * 100;
    const status = SUBSCRIPTION_STATUSES.find(([, w]) => (roll -= w) < 0)?.[0] ?? "active";
    const createdAt = now - Math.floor(random() * span);
    // Roll monthly periods forward to the one running now.
    let start = createdAt;
    while (addInterval(start, "month", 1) <= now) start = addInterval(start, "month", 1);
    const end = addInterval(start, "month", 1);
    const endedAt = status === "canceled" ? createdAt + Math.floor(random() * (now - createdAt)) : null;
    return {
      store_id: store.id,
      customer_id: customerIds[Math.floor(random() * customerIds.length)] ?? 0,
      product_id: plan?.id ?? null,
      product_name: plan?.name ?? "",
      price: plan?.price ?? 0,
      currency: store.currency,
      interval: "month" as const,
      interval_count: 1,
      status,
      payment_gateway: random() < 0.7 ? "stripe" : "paypal",
      gateway_subscription_id: `sub_demo_${String(i + 1)}`,
      gateway_customer_id: null,
      current_period_start: endedAt === null ? start : createdAt,
      current_period_end: endedAt === null ? end : Math.max(endedAt, createdAt + 1),
      trial_ends_at: status === "trialing" ? end : null,
      cancel_at_period_end: status === "active" && random() < 0.1 ? 1 : 0,
      canceled_at: endedAt,
      ended_at: endedAt,
      cancellation_reason: endedAt === null ? null : "Demo cancellation",
      order_id: null,
      created_at: createdAt,
      updated_at: endedAt ?? createdAt,
    };
  });
  await trx.insertInto("store_subscriptions").values(rows).execute();
  return rows.length;
}

async function seedCoupons(trx: Executor, { store, now }: DemoCommerceContext): Promise<number> {
  const base = {
    store_id: store.id,
    description: null,
    currency: store.currency,
    minimum_order_amount: null,
    maximum_discount: null,
    usage_limit: null,
    usage_limit_per_customer: null,
    is_active: 1,
    first_order_only: 0,
    starts_at: null,
    expires_at: null,
    applicable_products: null,
    applicable_categories: null,
    excluded_products: null,
    created_at: now - 60 * DAY,
    updated_at: now - 60 * DAY,
  };
  const coupons = [
    {
      ...base,
      code: "WELCOME10",
      name: "Welcome 10% off",
      type: "percentage" as const,
      value: 1000,
      first_order_only: 1,
      usage_limit_per_customer: 1,
      times_used: 57,
    },
    {
      ...base,
      code: "SUMMER25",
      name: "Summer Sale 25% Off",
      type: "percentage" as const,
      value: 2500,
      maximum_discount: 5000,
      usage_limit: 100,
      times_used: 42,
      starts_at: now - 50 * DAY,
      expires_at: now - 10 * DAY,
    },
    {
      ...base,
      code: "FIVEOFF",
      name: "$5 off $20",
      type: "fixed_amount" as const,
      value: 500,
      minimum_order_amount: 2000,
      times_used: 7,
    },
    {
      ...base,
      code: "FREESHIP",
      name: "Free shipping week",
      type: "free_shipping" as const,
      value: 0,
      starts_at: now + 7 * DAY,
      expires_at: now + 14 * DAY,
      times_used: 0,
    },
  ];
  await trx.insertInto("store_coupons").values(coupons).execute();
  return coupons.length;
}

async function seedGiftCards(trx: Executor, ctx: DemoCommerceContext): Promise<number> {
  const { store, now, random, customerIds } = ctx;
  const code = () =>
    [
      "DEMO",
      ...Array.from({ length: 3 }, () =>
        Array.from({ length: 4 }, () => CODE_SYMBOLS[Math.floor(random() * CODE_SYMBOLS.length)] ?? "A").join(
          "",
        ),
      ),
    ].join("-");
  const recipients = await trx
    .selectFrom("store_customers")
    .select(["id", "email"])
    .where("id", "in", customerIds.slice(0, 6).length > 0 ? [...customerIds.slice(0, 6)] : [0])
    .orderBy("id")
    .execute();
  // [initial, spent, revoked] in minor units.
  const specs: [number, number, boolean][] = [
    [5000, 1450, false],
    [2500, 0, false],
    [1000, 1000, false],
    [5000, 0, false],
    [2500, 0, true],
    [10000, 2500, false],
  ];
  let n = 0;
  for (const [i, [initial, spent, revoked]] of specs.entries()) {
    const recipient = recipients[i % Math.max(1, recipients.length)];
    const createdAt = now - (40 - i * 5) * DAY;
    const usedAt = spent > 0 ? createdAt + 5 * DAY : null;
    const balance = initial - spent;
    const row = await trx
      .insertInto("store_gift_cards")
      .values({
        store_id: store.id,
        code: code(),
        initial_balance: initial,
        balance,
        currency: store.currency,
        status: revoked ? "revoked" : balance === 0 ? "depleted" : "active",
        recipient_email: recipient?.email ?? null,
        recipient_name: null,
        personal_message: i === 0 ? "Happy Birthday!" : null,
        customer_id: recipient?.id ?? null,
        product_id: null,
        order_id: null,
        purchased_at: createdAt,
        first_used_at: usedAt,
        last_used_at: usedAt,
        expires_at: createdAt + 365 * DAY,
        revoked_at: revoked ? createdAt + DAY : null,
        revoke_reason: revoked ? "Chargeback on the purchase" : null,
        created_at: createdAt,
        updated_at: usedAt ?? createdAt,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (spent > 0 && usedAt !== null) {
      await trx
        .insertInto("store_gift_card_redemptions")
        .values({
          gift_card_id: row.id,
          amount: spent,
          balance_before: initial,
          balance_after: balance,
          order_id: null,
          created_at: usedAt,
        })
        .execute();
    }
    n++;
  }
  return n;
}
