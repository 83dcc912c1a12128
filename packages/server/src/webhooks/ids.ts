// Public identifiers of the webhook engine: prefixed, random, URL-safe.
import { randomBytes } from "node:crypto";

/** `wh_del_…`: a delivery id, the same on every retry (`X-Webhook-ID`). */
export function createDeliveryId(): string {
  return `wh_del_${randomBytes(16).toString("base64url")}`;
}

/** `evt_…`: an event id. */
export function createEventId(): string {
  return `evt_${randomBytes(16).toString("base64url")}`;
}
