// Creates the editor hand-off tables and gives images a production report.
import type { MigrationDefinition } from "../../core/db/index.js";

export const studioEditorMigration: MigrationDefinition = {
  name: "0320_studio_editor",
  async up({ db, types }) {
    // JSON: each automatic step's confidence and reason, white glove's choice, warnings (see production-report.ts).
    await db.schema.alterTable("studio_images").addColumn("report", types.json).execute();
    await db.schema
      .createTable("studio_editors")
      .addColumn("id", types.id, types.asId)
      .addColumn("contact_id", types.bigint, (c) => c.notNull().references("studio_contacts.id"))
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("key_hash", "text", (c) => c.notNull().unique())
      .addColumn("created_at", types.bigint, (c) => c.notNull())
      .addColumn("disabled_at", types.bigint)
      .addUniqueConstraint("studio_editors_contact_name", ["contact_id", "name"])
      .execute();
    await db.schema
      .createTable("studio_editor_tasks")
      .addColumn("id", types.id, types.asId)
      .addColumn("image_id", types.bigint, (c) => c.notNull().references("studio_images.id"))
      .addColumn("contact_id", types.bigint, (c) => c.notNull().references("studio_contacts.id"))
      .addColumn("round", "integer", (c) => c.notNull())
      .addColumn("state", "text", (c) => c.notNull())
      .addColumn("source", "text", (c) => c.notNull())
      .addColumn("reason", "text", (c) => c.notNull())
      .addColumn("draft_key", "text")
      .addColumn("claimed_by", types.bigint, (c) => c.references("studio_editors.id"))
      .addColumn("claimed_at", types.bigint)
      .addColumn("result_key", "text")
      .addColumn("result_content_type", "text")
      .addColumn("submitted_at", types.bigint)
      .addColumn("decided_by", types.bigint, (c) => c.references("studio_editors.id"))
      .addColumn("decided_at", types.bigint)
      .addColumn("created_at", types.bigint, (c) => c.notNull())
      .addColumn("updated_at", types.bigint, (c) => c.notNull())
      .addUniqueConstraint("studio_editor_tasks_image_round", ["image_id", "round"])
      .execute();
    await db.schema
      .createIndex("studio_editor_tasks_contact_state")
      .on("studio_editor_tasks")
      .columns(["contact_id", "state", "id"])
      .execute();
    await db.schema
      .createTable("studio_editor_events")
      .addColumn("id", types.id, types.asId)
      .addColumn("task_id", types.bigint, (c) => c.notNull().references("studio_editor_tasks.id"))
      .addColumn("contact_id", types.bigint, (c) => c.notNull())
      .addColumn("editor_id", types.bigint)
      .addColumn("actor", "text", (c) => c.notNull())
      .addColumn("action", "text", (c) => c.notNull())
      .addColumn("from_status", "integer")
      .addColumn("to_status", "integer", (c) => c.notNull())
      .addColumn("note", "text")
      .addColumn("at", types.bigint, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("studio_editor_events_task")
      .on("studio_editor_events")
      .columns(["task_id", "id"])
      .execute();
  },
};

/** Colour versions an editor uploads by hand, one per task and position (0321). */
export const studioEditorVersionsMigration: MigrationDefinition = {
  name: "0321_studio_editor_versions",
  async up({ db, types }) {
    await db.schema
      .createTable("studio_editor_versions")
      .addColumn("id", types.id, types.asId)
      .addColumn("task_id", types.bigint, (c) => c.notNull().references("studio_editor_tasks.id"))
      .addColumn("position", "integer", (c) => c.notNull())
      .addColumn("result_key", "text", (c) => c.notNull())
      .addColumn("content_type", "text", (c) => c.notNull())
      .addColumn("width", "integer", (c) => c.notNull())
      .addColumn("height", "integer", (c) => c.notNull())
      .addColumn("uploaded_by", types.bigint, (c) => c.notNull().references("studio_editors.id"))
      .addColumn("uploaded_at", types.bigint, (c) => c.notNull())
      .addUniqueConstraint("studio_editor_versions_task_position", ["task_id", "position"])
      .execute();
  },
};
