// Deferred deliveries: a command or Discord operation sent back to pending with a delay (the player is
// offline) is not offered again before `available_at`.
import type { MigrationDefinition } from "../../core/db/index.js";

export const deliveryRetryMigration: MigrationDefinition = {
  name: "0286_delivery_available_at",
  async up({ db, types }) {
    await db.schema.alterTable("store_delivery_commands").addColumn("available_at", types.bigint).execute();
    await db.schema.alterTable("store_discord_operations").addColumn("available_at", types.bigint).execute();
  },
};
