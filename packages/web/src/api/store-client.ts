// The Store API as the console calls it: the SDK's typed client over the session (cookie + CSRF header).
import { createStoreClient, StoreApiError, type StoreClient } from "@pixl/sdk";
import { sessionFetch } from "./console-api";

const clients = new Map<string, StoreClient>();

/** A client acting for `subdomain` with the signed-in user's role (one per store, reused). */
export function storeClient(subdomain: string): StoreClient {
  let client = clients.get(subdomain);
  if (!client) {
    client = createStoreClient({
      url: window.location.origin,
      // The session authenticates; sessionFetch drops the Authorization header the SDK adds.
      token: "session",
      headers: { "x-pixl-store": subdomain },
      fetch: sessionFetch,
      retry: { maxRetries: 1, maxDelayMs: 5_000 },
    });
    clients.set(subdomain, client);
  }
  return client;
}

/** A person-readable message for any failure of a Store API call. */
export function describeError(e: unknown): string {
  if (e instanceof StoreApiError) {
    const details = Object.values(e.errors).flat().join(" ");
    return details === "" ? e.message : `${e.message}: ${details}`;
  }
  return e instanceof Error ? e.message : String(e);
}
