// The unpaid-checkout sweep's scan: payments still waiting for the buyer, oldest first.
import type { MigrationDefinition } from "../../core/db/index.js";

export const paymentsOpenMigration: MigrationDefinition = {
  name: "0287_payments_waiting",
  async up({ db }) {
    await db.schema
      .createIndex("store_payments_status_created")
      .on("store_payments")
      .columns(["status", "created_at"])
      .execute();
  },
};
