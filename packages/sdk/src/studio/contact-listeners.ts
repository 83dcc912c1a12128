// A contact's listeners (Pixl's extension of the Studio API behind `pixl listen --contact`): the contact's
// image callbacks wait on the server until pulled and acknowledged.
import { PixlError } from "../core/errors.js";
import { createTransport, type Fetch } from "../core/transport.js";
import { studioErrorOf } from "./studio-errors.js";

/** A callback waiting for a listener: the exact body and content type a webhook would have carried. */
export interface ContactListenerDelivery {
  DeliveryId: string;
  EventType: string;
  CreatedAt: string;
  ContentType: string;
  Body: string;
}

export interface ContactListenerPull {
  Deliveries: ContactListenerDelivery[];
  /** Pass as `after` to the next pull (null before the first delivery). */
  Cursor: string | null;
}

export interface ContactListenersOptions {
  url: string;
  contactEmail: string;
  contactAPIkey: string;
  fetch?: Fetch;
  timeoutMs?: number;
}

/** `/studio/listeners` with the contact's credentials in headers; failures throw StudioApiError. */
export function createContactListeners(options: ContactListenersOptions) {
  const transport = createTransport({
    baseUrl: `${options.url.replace(/\/+$/, "")}/studio/listeners`,
    headers: { "x-contact-email": options.contactEmail, "x-contact-apikey": options.contactAPIkey },
    retry: { maxRetries: 0 },
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    toError: (status, body) => studioErrorOf(status, body) ?? new PixlError(`HTTP ${status}`),
  });
  async function send<T>(method: string, path: string, o: Parameters<typeof transport.request>[2] = {}) {
    const res = await transport.request<T & Record<string, unknown>>(method, path, o);
    const error = studioErrorOf(res.status, res.body);
    if (error) throw error;
    return res.body;
  }
  const id = (n: number) => `/${encodeURIComponent(String(n))}`;
  return {
    /** Creates a listener; from now on every callback of the contact waits for it. */
    create: async (signal?: AbortSignal) =>
      (
        await send<{ Listener: { ListenerId: number; CreatedAt: string } }>("POST", "", {
          ...(signal === undefined ? {} : { signal }),
        })
      ).Listener,
    /** Pending callbacks after `after`, waiting up to `wait` seconds (0–30) for one. */
    pull: (
      listenerId: number,
      query: { after?: string; wait?: number; limit?: number } = {},
      o: { signal?: AbortSignal } = {},
    ) => send<ContactListenerPull>("GET", `${id(listenerId)}/deliveries`, { query, ...o }),
    /** Marks pulled callbacks handled with the local receiver's status (idempotent). */
    ack: async (
      listenerId: number,
      deliveries: { DeliveryId: string; StatusCode: number | null }[],
      o: { signal?: AbortSignal } = {},
    ) =>
      (
        await send<{ Acknowledged: number }>("POST", `${id(listenerId)}/ack`, {
          body: { Deliveries: deliveries },
          ...o,
        })
      ).Acknowledged,
    /** Removes the listener; what it had not pulled is dropped. */
    delete: async (listenerId: number) => {
      await send<object>("DELETE", id(listenerId));
    },
  };
}

export type ContactListeners = ReturnType<typeof createContactListeners>;
