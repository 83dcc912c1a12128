// First start: a demo store with a full-access token, so a new install has something to call at once.
import type { Clock } from "../../core/clock.js";
import type { Database } from "../../core/db/index.js";
import { createStoreWithToken, type StoreWithToken } from "./store.service.js";

/**
 * Creates the `demo` store when the database has no store yet, and returns it with its token (shown this
 * once; only its hash is kept). Returns undefined when any store exists, so later starts stay quiet.
 */
export async function tryCreateDemoStore(
  database: Database,
  clock: Clock,
): Promise<StoreWithToken | undefined> {
  const any = await database.kysely.selectFrom("stores").select("id").limit(1).executeTakeFirst();
  if (any !== undefined) return undefined;
  return createStoreWithToken(database, { subdomain: "demo", name: "Demo Store" }, clock);
}
