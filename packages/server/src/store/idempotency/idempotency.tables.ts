// Remembered POST responses, keyed by the client's Idempotency-Key per token.
import type { Generated } from "kysely";

export interface StoreIdempotencyKeysTable {
  id: Generated<number>;
  store_id: number;
  token_id: number;
  key: string;
  /** SHA-256 of method, path and body: reusing a key with another request is refused. */
  request_hash: string;
  /** Null while the first request is still running. */
  response_status: number | null;
  response_body: string | null;
  created_at: number;
}

declare module "../../core/db/tables.js" {
  interface Tables {
    store_idempotency_keys: StoreIdempotencyKeysTable;
  }
}
