// `pixl listen --forward-to <url>`: streams a store's webhook deliveries from a Pixl server to a local URL,
// signed with a local secret it prints, showing each event and the local answer; reconnects on failures.
import { createLocalSecret, createStoreClient, forwardDeliveries } from "@pixl/sdk";

export interface ListenCliOptions {
  server: string;
  token: string;
  forwardTo: string;
  events?: string[];
  out: NodeJS.WritableStream;
  signal: AbortSignal;
}

/** Runs until `signal` aborts; removes its listener on the way out (deliveries left pending are dropped with it). */
export async function runListen(o: ListenCliOptions): Promise<void> {
  const store = createStoreClient({ url: o.server, token: o.token });
  const listener = await store.listeners.create(o.events ? { events: o.events } : {});
  const secret = createLocalSecret();
  o.out.write(`Ready! Forwarding to ${o.forwardTo}\nYour local webhook signing secret is ${secret}\n`);
  try {
    await forwardDeliveries({
      store,
      listenerId: listener.id,
      forwardTo: o.forwardTo,
      secret,
      signal: o.signal,
      onForward: (d) =>
        o.out.write(
          `${new Date().toISOString()}  ${d.eventType.padEnd(24)} ${d.id}  -> ${d.status ?? `failed: ${d.error ?? "?"}`}\n`,
        ),
      onDisconnect: (e, ms) =>
        o.out.write(
          `connection lost (${e instanceof Error ? e.message : String(e)}); retrying in ${ms} ms\n`,
        ),
      onReconnect: () => o.out.write("reconnected\n"),
    });
  } finally {
    await store.listeners.delete(listener.id).catch(() => undefined);
  }
}
