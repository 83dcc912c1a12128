// Wire shapes of subscriptions: the Subscription object, list query, and the create (import) and cancel bodies.
import { Type, type Static } from "@sinclair/typebox";
import { literals, NullableTimestampInput, TimestampInput } from "../shared/fields.schema.js";
import { listQuery, PageQuery, sortQuery } from "../shared/list-query.schema.js";
import { formatMoney } from "../shared/money.js";
import { MoneyInput, MoneyJson } from "../shared/money.schema.js";
import { formatOptionalTimestamp, formatTimestamp } from "../shared/timestamps.js";
import type { SubscriptionRecord } from "./subscription.repository.js";

export const subscriptionStatuses = ["active", "trialing", "past_due", "canceled", "incomplete"] as const;
export const billingIntervals = ["day", "week", "month", "year"] as const;

const NullableString = Type.Union([Type.String(), Type.Null()]);

export const SubscriptionJson = Type.Object({
  id: Type.Integer(),
  customer_id: Type.Integer(),
  product_id: Type.Union([Type.Integer(), Type.Null()]),
  status: literals(subscriptionStatuses),
  payment_gateway: NullableString,
  gateway_subscription_id: NullableString,
  gateway_customer_id: NullableString,
  /** As subscribed: name and price per period stay when the product changes or is deleted. */
  product: Type.Object({
    id: Type.Union([Type.Integer(), Type.Null()]),
    name: Type.String(),
    price: MoneyJson,
    currency: Type.String(),
  }),
  customer: Type.Object({ id: Type.Integer(), email: Type.String(), username: NullableString }),
  interval: literals(billingIntervals),
  interval_count: Type.Integer(),
  current_period_start: Type.String(),
  current_period_end: Type.String(),
  trial_ends_at: NullableString,
  cancel_at_period_end: Type.Boolean(),
  canceled_at: NullableString,
  ended_at: NullableString,
  cancellation_reason: NullableString,
  created_at: Type.String(),
  updated_at: Type.String(),
});
export type SubscriptionJson = Static<typeof SubscriptionJson>;

export const ListSubscriptionsQuery = listQuery({
  ...PageQuery,
  status: Type.Optional(literals(subscriptionStatuses)),
  customer_id: Type.Optional(Type.Integer({ minimum: 1 })),
  product_id: Type.Optional(Type.Integer({ minimum: 1 })),
  ...sortQuery(["created_at", "current_period_end"]),
});
export type ListSubscriptionsQuery = Static<typeof ListSubscriptionsQuery>;

const OptionalText = (maxLength: number) =>
  Type.Optional(Type.Union([Type.String({ maxLength }), Type.Null()]));

/**
 * A manual or imported subscription (checkout creates them once payments exist). The product must be a
 * `subscription` product; price defaults to the product's, the period to one month from now.
 */
export const CreateSubscriptionBody = Type.Object({
  customer_id: Type.Integer({ minimum: 1 }),
  product_id: Type.Integer({ minimum: 1 }),
  status: Type.Optional(literals(subscriptionStatuses)),
  price: Type.Optional(MoneyInput),
  interval: Type.Optional(literals(billingIntervals)),
  interval_count: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
  current_period_start: Type.Optional(TimestampInput),
  current_period_end: Type.Optional(TimestampInput),
  trial_ends_at: Type.Optional(NullableTimestampInput),
  payment_gateway: OptionalText(50),
  gateway_subscription_id: OptionalText(255),
  gateway_customer_id: OptionalText(255),
  order_id: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
});
export type CreateSubscriptionBody = Static<typeof CreateSubscriptionBody>;

/** `at_period_end: true` keeps access until `current_period_end`; default: canceled now. */
export const CancelSubscriptionBody = Type.Object({
  at_period_end: Type.Optional(Type.Boolean()),
  reason: OptionalText(500),
});
export type CancelSubscriptionBody = Static<typeof CancelSubscriptionBody>;

export function toSubscriptionJson(s: SubscriptionRecord): SubscriptionJson {
  return {
    id: s.id,
    customer_id: s.customer_id,
    product_id: s.product_id,
    status: s.status,
    payment_gateway: s.payment_gateway,
    gateway_subscription_id: s.gateway_subscription_id,
    gateway_customer_id: s.gateway_customer_id,
    product: {
      id: s.product_id,
      name: s.product_name,
      price: formatMoney(s.price, s.currency),
      currency: s.currency,
    },
    customer: { id: s.customer_id, email: s.customer_email, username: s.customer_username },
    interval: s.interval,
    interval_count: s.interval_count,
    current_period_start: formatTimestamp(s.current_period_start),
    current_period_end: formatTimestamp(s.current_period_end),
    trial_ends_at: formatOptionalTimestamp(s.trial_ends_at),
    cancel_at_period_end: s.cancel_at_period_end === 1,
    canceled_at: formatOptionalTimestamp(s.canceled_at),
    ended_at: formatOptionalTimestamp(s.ended_at),
    cancellation_reason: s.cancellation_reason,
    created_at: formatTimestamp(s.created_at),
    updated_at: formatTimestamp(s.updated_at),
  };
}
