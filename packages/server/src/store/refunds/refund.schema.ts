// Wire shapes of refunds: the Refund object (inside an order's detail) and the refund request body.
import { Type, type Static } from "@sinclair/typebox";
import { formatMoney } from "../shared/money.js";
import { MoneyInput, MoneyJson } from "../shared/money.schema.js";
import { formatTimestamp } from "../shared/timestamps.js";
import type { RefundRecord } from "./refund.repository.js";

export const RefundJson = Type.Object({
  id: Type.Integer(),
  amount: MoneyJson,
  reason: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String(),
});
export type RefundJson = Static<typeof RefundJson>;

/** `POST /orders/{id}/refund`. Without `amount`, whatever remains of the order is refunded. */
export const RefundOrderBody = Type.Object({
  amount: Type.Optional(MoneyInput),
  reason: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
});
export type RefundOrderBody = Static<typeof RefundOrderBody>;

export function toRefundJson(r: RefundRecord): RefundJson {
  return {
    id: r.id,
    amount: formatMoney(r.amount, r.currency),
    reason: r.reason,
    created_at: formatTimestamp(r.created_at),
  };
}
