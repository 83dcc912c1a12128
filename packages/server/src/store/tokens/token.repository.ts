// Reads and writes of `store_api_tokens`.
import type { Selectable } from "kysely";
import type { Executor } from "../../core/db/index.js";
import { compileOnce } from "../../core/db/compiled-query.js";
import { toStore, type Store } from "../stores/store.repository.js";
import type { StoreApiTokensTable } from "../stores/store.tables.js";
import type { ReadVersions } from "../http/read-versions.js";

/** A token as stored (never its plaintext). */
export interface ApiToken {
  id: number;
  storeId: number;
  name: string;
  prefix: string;
  scopes: string[];
  rateLimit: number;
  expiresAt: number | null;
  revokedAt: number | null;
  lastUsedAt: number | null;
  createdAt: number;
}

function toApiToken(row: Selectable<StoreApiTokensTable>): ApiToken {
  return {
    id: row.id,
    storeId: row.store_id,
    name: row.name,
    prefix: row.prefix,
    scopes: JSON.parse(row.scopes) as string[],
    rateLimit: row.rate_limit,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
    createdAt: row.created_at,
  };
}

export async function insertApiToken(
  db: Executor,
  values: Omit<ApiToken, "id" | "revokedAt" | "lastUsedAt"> & { tokenHash: string },
): Promise<ApiToken> {
  const row = await db
    .insertInto("store_api_tokens")
    .values({
      store_id: values.storeId,
      name: values.name,
      token_hash: values.tokenHash,
      prefix: values.prefix,
      scopes: JSON.stringify(values.scopes),
      rate_limit: values.rateLimit,
      expires_at: values.expiresAt,
      revoked_at: null,
      last_used_at: null,
      created_at: values.createdAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toApiToken(row);
}

// Every authenticated request runs this: compiled once.
const selectTokenByHash = compileOnce((db, p: { tokenHash: string }) =>
  db
    .selectFrom("store_api_tokens as t")
    .innerJoin("stores as s", "s.id", "t.store_id")
    .selectAll("t")
    .select([
      "s.subdomain",
      "s.name as store_name",
      "s.currency",
      "s.time_zone",
      "s.order_seq",
      "s.created_at as store_created_at",
      "s.updated_at as store_updated_at",
      "s.orders_version",
      "s.catalog_version",
    ])
    .where("t.token_hash", "=", p.tokenHash),
);

/** The token with this hash and its store, in one round trip. */
export async function findTokenByHash(
  db: Executor,
  tokenHash: string,
): Promise<{ token: ApiToken; tokenHash: string; store: Store; versions: ReadVersions } | undefined> {
  const [row] = await selectTokenByHash(db, { tokenHash });
  if (!row) return undefined;
  const store = toStore({
    id: row.store_id,
    subdomain: row.subdomain,
    name: row.store_name,
    currency: row.currency,
    time_zone: row.time_zone,
    order_seq: row.order_seq,
    orders_version: row.orders_version,
    catalog_version: row.catalog_version,
    created_at: row.store_created_at,
    updated_at: row.store_updated_at,
  });
  const versions = { orders: row.orders_version, catalog: row.catalog_version };
  return { token: toApiToken(row), tokenHash: row.token_hash, store, versions };
}

export async function listApiTokens(db: Executor, storeId: number): Promise<ApiToken[]> {
  const rows = await db
    .selectFrom("store_api_tokens")
    .selectAll()
    .where("store_id", "=", storeId)
    .orderBy("id")
    .execute();
  return rows.map(toApiToken);
}

export async function findApiToken(db: Executor, storeId: number, id: number): Promise<ApiToken | undefined> {
  const row = await db
    .selectFrom("store_api_tokens")
    .selectAll()
    .where("store_id", "=", storeId)
    .where("id", "=", id)
    .executeTakeFirst();
  return row && toApiToken(row);
}

export async function setTokenRevoked(db: Executor, storeId: number, id: number, now: number): Promise<void> {
  await db
    .updateTable("store_api_tokens")
    .set({ revoked_at: now })
    .where("store_id", "=", storeId)
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .execute();
}

export async function setTokenLastUsed(db: Executor, id: number, now: number): Promise<void> {
  await db.updateTable("store_api_tokens").set({ last_used_at: now }).where("id", "=", id).execute();
}
