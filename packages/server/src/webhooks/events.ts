// The event types each profile publishes, and the legacy names endpoints may subscribe with.

/** Store events (Pixlpay docs, store-api.md §3). */
export const storeEventTypes = [
  "order.received",
  "order.refunded",
  "payment.failed",
  "subscription.created",
  "subscription.renewed",
  "subscription.cancelled",
  "subscription.payment_failed",
  "customer.created",
  "delivery.completed",
  "delivery.failed",
  "product.created",
  "product.updated",
  "product.deleted",
  "dispute.created",
  "dispute.resolved",
  "ticket.created",
  "ticket.reply",
  "webhook.test",
  "webhook.endpoint_disabled",
] as const;

export type StoreEventType = (typeof storeEventTypes)[number];

/** Older Pixlpay docs' names, accepted as subscriptions and mapped onto today's events. */
export const legacyEventAliases: Record<string, readonly StoreEventType[]> = {
  "order.created": ["order.received"],
  "order.paid": ["order.received"],
  "order.completed": ["delivery.completed"],
};

/** Every name an endpoint may subscribe to. */
export const subscribableEventTypes: readonly string[] = [
  ...storeEventTypes,
  ...Object.keys(legacyEventAliases),
  "*",
];

/** True when an endpoint subscribed to `subscriptions` wants an event of `type`. */
export function isSubscribed(subscriptions: readonly string[], type: string): boolean {
  return subscriptions.some(
    (s) => s === "*" || s === type || (legacyEventAliases[s]?.includes(type as StoreEventType) ?? false),
  );
}
