// What `pixl store create <subdomain>` runs: creates the store and its first full-access token.
import type { Clock } from "../../core/clock.js";
import type { Database } from "../../core/db/index.js";
import { createStoreWithToken, type CreateStoreInput } from "./store.service.js";
import { toStoreJson, type StoreJson } from "./store.schema.js";

/** The CLI's `--json` output: `{"store": {...}, "token": "sk_live_…"}`. */
export interface CreatedStoreOutput {
  store: StoreJson;
  /** Plaintext full-access token, shown once. */
  token: string;
}

/**
 * Creates a store with a full-access token named "Default". Throws an AppError `validation_failed`
 * (message "The given data was invalid", `details.errors` per field) for a bad or taken subdomain.
 */
export async function createStoreForCli(
  database: Database,
  clock: Clock,
  input: CreateStoreInput,
): Promise<CreatedStoreOutput> {
  const { store, token } = await createStoreWithToken(database, input, clock);
  return { store: toStoreJson(store), token };
}

/** One human line per problem of a `validation_failed` error, for the CLI's stderr. */
export function describeStoreErrors(details: Record<string, unknown> | undefined): string {
  const errors = (details?.["errors"] ?? {}) as Record<string, string[]>;
  return Object.values(errors).flat().join(" ");
}
