// Tables of the store tenants: the stores themselves and their API tokens.
import type { ColumnType, Generated } from "kysely";

export interface StoresTable {
  id: Generated<number>;
  /** Lower-case DNS label; `{subdomain}.<PIXL_STORE_DOMAIN>` names the store. Unique. */
  subdomain: string;
  name: string;
  /** ISO 4217 code, e.g. `USD`. */
  currency: string;
  /** IANA time zone, e.g. `Europe/Berlin`; day boundaries of date filters are in this zone. */
  time_zone: string;
  /** Last order number sequence handed out (order numbers are `ORD-<year>-<seq>`). */
  order_seq: number;
  /** Moved by triggers on every write to the tables the cached order reads show (store/http/read-versions). */
  orders_version: ColumnType<number, number | undefined, number>;
  /** Likewise for the catalogue (products, categories, delivery servers). */
  catalog_version: ColumnType<number, number | undefined, number>;
  created_at: number;
  updated_at: number;
}

export interface StoreApiTokensTable {
  id: Generated<number>;
  store_id: number;
  name: string;
  /** Lower-case hex SHA-256 of the whole token; tokens are looked up by this. Unique. */
  token_hash: string;
  /** The first characters of the token (`sk_live_AbCd`), so people can tell tokens apart. */
  prefix: string;
  /** JSON array of scopes; `["*"]` is full access. */
  scopes: string;
  /** Requests per minute. */
  rate_limit: number;
  expires_at: number | null;
  revoked_at: number | null;
  last_used_at: number | null;
  created_at: number;
}

declare module "../../core/db/tables.js" {
  interface Tables {
    stores: StoresTable;
    store_api_tokens: StoreApiTokensTable;
  }
}
