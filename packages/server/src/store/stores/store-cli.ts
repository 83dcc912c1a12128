// What `pixl store create <subdomain>` runs: creates the store and its first full-access token.
import type { Clock } from "../../core/clock.js";
import type { Database, Executor } from "../../core/db/index.js";
import { AppError, isAppError } from "../../core/errors/index.js";
import { createStoreWithToken, type CreateStoreInput } from "./store.service.js";
import { toStoreJson, type StoreJson } from "./store.schema.js";
import { findStoreBySubdomain, type Store } from "./store.repository.js";

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
    throw toOneLineError(e);
  }
}

/** A 422 with per-field messages becomes one AppError whose message joins them (one CLI line); else `e`. */
export function toOneLineError(e: unknown): unknown {
  if (!isAppError(e, "validation_failed")) return e;
  const errors = (e.details?.["errors"] ?? {}) as Record<string, string[]>;
  return new AppError("validation_failed", Object.values(errors).flat().join(" ") || e.message, e.details);
}

/** The store named `subdomain`; `not_found` with a one-line message when there is none. */
export async function getStoreForCli(db: Executor, subdomain: string): Promise<Store> {
  const store = await findStoreBySubdomain(db, subdomain);
  if (!store) throw new AppError("not_found", `No store with subdomain ${subdomain}`);
  return store;
}

/** The command's stdout: one JSON line with `json`, else two human lines. */
export function formatCreatedStore(created: CreatedStoreOutput, json: boolean): string {
  if (json) return `${JSON.stringify(created)}\n`;
  return (
    `Store ${created.store.subdomain} created (id ${created.store.id}, ${created.store.currency}, ${created.store.time_zone}).\n` +
    `Full-access API token (shown once, keep it safe): ${created.token}\n`
  );
}
