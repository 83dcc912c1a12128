// Leased work rows: queue tables whose rows pollers claim under a lease (pending → processing → done), a
// row whose lease ran out being offered again. One claim statement for every such table.
import { sql, type RawBuilder, type Selectable, type SqlBool } from "kysely";
import type { Database, Executor } from "./database.js";
import type { Tables } from "./tables.js";

/** The columns a leased table has besides its own. */
export interface LeasedColumns {
  id: number;
  /** `pending` (claimable from `available_at`), `processing` (claimed until `lease_expires_at`), or final. */
  status: string;
  /** Times claimed. */
  attempts: number;
  /** Random per claim; null when not claimed. */
  lease_token: string | null;
  lease_expires_at: number | null;
  /** A pending row is not offered before this (deferred); null: at once. */
  available_at: number | null;
  updated_at: number;
}

/** The tables shaped as leased queues. */
export type LeasedTable = {
  [K in keyof Tables]: Selectable<Tables[K]> extends LeasedColumns ? K : never;
}[keyof Tables];

/**
 * Whether a row can be claimed at `now`: pending and available, or processing with its lease run out.
 * `alias` qualifies the columns (for joins).
 */
export function isClaimable(now: number, alias?: string): RawBuilder<SqlBool> {
  const col = (name: string) => sql.ref(alias === undefined ? name : `${alias}.${name}`);
  return sql<SqlBool>`((${col("status")} = 'pending' and (${col("available_at")} is null or ${col(
    "available_at",
  )} <= ${now})) or (${col("status")} = 'processing' and ${col("lease_expires_at")} <= ${now}))`;
}

export interface ClaimLeasedOptions {
  /** Rows of one poller's scope only: `column = value` (a server's commands, a store's operations). */
  scope: { column: string; value: number };
  now: number;
  leaseMs: number;
  limit: number;
  /** Random per claim; stored on the rows. */
  leaseToken: string;
  /** Only these ids (still subject to the scope and claimability). */
  ids?: readonly number[];
}

/**
 * Claims up to `limit` claimable rows of `table` in the scope, oldest first, for `leaseMs`: one statement,
 * `UPDATE … WHERE id IN (SELECT … LIMIT n [FOR UPDATE SKIP LOCKED]) AND <claimable> RETURNING *`. On
 * PostgreSQL concurrent pollers skip each other's locked rows and the outer condition is re-checked on the
 * row version they lock (a row another poll just claimed no longer matches); SQLite runs the statement
 * alone. So no row is handed to two polls under one lease. Returns the rows in id order.
 */
export async function claimLeasedRows<T extends LeasedTable>(
  database: Database,
  table: T,
  o: ClaimLeasedOptions,
): Promise<Selectable<Tables[T]>[]> {
  const claimable = isClaimable(o.now);
  const onlyIds =
    o.ids === undefined ? sql`` : sql`and id in (${sql.join(o.ids.length > 0 ? [...o.ids] : [0])})`;
  const lock = database.capabilities.skipLocked ? sql`for update skip locked` : sql``;
  const result = await sql<Selectable<Tables[T]>>`
    update ${sql.table(table)}
    set status = 'processing', lease_token = ${o.leaseToken}, lease_expires_at = ${o.now + o.leaseMs},
      attempts = attempts + 1, available_at = null, updated_at = ${o.now}
    where id in (
      select id from ${sql.table(table)}
      where ${sql.ref(o.scope.column)} = ${o.scope.value} and ${claimable} ${onlyIds}
      order by id limit ${o.limit} ${lock}
    ) and ${claimable}
    returning *`.execute(database.kysely);
  return [...result.rows].sort((a, b) => (a as LeasedColumns).id - (b as LeasedColumns).id);
}

/** What a settled (or released) row's lease columns become: unclaimed. */
export const LEASE_CLEARED = { lease_token: null, lease_expires_at: null } as const;

/** The claimable rows of a scope, oldest first, without claiming them (a preview for pollers). */
export async function findClaimableRows<T extends LeasedTable>(
  db: Executor,
  table: T,
  o: { scope: { column: string; value: number }; now: number; limit: number },
): Promise<Selectable<Tables[T]>[]> {
  const result = await sql<Selectable<Tables[T]>>`
    select * from ${sql.table(table)}
    where ${sql.ref(o.scope.column)} = ${o.scope.value} and ${isClaimable(o.now)}
    order by id limit ${o.limit}`.execute(db);
  return result.rows;
}
