// GET /orders/{id} shows the order's deliveries (commands with their server, Discord operations): writes to
// them move the orders read version, so the cached order detail never shows a stale delivery. A server's
// row is also written by every poll (`last_polled_at`), which no cached read shows: its update triggers, the
// catalog's included, fire for its name only.
import type { MigrationDefinition } from "../../core/db/index.js";
import { createReadVersionTriggers, narrowReadVersionUpdates, type ReadTable } from "./read-versions.js";

const tables: ReadTable[] = [
  { table: "store_delivery_commands", link: { column: "store_id" } },
  { table: "store_discord_operations", link: { column: "store_id" } },
  { table: "store_delivery_servers", link: { column: "store_id" } },
];

export const orderDeliveriesReadVersionsMigration: MigrationDefinition = {
  name: "0288_order_deliveries_read_versions",
  async up({ db, dialect }) {
    for (const table of tables) await createReadVersionTriggers({ db, dialect }, "orders", table);
    for (const domain of ["orders", "catalog"] as const)
      await narrowReadVersionUpdates({ db, dialect }, domain, "store_delivery_servers", ["name", "store_id"]);
  },
};
