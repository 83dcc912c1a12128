// Checks that ids sent in a body belong to the caller's store (another store's id is as unknown as a missing one).
import type { Executor } from "../../core/db/index.js";

/** Store-owned tables that other features reference by id. */
export type StoreOwnedTable = "store_products" | "store_categories" | "store_customers" | "store_orders";

/** The ids among `ids` that are rows of `table` in the store, in one round trip. */
export async function findStoreRowIds(
  db: Executor,
  table: StoreOwnedTable,
  storeId: number,
  ids: readonly number[],
): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom(table)
    .select("id")
    .where("store_id", "=", storeId)
    .where("id", "in", [...new Set(ids)])
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** Per-index 422 messages for the ids of `field` that are not the store's (`applicable_products.1`). */
export async function unknownIdErrors(
  db: Executor,
  table: StoreOwnedTable,
  storeId: number,
  field: string,
  ids: readonly number[],
): Promise<Record<string, string[]>> {
  const found = await findStoreRowIds(db, table, storeId, ids);
  const errors: Record<string, string[]> = {};
  ids.forEach((id, i) => {
    if (!found.has(id))
      errors[`${field}.${i}`] = [`The selected ${field.replace(/_/g, " ")}.${i} is invalid.`];
  });
  return errors;
}
