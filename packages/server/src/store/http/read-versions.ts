// Read versions: per store, a counter per group of tables that moves on every write to them (by triggers).
import { sql } from "kysely";
import type { MigrationContext } from "../../core/db/index.js";

/** A group of tables that cached reads depend on: `orders` (orders, items, refunds, customers), `catalog`. */
export type ReadDomain = "orders" | "catalog";

/** A store's read versions as of the request's authentication. */
export type ReadVersions = Record<ReadDomain, number>;

/** The `stores` column holding each domain's version. */
export const READ_VERSION_COLUMN = {
  orders: "orders_version",
  catalog: "catalog_version",
} as const satisfies Record<ReadDomain, string>;

/**
 * How a table's rows name their store: a `store_id` column, or a parent row's (`via` table, `key` column
 * pointing at the parent's id).
 */
export type StoreLink = { column: "store_id" } | { via: string; key: string };

/**
 * A table a domain's cached reads show. Every insert, update and delete on it moves the domain's version of
 * the stores its rows belong to, through triggers made by `createReadVersionTriggers` (so writers need not
 * know about the cache, and a hand-run SQL fix invalidates it too).
 */
export interface ReadTable {
  table: string;
  link: StoreLink;
}

/**
 * Creates the triggers that move `domain`'s version on every write to `t`. SQLite: row triggers. PostgreSQL:
 * statement triggers with transition tables (one update of each touched store per statement; bulk
 * imports stay cheap). A migration that adds a table to a cached read calls this for it.
 */
export async function createReadVersionTriggers(
  { db, dialect }: Pick<MigrationContext, "db" | "dialect">,
  domain: ReadDomain,
  t: ReadTable,
): Promise<void> {
  const column = READ_VERSION_COLUMN[domain];
  const name = `${t.table}_${domain}_version`;
  if (dialect === "sqlite") {
    for (const [event, row] of [
      ["insert", "new"],
      ["update", "new"],
      ["delete", "old"],
    ] as const) {
      const storeOf = (r: "new" | "old") =>
        "column" in t.link
          ? `${r}.store_id`
          : `(select store_id from ${t.link.via} where id = ${r}.${t.link.key})`;
      // An update that moves a row to another store must invalidate the old store too.
      const where =
        event === "update" ? `id in (${storeOf("new")}, ${storeOf("old")})` : `id = ${storeOf(row)}`;
      await sql
        .raw(
          `create trigger ${name}_${event} after ${event} on ${t.table} begin
            update stores set ${column} = ${column} + 1 where ${where};
          end`,
        )
        .execute(db);
    }
    return;
  }
  for (const [event, tables, rows] of [
    ["insert", "new table as changed", ["changed"]],
    ["update", "old table as before new table as changed", ["changed", "before"]],
    ["delete", "old table as changed", ["changed"]],
  ] as const) {
    const stores = rows
      .map((r) =>
        "column" in t.link
          ? `select store_id from ${r}`
          : `select p.store_id from ${t.link.via} p join ${r} on p.id = ${r}.${t.link.key}`,
      )
      .join(" union ");
    const fn = `${name}_${event}`;
    await sql
      .raw(
        `create function ${fn}() returns trigger language plpgsql as $$
        begin
          update stores set ${column} = ${column} + 1 where id in (${stores});
          return null;
        end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger ${fn} after ${event} on ${t.table} referencing ${tables}
          for each statement execute function ${fn}()`,
      )
      .execute(db);
  }
}

/**
 * Replaces the update trigger `createReadVersionTriggers` made for `table` (rows linked by `store_id`) by one
 * that fires only when one of `columns` changes: for tables whose other columns are written often and shown by
 * no cached read (a delivery server's `last_polled_at`, moved by every agent's poll). PostgreSQL: a row trigger
 * `after update of …` (statement triggers with transition tables cannot name columns).
 */
export async function narrowReadVersionUpdates(
  { db, dialect }: Pick<MigrationContext, "db" | "dialect">,
  domain: ReadDomain,
  table: string,
  columns: readonly string[],
): Promise<void> {
  const column = READ_VERSION_COLUMN[domain];
  const name = `${table}_${domain}_version_update`;
  const of = columns.join(", ");
  if (dialect === "sqlite") {
    await sql.raw(`drop trigger ${name}`).execute(db);
    await sql
      .raw(
        `create trigger ${name} after update of ${of} on ${table} begin
          update stores set ${column} = ${column} + 1 where id in (new.store_id, old.store_id);
        end`,
      )
      .execute(db);
    return;
  }
  await sql.raw(`drop trigger ${name} on ${table}`).execute(db);
  await sql
    .raw(
      `create or replace function ${name}() returns trigger language plpgsql as $$
      begin
        update stores set ${column} = ${column} + 1 where id in (new.store_id, old.store_id);
        return null;
      end $$`,
    )
    .execute(db);
  await sql
    .raw(`create trigger ${name} after update of ${of} on ${table} for each row execute function ${name}()`)
    .execute(db);
}
