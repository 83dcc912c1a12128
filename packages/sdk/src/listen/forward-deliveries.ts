// `pixl listen`'s engine: pulls a listener's deliveries, re-signs each with a local secret, POSTs it to a
// local URL and acknowledges it; reconnects after failures without losing (or re-forwarding) a delivery.
import type { StoreClient } from "../store/store-client.js";
import { signStandardWebhook, signStoreBody } from "../webhooks/verify.js";

export interface ForwardedDelivery {
  id: string;
  eventType: string;
  /** The local receiver's status, or undefined when it could not be reached. */
  status: number | undefined;
  error?: string;
}

export interface ForwardOptions {
  store: StoreClient;
  listenerId: number;
  forwardTo: string;
  /** The local signing secret (`whsec_…`) the receiver verifies with. */
  secret: string;
  signal: AbortSignal;
  fetch?: typeof fetch;
  onForward?: (d: ForwardedDelivery) => void;
  /** Called when the connection to the server fails; the loop waits and reconnects. */
  onDisconnect?: (error: unknown, retryInMs: number) => void;
  onReconnect?: () => void;
  /** Long-poll seconds per pull. Default 25. */
  waitSeconds?: number;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(t);
      resolve();
    });
  });

/** Runs until `signal` aborts. Every delivery is acknowledged only after the local receiver was tried. */
export async function forwardDeliveries(o: ForwardOptions): Promise<void> {
  const doFetch = o.fetch ?? globalThis.fetch;
  // Forwarded but perhaps not yet acknowledged (the ack may be lost in a cut): acknowledge, never re-send.
  const forwarded = new Map<string, number | null>();
  let cursor: string | undefined;
  let backoff = 250;
  let disconnected = false;
  while (!o.signal.aborted) {
    try {
      const page = await o.store.listeners.pull(
        o.listenerId,
        { wait: o.waitSeconds ?? 25, limit: 100, ...(cursor === undefined ? {} : { after: cursor }) },
        { signal: o.signal },
      );
      if (disconnected) {
        disconnected = false;
        o.onReconnect?.();
      }
      backoff = 250;
      const acks: { id: string; status: number | null }[] = [];
      for (const d of page.data) {
        const known = forwarded.get(d.id);
        if (known !== undefined) {
          acks.push({ id: d.id, status: known });
          continue;
        }
        const ts = Math.floor(Date.now() / 1000);
        let status: number | undefined;
        let error: string | undefined;
        try {
          const res = await doFetch(o.forwardTo, {
            method: "POST",
            headers: {
              "content-type": "application/json",
              "user-agent": "Pixl-Listen/1.0",
              "x-webhook-signature": await signStoreBody(d.body, o.secret),
              "x-webhook-event": d.event_type,
              "x-webhook-id": d.id,
              "webhook-id": d.id,
              "webhook-timestamp": String(ts),
              "webhook-signature": await signStandardWebhook(d.id, ts, d.body, o.secret),
            },
            body: d.body,
            signal: o.signal,
          });
          status = res.status;
          await res.body?.cancel();
        } catch (e) {
          error = e instanceof Error ? e.message : String(e);
        }
        forwarded.set(d.id, status ?? null);
        acks.push({ id: d.id, status: status ?? null });
        o.onForward?.({
          id: d.id,
          eventType: d.event_type,
          status,
          ...(error === undefined ? {} : { error }),
        });
      }
      if (acks.length > 0) {
        await o.store.listeners.ack(o.listenerId, { deliveries: acks }, { signal: o.signal });
        for (const a of acks) forwarded.delete(a.id);
      }
      cursor = page.meta.cursor ?? cursor;
    } catch (e) {
      // The loop condition narrowed `aborted` to false, but an await above may have aborted it since.
      if ((o.signal as { aborted: boolean }).aborted) return;
      // After a failure, start again from what is still pending: nothing acknowledged is skipped.
      cursor = undefined;
      disconnected = true;
      o.onDisconnect?.(e, backoff);
      await sleep(backoff, o.signal);
      backoff = Math.min(5_000, backoff * 2);
    }
  }
}

/** A fresh local signing secret in the `whsec_` format. */
export function createLocalSecret(): string {
  const bytes = new Uint8Array(32);
  globalThis.crypto.getRandomValues(bytes);
  return `whsec_${btoa(String.fromCharCode(...bytes))}`;
}
