// Where `pixl listen` pulls deliveries from: a store's listener (Store API) or a contact's (Studio API),
// behind one small port, each with how its deliveries are signed for the local receiver.
import type { StoreClient } from "../store/store-client.js";
import type { ContactListeners } from "../studio/contact-listeners.js";
import { signStandardWebhook, signStoreBody, signStudioBody } from "../webhooks/verify.js";

/** A delivery waiting on the server: the exact body a webhook would have carried. */
export interface PulledDelivery {
  id: string;
  eventType: string;
  contentType: string;
  body: string;
}

export interface ListenSource {
  /** Pending deliveries after `after` (undefined: from the oldest pending), waiting up to `waitSeconds`. */
  pull(
    after: string | undefined,
    waitSeconds: number,
    signal: AbortSignal,
  ): Promise<{ deliveries: PulledDelivery[]; cursor: string | undefined }>;
  ack(acks: readonly { id: string; status: number | null }[], signal: AbortSignal): Promise<void>;
  /** The headers the real webhook would carry, signed with the local `secret`. */
  sign(d: PulledDelivery, secret: string, nowMs: number): Promise<Record<string, string>>;
}

const USER_AGENT = "Pixl-Listen/1.0";

/** A store listener's deliveries, signed like the Store API (hex and Standard Webhooks headers). */
export function storeListenSource(store: StoreClient, listenerId: number): ListenSource {
  return {
    async pull(after, wait, signal) {
      const page = await store.listeners.pull(
        listenerId,
        { wait, limit: 100, ...(after === undefined ? {} : { after }) },
        { signal },
      );
      return {
        deliveries: page.data.map((d) => ({
          id: d.id,
          eventType: d.event_type,
          contentType: "application/json",
          body: d.body,
        })),
        cursor: page.meta.cursor ?? undefined,
      };
    },
    async ack(acks, signal) {
      await store.listeners.ack(listenerId, { deliveries: [...acks] }, { signal });
    },
    async sign(d, secret, nowMs) {
      const ts = Math.floor(nowMs / 1000);
      return {
        "content-type": d.contentType,
        "user-agent": USER_AGENT,
        "x-webhook-signature": await signStoreBody(d.body, secret),
        "x-webhook-event": d.eventType,
        "x-webhook-id": d.id,
        "webhook-id": d.id,
        "webhook-timestamp": String(ts),
        "webhook-signature": await signStandardWebhook(d.id, ts, d.body, secret),
      };
    },
  };
}

/** A contact listener's image callbacks, signed like Pixelz (`HTTP_X_PXZ_CUSTOMER_HMAC_SHA256`, base64). */
export function studioListenSource(listeners: ContactListeners, listenerId: number): ListenSource {
  return {
    async pull(after, wait, signal) {
      const r = await listeners.pull(
        listenerId,
        { wait, limit: 100, ...(after === undefined ? {} : { after }) },
        { signal },
      );
      return {
        deliveries: r.Deliveries.map((d) => ({
          id: d.DeliveryId,
          eventType: d.EventType,
          contentType: d.ContentType,
          body: d.Body,
        })),
        cursor: r.Cursor ?? undefined,
      };
    },
    async ack(acks, signal) {
      await listeners.ack(
        listenerId,
        acks.map((a) => ({ DeliveryId: a.id, StatusCode: a.status })),
        { signal },
      );
    },
    async sign(d, secret) {
      return {
        "content-type": d.contentType,
        "user-agent": USER_AGENT,
        HTTP_X_PXZ_CUSTOMER_HMAC_SHA256: await signStudioBody(d.body, secret),
        "x-pixl-delivery-id": d.id,
      };
    },
  };
}
