// Reads and writes of the `stores` table.
import type { Selectable } from "kysely";
import type { Executor } from "../../core/db/index.js";
import type { StoresTable } from "./store.tables.js";

/** A store as the rest of the Store API sees it. */
export interface Store {
  id: number;
  subdomain: string;
  name: string;
  currency: string;
  timeZone: string;
  createdAt: number;
}

export function toStore(row: Selectable<StoresTable>): Store {
  return {
    id: row.id,
    subdomain: row.subdomain,
    name: row.name,
    currency: row.currency,
    timeZone: row.time_zone,
    createdAt: row.created_at,
  };
}

export async function insertStore(
  db: Executor,
  values: { subdomain: string; name: string; currency: string; timeZone: string; now: number },
): Promise<Store> {
  const row = await db
    .insertInto("stores")
    .values({
      subdomain: values.subdomain,
      name: values.name,
      currency: values.currency,
      time_zone: values.timeZone,
      order_seq: 0,
      created_at: values.now,
      updated_at: values.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toStore(row);
}

export async function findStoreById(db: Executor, id: number): Promise<Store | undefined> {
  const row = await db.selectFrom("stores").selectAll().where("id", "=", id).executeTakeFirst();
  return row && toStore(row);
}

export async function findStoreBySubdomain(db: Executor, subdomain: string): Promise<Store | undefined> {
  const row = await db
    .selectFrom("stores")
    .selectAll()
    .where("subdomain", "=", subdomain.toLowerCase())
    .executeTakeFirst();
  return row && toStore(row);
}

/** Takes the next order sequence number of a store (call inside the transaction creating the order). */
export async function takeOrderSequence(db: Executor, storeId: number): Promise<number> {
  const row = await db
    .updateTable("stores")
    .set((eb) => ({ order_seq: eb("order_seq", "+", 1) }))
    .where("id", "=", storeId)
    .returning("order_seq")
    .executeTakeFirstOrThrow();
  return row.order_seq;
}

/**
 * Takes the store row's write lock now (PostgreSQL; SQLite serialises writers anyway). Transactions that will
 * move the store's read versions through triggers call this first, so they all lock the store row before any
 * other row and cannot deadlock with each other.
 */
export async function lockStoreRow(db: Executor, storeId: number): Promise<void> {
  await db
    .updateTable("stores")
    .set((eb) => ({ order_seq: eb.ref("order_seq") }))
    .where("id", "=", storeId)
    .execute();
}
