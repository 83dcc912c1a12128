// The `data` of every store webhook event, defined once: the OpenAPI document's `webhooks` and the SDK's typed
// events derive from this table.
import { Type, type TSchema } from "@sinclair/typebox";
import type { StoreEventType } from "../../webhooks/events.js";
import { CustomerDetailJson } from "../customers/customer.schema.js";
import { OrderDetailJson } from "../orders/order.schema.js";
import { ProductDetailJson } from "../catalog/product.schema.js";
import { SubscriptionJson } from "../subscriptions/subscription.schema.js";

// Events whose objects belong to features still being built (commerce, disputes, tickets): an object with an
// id, open to more members, so receivers can already subscribe and the shape can only grow.
const OpenObject = (description: string) =>
  Type.Object(
    { id: Type.Union([Type.Integer(), Type.String()]) },
    { additionalProperties: true, description },
  );

const TestEventJson = Type.Object({
  webhook_id: Type.Integer(),
  message: Type.String(),
  sent_at: Type.String(),
});

const EndpointDisabledJson = Type.Object({
  id: Type.Integer(),
  url: Type.String(),
  reason: Type.String(),
  disabled_at: Type.String(),
});

/** Each store event type and the schema of its envelope's `data` (store-api.md §3). */
export const storeEventData = {
  "order.received": OrderDetailJson,
  "order.refunded": OrderDetailJson,
  "payment.failed": OrderDetailJson,
  "subscription.created": SubscriptionJson,
  "subscription.renewed": SubscriptionJson,
  "subscription.cancelled": SubscriptionJson,
  "subscription.payment_failed": SubscriptionJson,
  "customer.created": CustomerDetailJson,
  "delivery.completed": OpenObject("the delivery"),
  "delivery.failed": OpenObject("the delivery"),
  "product.created": ProductDetailJson,
  "product.updated": ProductDetailJson,
  "product.deleted": ProductDetailJson,
  "dispute.created": OpenObject("the dispute"),
  "dispute.resolved": OpenObject("the dispute"),
  "ticket.created": OpenObject("the ticket"),
  "ticket.reply": OpenObject("the ticket reply"),
  "webhook.test": TestEventJson,
  "webhook.endpoint_disabled": EndpointDisabledJson,
} as const satisfies Record<StoreEventType, TSchema>;

/** The body of a store delivery of `type`: `{id, event_type, created_at, data}`. */
export function storeEventEnvelope(type: StoreEventType): TSchema {
  return Type.Object({
    id: Type.String({ description: "the delivery id (X-Webhook-ID), the same on every retry" }),
    event_type: Type.Literal(type),
    created_at: Type.String({ examples: ["2025-01-20T14:30:00.000000Z"] }),
    data: storeEventData[type],
  });
}
