// Wire shapes of gift cards: the GiftCard object (list and detail with redemptions), list query, write bodies.
import { Type, type Static } from "@sinclair/typebox";
import { EMAIL_PATTERN } from "../customers/customer.schema.js";
import { literals, NullableTimestampInput } from "../shared/fields.schema.js";
import { listQuery, PageQuery, SearchQuery, sortQuery } from "../shared/list-query.schema.js";
import { formatMoney } from "../shared/money.js";
import { MoneyInput, MoneyJson } from "../shared/money.schema.js";
import { formatOptionalTimestamp, formatTimestamp } from "../shared/timestamps.js";
import type { GiftCardRecord, RedemptionRecord } from "./gift-card.repository.js";

export const giftCardStatuses = ["active", "depleted", "revoked"] as const;

const NullableString = Type.Union([Type.String(), Type.Null()]);
const OrderRef = Type.Union([Type.Object({ id: Type.Integer(), order_number: Type.String() }), Type.Null()]);

export const GiftCardJson = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  initial_balance: MoneyJson,
  balance: MoneyJson,
  currency: Type.String(),
  status: literals(giftCardStatuses),
  recipient_email: NullableString,
  recipient_name: NullableString,
  personal_message: NullableString,
  customer_id: Type.Union([Type.Integer(), Type.Null()]),
  product: Type.Union([Type.Object({ id: Type.Integer(), name: Type.String() }), Type.Null()]),
  order: OrderRef,
  purchased_at: NullableString,
  first_used_at: NullableString,
  last_used_at: NullableString,
  expires_at: NullableString,
  revoked_at: NullableString,
  created_at: Type.String(),
});
export type GiftCardJson = Static<typeof GiftCardJson>;

export const RedemptionJson = Type.Object({
  id: Type.Integer(),
  amount: MoneyJson,
  balance_before: MoneyJson,
  balance_after: MoneyJson,
  order: OrderRef,
  created_at: Type.String(),
});

export const GiftCardDetailJson = Type.Composite([
  GiftCardJson,
  Type.Object({ revoke_reason: NullableString, redemptions: Type.Array(RedemptionJson) }),
]);
export type GiftCardDetailJson = Static<typeof GiftCardDetailJson>;

export const ListGiftCardsQuery = listQuery({
  ...PageQuery,
  ...SearchQuery,
  status: Type.Optional(literals(giftCardStatuses)),
  email: Type.Optional(Type.String({ maxLength: 254 })),
  ...sortQuery(["created_at", "balance", "expires_at"]),
});
export type ListGiftCardsQuery = Static<typeof ListGiftCardsQuery>;

const OptionalText = (maxLength: number) =>
  Type.Optional(Type.Union([Type.String({ maxLength }), Type.Null()]));
const OptionalId = Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]));

/** Issue a card. Without `code` one is generated; `currency` defaults to the store's. */
export const IssueGiftCardBody = Type.Object({
  initial_balance: MoneyInput,
  code: Type.Optional(
    Type.String({
      pattern: "^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$",
      minLength: 4,
      maxLength: 64,
      "x-message": "The :attribute must be 4 to 64 letters and digits, optionally grouped by dashes.",
    }),
  ),
  currency: Type.Optional(
    Type.String({
      pattern: "^[A-Za-z]{3}$",
      "x-message": "The :attribute must be a 3-letter ISO 4217 code.",
    }),
  ),
  expires_at: Type.Optional(NullableTimestampInput),
  recipient_email: Type.Optional(
    Type.Union([Type.String({ pattern: EMAIL_PATTERN, maxLength: 254 }), Type.Null()], {
      "x-message": "The :attribute must be a valid email address.",
    }),
  ),
  recipient_name: OptionalText(255),
  personal_message: OptionalText(1000),
  customer_id: OptionalId,
  product_id: OptionalId,
  order_id: OptionalId,
});
export type IssueGiftCardBody = Static<typeof IssueGiftCardBody>;

export const RevokeGiftCardBody = Type.Object({ reason: OptionalText(500) });
export type RevokeGiftCardBody = Static<typeof RevokeGiftCardBody>;

export const RedeemGiftCardBody = Type.Object({ amount: MoneyInput, order_id: OptionalId });
export type RedeemGiftCardBody = Static<typeof RedeemGiftCardBody>;

export function toGiftCardJson(g: GiftCardRecord): GiftCardJson {
  const money = (minor: number) => formatMoney(minor, g.currency);
  return {
    id: g.id,
    code: g.code,
    initial_balance: money(g.initial_balance),
    balance: money(g.balance),
    currency: g.currency,
    status: g.status,
    recipient_email: g.recipient_email,
    recipient_name: g.recipient_name,
    personal_message: g.personal_message,
    customer_id: g.customer_id,
    product:
      g.product_id === null || g.product_name === null ? null : { id: g.product_id, name: g.product_name },
    order:
      g.order_id === null || g.order_number === null
        ? null
        : { id: g.order_id, order_number: g.order_number },
    purchased_at: formatOptionalTimestamp(g.purchased_at),
    first_used_at: formatOptionalTimestamp(g.first_used_at),
    last_used_at: formatOptionalTimestamp(g.last_used_at),
    expires_at: formatOptionalTimestamp(g.expires_at),
    revoked_at: formatOptionalTimestamp(g.revoked_at),
    created_at: formatTimestamp(g.created_at),
  };
}

export function toGiftCardDetailJson(
  g: GiftCardRecord,
  redemptions: readonly RedemptionRecord[],
): GiftCardDetailJson {
  const money = (minor: number) => formatMoney(minor, g.currency);
  return {
    ...toGiftCardJson(g),
    revoke_reason: g.revoke_reason,
    redemptions: redemptions.map((r) => ({
      id: r.id,
      amount: money(r.amount),
      balance_before: money(r.balance_before),
      balance_after: money(r.balance_after),
      order:
        r.order_id === null || r.order_number === null
          ? null
          : { id: r.order_id, order_number: r.order_number },
      created_at: formatTimestamp(r.created_at),
    })),
  };
}
