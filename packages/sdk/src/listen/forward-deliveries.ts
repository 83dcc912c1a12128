// `pixl listen`'s engine: pulls a listener's deliveries, re-signs each with a local secret, POSTs it to a
// local URL and acknowledges it; reconnects after failures without losing (or re-forwarding) a delivery.
import { PixlConnectionError, RateLimitError, ServerError } from "../core/errors.js";
import { StudioApiError } from "../studio/studio-errors.js";
import type { ListenSource, PulledDelivery } from "./listen-sources.js";

/** Failures worth reconnecting after: no answer, a 5xx or a 429 (anything else is the caller's to fix). */
function isTransient(e: unknown): boolean {
  if (e instanceof PixlConnectionError || e instanceof ServerError || e instanceof RateLimitError)
    return true;
  if (e instanceof StudioApiError) return e.code === "InternalError";
  return !(e instanceof Error && "status" in e);
}

export interface ForwardedDelivery {
  id: string;
  eventType: string;
  /** The local receiver's status, or undefined when it could not be reached. */
  status: number | undefined;
  /** The start of what the receiver answered (up to 200 characters). */
  response?: string;
  /** Milliseconds the local receiver took. */
  durationMs: number;
  error?: string;
}

export interface ForwardOptions {
  source: ListenSource;
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

async function forwardOne(o: ForwardOptions, d: PulledDelivery): Promise<ForwardedDelivery> {
  const doFetch = o.fetch ?? globalThis.fetch;
  const started = Date.now();
  const base = { id: d.id, eventType: d.eventType };
  try {
    const res = await doFetch(o.forwardTo, {
      method: "POST",
      headers: await o.source.sign(d, o.secret, started),
      body: d.body,
      signal: o.signal,
    });
    const text = await res.text();
    return {
      ...base,
      status: res.status,
      response: text.slice(0, 200),
      durationMs: Date.now() - started,
    };
  } catch (e) {
    return {
      ...base,
      status: undefined,
      durationMs: Date.now() - started,
      error: e instanceof Error ? e.message : String(e),
    };
  }
}

/**
 * Runs until `signal` aborts, reconnecting after transient failures; throws what retrying cannot fix (a
 * refused token, a removed listener). Every delivery is acknowledged only after the local receiver was tried.
 */
export async function forwardDeliveries(o: ForwardOptions): Promise<void> {
  // Forwarded but perhaps not yet acknowledged (the ack may be lost in a cut): acknowledge, never re-send.
  const forwarded = new Map<string, number | null>();
  let cursor: string | undefined;
  let backoff = 250;
  let disconnected = false;
  while (!o.signal.aborted) {
    try {
      const page = await o.source.pull(cursor, o.waitSeconds ?? 25, o.signal);
      if (disconnected) {
        disconnected = false;
        o.onReconnect?.();
      }
      backoff = 250;
      const acks: { id: string; status: number | null }[] = [];
      for (const d of page.deliveries) {
        const known = forwarded.get(d.id);
        if (known !== undefined) {
          acks.push({ id: d.id, status: known });
          continue;
        }
        const result = await forwardOne(o, d);
        if ((o.signal as { aborted: boolean }).aborted) return; // not tried to the end: stays pending
        forwarded.set(d.id, result.status ?? null);
        acks.push({ id: d.id, status: result.status ?? null });
        o.onForward?.(result);
      }
      if (acks.length > 0) {
        await o.source.ack(acks, o.signal);
        for (const a of acks) forwarded.delete(a.id);
      }
      cursor = page.cursor ?? cursor;
    } catch (e) {
      // The loop condition narrowed `aborted` to false, but an await above may have aborted it since.
      if ((o.signal as { aborted: boolean }).aborted) return;
      if (!isTransient(e)) throw e; // refused credentials, a listener removed: retrying cannot help
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
