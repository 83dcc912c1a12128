// What `pixl store create <subdomain>` runs: creates the store and its first full-access token.
import type { Clock } from "../../core/clock.js";
import type { Database } from "../../core/db/index.js";
import { AppError, isAppError } from "../../core/errors/index.js";
import { createStoreWithToken, type CreateStoreInput } from "./store.service.js";
import { toStoreJson, type StoreJson } from "./store.schema.js";

/** The CLI's `--json` output: `{"store": {...}, "token": "sk_live_…"}`. */
export interface CreatedStoreOutput {
  store: StoreJson;
  /** Plaintext full-access token, shown once. */
  token: string;
}

/**
 * Creates a store with a full-access token named "Default". A bad or taken subdomain (or currency, time
 * zone) throws an AppError `validation_failed` whose message says what is wrong, ready for one CLI line.
 */
export async function createStoreForCli(
  database: Database,
  clock: Clock,
  input: CreateStoreInput,
): Promise<CreatedStoreOutput> {
  try {
    const { store, token } = await createStoreWithToken(database, input, clock);
    return { store: toStoreJson(store), token };
  } catch (e) {
    if (isAppError(e, "validation_failed")) {
      const errors = (e.details?.["errors"] ?? {}) as Record<string, string[]>;
      throw new AppError("validation_failed", Object.values(errors).flat().join(" ") || e.message, e.details);
    }
    throw e;
  }
}

/** The command's stdout: one JSON line with `json`, else two human lines. */
export function formatCreatedStore(created: CreatedStoreOutput, json: boolean): string {
  if (json) return `${JSON.stringify(created)}\n`;
  return (
    `Store ${created.store.subdomain} created (id ${created.store.id}, ${created.store.currency}, ${created.store.time_zone}).\n` +
    `Full-access API token (shown once, keep it safe): ${created.token}\n`
  );
}
