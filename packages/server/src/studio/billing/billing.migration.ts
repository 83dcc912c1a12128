// Creates the studio's ledger and invoices.
import type { MigrationDefinition } from "../../core/db/index.js";

export const studioBillingMigration: MigrationDefinition = {
  name: "0303_studio_billing",
  async up({ db, types }) {
    await db.schema
      .createTable("studio_ledger")
      .addColumn("id", types.id, types.asId)
      .addColumn("contact_id", types.bigint, (c) => c.notNull().references("studio_contacts.id"))
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("amount", types.bigint, (c) => c.notNull())
      .addColumn("balance_after", types.bigint, (c) => c.notNull())
      .addColumn("image_id", types.bigint)
      .addColumn("description", "text", (c) => c.notNull())
      .addColumn("created_at", types.bigint, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("studio_ledger_contact_created")
      .on("studio_ledger")
      .columns(["contact_id", "created_at"])
      .execute();
    await db.schema
      .createTable("studio_invoices")
      .addColumn("id", types.id, types.asId)
      .addColumn("contact_id", types.bigint, (c) => c.notNull().references("studio_contacts.id"))
      .addColumn("number", "text", (c) => c.notNull().unique())
      .addColumn("period_start", types.bigint, (c) => c.notNull())
      .addColumn("period_end", types.bigint, (c) => c.notNull())
      .addColumn("currency", "text", (c) => c.notNull())
      .addColumn("amount", types.bigint, (c) => c.notNull())
      .addColumn("amount_due", types.bigint, (c) => c.notNull())
      .addColumn("lines", types.json, (c) => c.notNull())
      .addColumn("paid_at", types.bigint)
      .addColumn("created_at", types.bigint, (c) => c.notNull())
      .addUniqueConstraint("studio_invoices_contact_period", ["contact_id", "period_start"])
      .execute();
  },
};
