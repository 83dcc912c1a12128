// `pixl listen --forward-to <url>`: streams a store's webhook deliveries (or a studio contact's image
// callbacks) from a Pixl server to a local URL, signed with a local secret it prints, showing each event and
// the local answer; reconnects on failures without losing an event.
import {
  createLocalSecret,
  createStoreClient,
  createStudioClient,
  forwardDeliveries,
  StoreApiError,
  StudioApiError,
  storeListenSource,
  studioListenSource,
  type ForwardedDelivery,
  type ListenSource,
} from "@pixl/sdk";
import { AppError } from "../core/errors/index.js";

/** Whose deliveries to forward: a store's (API token) or a studio contact's (email and API key). */
export type ListenAccount =
  | { kind: "store"; token: string; events?: string[] }
  | { kind: "contact"; contactEmail: string; contactAPIkey: string };

export interface ListenCliOptions {
  server: string;
  account: ListenAccount;
  forwardTo: string;
  out: NodeJS.WritableStream;
  signal: AbortSignal;
  /** Long-poll seconds per pull (default 25). */
  waitSeconds?: number;
}

/** One line per delivery: when, the event, its id, and what the local receiver answered. */
export function formatForwarded(d: ForwardedDelivery, at: Date): string {
  const answer =
    d.status === undefined
      ? `failed: ${d.error ?? "no answer"}`
      : `${d.status}${d.response ? ` ${JSON.stringify(d.response.replace(/\s+/g, " ").slice(0, 60))}` : ""}`;
  return `${at.toISOString()}  --> ${d.eventType.padEnd(22)} ${d.id}  <-- ${answer} (${d.durationMs} ms)\n`;
}

async function openSource(
  o: ListenCliOptions,
): Promise<{ source: ListenSource; close: () => Promise<void>; what: string }> {
  const a = o.account;
  if (a.kind === "store") {
    const store = createStoreClient({ url: o.server, token: a.token });
    const listener = await store.listeners.create(a.events ? { events: a.events } : {});
    return {
      source: storeListenSource(store, listener.id),
      close: async () => {
        await store.listeners.delete(listener.id);
      },
      what: `the store's webhooks (${a.events?.join(", ") ?? "all events"})`,
    };
  }
  const studio = createStudioClient({
    url: o.server,
    contactEmail: a.contactEmail,
    contactAPIkey: a.contactAPIkey,
  });
  const listener = await studio.listeners.create();
  return {
    source: studioListenSource(studio.listeners, listener.ListenerId),
    close: () => studio.listeners.delete(listener.ListenerId),
    what: `${a.contactEmail}'s image callbacks`,
  };
}

/** The server refused (token, credentials, a removed listener): one line for the user, not a stack. */
function refused(e: unknown): never {
  if (e instanceof StoreApiError || e instanceof StudioApiError)
    throw new AppError("unauthorized", `the server refused: ${e.message}`);
  throw e;
}

/** Runs until `signal` aborts; removes its listener on the way out (deliveries left pending go with it). */
export async function runListen(o: ListenCliOptions): Promise<void> {
  const { source, close, what } = await openSource(o).catch(refused);
  const secret = createLocalSecret();
  o.out.write(
    `Ready! Forwarding ${what} to ${o.forwardTo}\nYour local webhook signing secret is ${secret}\n`,
  );
  try {
    await forwardDeliveries({
      source,
      forwardTo: o.forwardTo,
      secret,
      signal: o.signal,
      ...(o.waitSeconds === undefined ? {} : { waitSeconds: o.waitSeconds }),
      onForward: (d) => o.out.write(formatForwarded(d, new Date())),
      onDisconnect: (e, ms) =>
        o.out.write(
          `connection lost (${e instanceof Error ? e.message : String(e)}); retrying in ${ms} ms\n`,
        ),
      onReconnect: () => o.out.write("reconnected\n"),
    }).catch(refused);
  } finally {
    await close().catch(() => undefined);
  }
}
