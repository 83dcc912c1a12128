// Wire shapes of orders: the Order object (nested customer, items), list query and write bodies.
import { Type, type Static } from "@sinclair/typebox";
import { formatMoney } from "../shared/money.js";
import { MoneyInput, MoneyJson } from "../shared/money.schema.js";
import { DateRangeQuery, listQuery, PageQuery, sortQuery } from "../shared/list-query.schema.js";
import { formatOptionalTimestamp, formatTimestamp } from "../shared/timestamps.js";
import { EMAIL_PATTERN } from "../customers/customer.schema.js";
import { literals } from "../shared/fields.schema.js";
import { RefundJson, toRefundJson } from "../refunds/refund.schema.js";
import type { RefundRecord } from "../refunds/refund.repository.js";
import type { OrderItemRecord, OrderRecord } from "./order.repository.js";
import { DeliveryJson, DiscordOperationJson } from "../deliveries/delivery.schema.js";

export const orderStatuses = ["pending", "processing", "completed", "refunded", "cancelled"] as const;
export const paymentStatuses = ["pending", "paid", "failed", "refunded"] as const;

export const OrderItemJson = Type.Object({
  id: Type.Integer(),
  product_id: Type.Union([Type.Integer(), Type.Null()]),
  product_name: Type.String(),
  quantity: Type.Integer(),
  price: MoneyJson,
  delivery_status: Type.String(),
});

export const OrderJson = Type.Object({
  id: Type.Integer(),
  order_number: Type.String(),
  status: literals(orderStatuses),
  payment_status: literals(paymentStatuses),
  total: MoneyJson,
  subtotal: MoneyJson,
  tax: MoneyJson,
  discount: MoneyJson,
  /** Sum of the order's refunds; equals `total` once `payment_status` is `refunded`. */
  refunded_amount: MoneyJson,
  currency: Type.String(),
  customer: Type.Object({
    id: Type.Integer(),
    email: Type.String(),
    username: Type.Union([Type.String(), Type.Null()]),
  }),
  items: Type.Array(OrderItemJson),
  payment_method: Type.Union([Type.String(), Type.Null()]),
  metadata: Type.Record(Type.String(), Type.Unknown()),
  created_at: Type.String(),
  completed_at: Type.Union([Type.String(), Type.Null()]),
});
export type OrderJson = Static<typeof OrderJson>;

/**
 * One order, the same wherever it is shown (GET /orders/{id}, every write's answer, the order.* events): the
 * list shape plus its refunds, and its delivery details — each game-server command (status, server,
 * attempts, last error, times) and each Discord role operation — all oldest first.
 */
export const OrderDetailJson = Type.Composite([
  OrderJson,
  Type.Object({
    refunds: Type.Array(RefundJson),
    deliveries: Type.Array(DeliveryJson),
    discord_operations: Type.Array(DiscordOperationJson),
  }),
]);
export type OrderDetailJson = Static<typeof OrderDetailJson>;

export const ListOrdersQuery = listQuery({
  ...PageQuery,
  ...DateRangeQuery,
  status: Type.Optional(literals(orderStatuses)),
  payment_status: Type.Optional(literals(paymentStatuses)),
  customer_email: Type.Optional(Type.String({ maxLength: 254 })),
  order_number: Type.Optional(Type.String({ maxLength: 64 })),
  ...sortQuery(["created_at", "total", "order_number"]),
});
export type ListOrdersQuery = Static<typeof ListOrdersQuery>;

export const CustomerOrdersQuery = listQuery({
  ...PageQuery,
  ...sortQuery(["created_at", "total", "order_number"]),
});
export type CustomerOrdersQuery = Static<typeof CustomerOrdersQuery>;

export const FulfillOrderBody = Type.Object({
  note: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
});
export type FulfillOrderBody = Static<typeof FulfillOrderBody>;

/** A manual or imported order. Either `customer_id` or `customer` (found or created by email). */
export const CreateOrderBody = Type.Object({
  customer_id: Type.Optional(Type.Integer({ minimum: 1 })),
  customer: Type.Optional(
    Type.Object({
      email: Type.String({
        pattern: EMAIL_PATTERN,
        maxLength: 254,
        "x-message": "The :attribute must be a valid email address.",
      }),
      username: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
    }),
  ),
  items: Type.Array(
    Type.Object({
      product_id: Type.Integer({ minimum: 1 }),
      quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
      /** Unit price; default: the product's current price. */
      price: Type.Optional(MoneyInput),
    }),
    { minItems: 1, maxItems: 100 },
  ),
  status: Type.Optional(literals(orderStatuses)),
  payment_status: Type.Optional(literals(paymentStatuses)),
  payment_method: Type.Optional(Type.Union([Type.String({ maxLength: 50 }), Type.Null()])),
  tax: Type.Optional(MoneyInput),
  discount: Type.Optional(MoneyInput),
  metadata: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  /** Imports keep their numbers (unique per store); default `ORD-<year>-<seq>`. */
  order_number: Type.Optional(Type.String({ pattern: "^[A-Za-z0-9-]{1,64}$" })),
  /** Imports keep their dates (ISO-8601); default now. */
  created_at: Type.Optional(Type.String({ maxLength: 40 })),
});
export type CreateOrderBody = Static<typeof CreateOrderBody>;

export function toOrderJson(o: OrderRecord, items: readonly OrderItemRecord[]): OrderJson {
  const money = (minor: number) => formatMoney(minor, o.currency);
  return {
    id: o.id,
    order_number: o.order_number,
    status: o.status,
    payment_status: o.payment_status,
    total: money(o.total),
    subtotal: money(o.subtotal),
    tax: money(o.tax),
    discount: money(o.discount),
    refunded_amount: money(o.refunded_amount),
    currency: o.currency,
    customer: { id: o.customer_id, email: o.customer_email, username: o.customer_username },
    items: items.map((i) => ({
      id: i.id,
      product_id: i.product_id,
      product_name: i.product_name,
      quantity: i.quantity,
      price: money(i.price),
      delivery_status: i.delivery_status,
    })),
    payment_method: o.payment_method,
    metadata: JSON.parse(o.metadata) as Record<string, unknown>,
    created_at: formatTimestamp(o.created_at),
    completed_at: formatOptionalTimestamp(o.completed_at),
  };
}

export function toOrderDetailJson(
  o: OrderRecord,
  items: readonly OrderItemRecord[],
  refunds: readonly RefundRecord[],
  deliveries: Pick<OrderDetailJson, "deliveries" | "discord_operations">,
): OrderDetailJson {
  return { ...toOrderJson(o, items), refunds: refunds.map(toRefundJson), ...deliveries };
}
