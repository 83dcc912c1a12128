// Reads and writes of `store_idempotency_keys`.
import type { Selectable } from "kysely";
import { isUniqueViolation, type Executor } from "../../core/db/index.js";
import type { StoreIdempotencyKeysTable } from "./idempotency.tables.js";

export type IdempotencyRecord = Selectable<StoreIdempotencyKeysTable>;
export interface IdempotencyScope {
  storeId: number;
  tokenId: number;
  key: string;
}

/** Claims the key for a new request; undefined when it is already taken (then read the existing record). */
export async function tryReserveKey(
  db: Executor,
  scope: IdempotencyScope,
  requestHash: string,
  now: number,
): Promise<number | undefined> {
  try {
    const row = await db
      .insertInto("store_idempotency_keys")
      .values({
        store_id: scope.storeId,
        token_id: scope.tokenId,
        key: scope.key,
        request_hash: requestHash,
        response_status: null,
        response_body: null,
        created_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  } catch (e) {
    if (isUniqueViolation(e)) return undefined;
    throw e;
  }
}

export async function findKey(db: Executor, scope: IdempotencyScope): Promise<IdempotencyRecord | undefined> {
  return db
    .selectFrom("store_idempotency_keys")
    .selectAll()
    .where("store_id", "=", scope.storeId)
    .where("token_id", "=", scope.tokenId)
    .where("key", "=", scope.key)
    .executeTakeFirst();
}

export async function saveResponse(db: Executor, id: number, status: number, body: string): Promise<void> {
  await db
    .updateTable("store_idempotency_keys")
    .set({ response_status: status, response_body: body })
    .where("id", "=", id)
    .execute();
}

export async function deleteKey(db: Executor, id: number): Promise<void> {
  await db.deleteFrom("store_idempotency_keys").where("id", "=", id).execute();
}
