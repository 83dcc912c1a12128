// Creates the console's users, memberships and sessions.
import type { MigrationDefinition } from "../core/db/index.js";

export const consoleAccountsMigration: MigrationDefinition = {
  name: "0400_console_accounts",
  async up({ db, types }) {
    await db.schema
      .createTable("console_users")
      .addColumn("id", types.id, types.asId)
      .addColumn("email", "text", (c) => c.notNull().unique())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("password_hash", "text", (c) => c.notNull())
      .addColumn("created_at", types.bigint, (c) => c.notNull())
      .addColumn("updated_at", types.bigint, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable("console_memberships")
      .addColumn("id", types.id, types.asId)
      .addColumn("user_id", types.bigint, (c) =>
        c.notNull().references("console_users.id").onDelete("cascade"),
      )
      .addColumn("store_id", types.bigint, (c) => c.references("stores.id").onDelete("cascade"))
      .addColumn("contact_id", types.bigint, (c) => c.references("studio_contacts.id").onDelete("cascade"))
      .addColumn("role", "text", (c) => c.notNull())
      .addColumn("created_at", types.bigint, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("console_memberships_user")
      .on("console_memberships")
      .columns(["user_id", "store_id", "contact_id"])
      .execute();
    await db.schema
      .createTable("console_sessions")
      .addColumn("id", types.id, types.asId)
      .addColumn("user_id", types.bigint, (c) =>
        c.notNull().references("console_users.id").onDelete("cascade"),
      )
      .addColumn("token_hash", "text", (c) => c.notNull().unique())
      .addColumn("created_at", types.bigint, (c) => c.notNull())
      .addColumn("last_seen_at", types.bigint, (c) => c.notNull())
      .addColumn("expires_at", types.bigint, (c) => c.notNull())
      .addColumn("ip", "text", (c) => c.notNull())
      .addColumn("user_agent", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("console_sessions_user").on("console_sessions").column("user_id").execute();
  },
};

/** Editor accounts: a membership with the role editor names the studio editor it signs in as (0420). */
export const consoleEditorMembershipsMigration: MigrationDefinition = {
  name: "0420_console_editor_memberships",
  async up({ db, types }) {
    await db.schema
      .alterTable("console_memberships")
      .addColumn("editor_id", types.bigint, (c) => c.references("studio_editors.id"))
      .execute();
  },
};
