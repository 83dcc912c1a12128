// The seed receivers' event handlers, shared by the TypeScript receivers: one typed function per event type.
import type { StoreEvent, StoreWebhookHandlerOptions } from "@pixl/sdk";
import type { Print } from "./example-env.js";

/** Logs what each event is about (your delivery logic goes in these). */
export function storeEventHandlers(print: Print): Pick<StoreWebhookHandlerOptions, "on" | "onOther"> {
  return {
    on: {
      // Your delivery logic here
      "order.received": (e) => print(`Order received: ${e.data.order_number}`),
      // Revoke access, remove roles, etc.
      "order.refunded": (e) => print(`Order refunded: ${e.data.order_number}`),
      // Grant recurring access
      "subscription.created": (e) => print(`Subscription created: ${e.data.id}`),
      // Revoke recurring access
      "subscription.cancelled": (e) => print(`Subscription cancelled: ${e.data.id}`),
      "delivery.completed": (e) => print(`Delivery completed: ${e.data.id}`),
      // Alert admin, retry logic, etc.
      "delivery.failed": (e) => print(`Delivery failed: ${e.data.id}`),
    },
    onOther: (e: StoreEvent) => print(`Unhandled event type: ${e.event_type}`),
  };
}
