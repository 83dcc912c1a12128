// Adds the stores' read versions (orders, catalog) and the triggers that move them on every write.
import { sql } from "kysely";
import type { MigrationDefinition } from "../../core/db/index.js";
import { createReadVersionTriggers, type ReadDomain, type ReadTable } from "./read-versions.js";

// Frozen with this migration: a table added to a domain later gets its triggers in a migration of its own.
const tables: [ReadDomain, ReadTable][] = [
  ["orders", { table: "store_orders", link: { column: "store_id" } }],
  ["orders", { table: "store_order_items", link: { via: "store_orders", key: "order_id" } }],
  ["orders", { table: "store_order_refunds", link: { column: "store_id" } }],
  ["orders", { table: "store_customers", link: { column: "store_id" } }],
  ["catalog", { table: "store_products", link: { column: "store_id" } }],
  ["catalog", { table: "store_categories", link: { column: "store_id" } }],
  ["catalog", { table: "store_delivery_servers", link: { column: "store_id" } }],
  ["catalog", { table: "store_product_servers", link: { via: "store_products", key: "product_id" } }],
];

export const readVersionsMigration: MigrationDefinition = {
  name: "0284_read_versions",
  async up({ db, types, dialect }) {
    for (const column of ["orders_version", "catalog_version"]) {
      await db.schema
        .alterTable("stores")
        .addColumn(column, types.bigint, (c) => c.notNull().defaultTo(0))
        .execute();
    }
    for (const [domain, table] of tables) await createReadVersionTriggers({ db, dialect }, domain, table);
    // The store's own settings show in every read (currency, time zone): changing one moves both versions.
    if (dialect === "sqlite") {
      await sql`create trigger stores_settings_version after update of subdomain, name, currency, time_zone
        on stores begin
          update stores set orders_version = orders_version + 1, catalog_version = catalog_version + 1
          where id = new.id;
        end`.execute(db);
    } else {
      await sql`create function stores_settings_version() returns trigger language plpgsql as $$
        begin
          if (new.subdomain, new.name, new.currency, new.time_zone)
             is distinct from (old.subdomain, old.name, old.currency, old.time_zone) then
            new.orders_version := new.orders_version + 1;
            new.catalog_version := new.catalog_version + 1;
          end if;
          return new;
        end $$`.execute(db);
      await sql`create trigger stores_settings_version before update on stores
        for each row execute function stores_settings_version()`.execute(db);
    }
  },
};
