// Creating stores (tenants), with their first full-access token for the CLI.
import type { Clock } from "../../core/clock.js";
import { isUniqueViolation, type Database, type Executor } from "../../core/db/index.js";
import { AppError } from "../../core/errors/index.js";
import { isCurrency } from "../shared/money.js";
import { isTimeZone } from "../shared/time-zone.js";
import { createApiToken, type ApiToken } from "../tokens/token.service.js";
import { insertStore, type Store } from "./store.repository.js";

export interface CreateStoreInput {
  /** DNS label, lower-cased: `[a-z0-9]` and inner hyphens, 1–63 characters. */
  subdomain: string;
  /** Defaults to the subdomain. */
  name?: string;
  /** ISO 4217 code. Default USD. */
  currency?: string;
  /** IANA time zone. Default UTC. */
  timeZone?: string;
}

const SUBDOMAIN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** Names that would shadow the platform's own hosts. */
const RESERVED = new Set(["www", "api", "admin", "app", "studio", "mail", "static", "assets"]);

function invalid(field: string, message: string): AppError {
  return new AppError("validation_failed", "The given data was invalid", { errors: { [field]: [message] } });
}

/** Creates a store. Throws `validation_failed` for a bad or taken subdomain, currency or time zone. */
export async function createStore(db: Executor, input: CreateStoreInput, clock: Clock): Promise<Store> {
  const subdomain = input.subdomain.trim().toLowerCase();
  if (!SUBDOMAIN.test(subdomain)) {
    throw invalid("subdomain", "The subdomain may only contain letters, numbers and inner hyphens.");
  }
  if (RESERVED.has(subdomain)) throw invalid("subdomain", "The subdomain is reserved.");
  const currency = (input.currency ?? "USD").toUpperCase();
  if (!isCurrency(currency)) throw invalid("currency", "The currency must be an ISO 4217 code.");
  const timeZone = input.timeZone ?? "UTC";
  if (!isTimeZone(timeZone)) throw invalid("time_zone", "The time zone must be an IANA time zone.");
  const name = input.name?.trim() || subdomain;
  try {
    return await insertStore(db, { subdomain, name, currency, timeZone, now: clock.now() });
  } catch (e) {
    if (isUniqueViolation(e)) throw invalid("subdomain", "The subdomain has already been taken.");
    throw e;
  }
}

export interface StoreWithToken {
  store: Store;
  /** The full-access token in plain text: shown once, only its hash is stored. */
  token: string;
  tokenInfo: ApiToken;
}

/** Creates a store and a full-access token named "Default" in one transaction (what `pixl store create` does). */
export async function createStoreWithToken(
  database: Database,
  input: CreateStoreInput,
  clock: Clock,
): Promise<StoreWithToken> {
  return database.kysely.transaction().execute(async (trx) => {
    const store = await createStore(trx, input, clock);
    const { token, secret } = await createApiToken(trx, store.id, { name: "Default", scopes: ["*"] }, clock);
    return { store, token: secret, tokenInfo: token };
  });
}
