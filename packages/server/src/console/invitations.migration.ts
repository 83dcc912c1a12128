// Creates the staff invitations table, and makes a user's store membership unique (one role per store).
import type { MigrationDefinition } from "../core/db/index.js";

export const consoleInvitationsMigration: MigrationDefinition = {
  name: "0410_console_invitations",
  async up({ db, types }) {
    await db.schema
      .createTable("console_invitations")
      .addColumn("id", types.id, types.asId)
      .addColumn("store_id", types.bigint, (c) => c.notNull().references("stores.id").onDelete("cascade"))
      .addColumn("email", "text", (c) => c.notNull())
      .addColumn("role", "text", (c) => c.notNull())
      .addColumn("token_hash", "text", (c) => c.notNull())
      .addColumn("invited_by", types.bigint, (c) => c.references("console_users.id").onDelete("set null"))
      .addColumn("created_at", types.bigint, (c) => c.notNull())
      .addColumn("expires_at", types.bigint, (c) => c.notNull())
      .addColumn("accepted_at", types.bigint)
      .addColumn("accepted_by", types.bigint, (c) => c.references("console_users.id").onDelete("set null"))
      .addColumn("revoked_at", types.bigint)
      .execute();
    await db.schema
      .createIndex("console_invitations_store")
      .on("console_invitations")
      .columns(["store_id", "created_at"])
      .execute();
    // Two acceptances racing for one user and store (two invitations) must not make two memberships.
    await db.schema
      .createIndex("console_memberships_user_store")
      .on("console_memberships")
      .columns(["user_id", "store_id"])
      .unique()
      .execute();
  },
};
