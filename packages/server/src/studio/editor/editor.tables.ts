// The human editor hand-off: editors (people with a key, per contact), queue items, and their history.
import type { Generated } from "kysely";

export interface StudioEditorsTable {
  id: Generated<number>;
  /** The tenant: an editor sees only this contact's images. */
  contact_id: number;
  name: string;
  /** SHA-256 of the editor key (`pxe_…`), unique. */
  key_hash: string;
  created_at: number;
  disabled_at: number | null;
}

/** queued (62) → claimed (64) → submitted (66) → approved (70); `return` sends claimed/submitted back to queued. */
export type EditorTaskState = "queued" | "claimed" | "submitted" | "approved";

export interface StudioEditorTasksTable {
  id: Generated<number>;
  image_id: number;
  contact_id: number;
  /** The image's production round the task belongs to (a new REJECT opens a new task). */
  round: number;
  state: EditorTaskState;
  /** Why the automatic editor handed it over ("confidence", "rejection", "colour", …). */
  source: string;
  reason: string;
  /** Blob key of the automatic editor's attempt, when it made one (a starting point for the editor). */
  draft_key: string | null;
  claimed_by: number | null;
  claimed_at: number | null;
  /** Blob key and type of the editor's upload. */
  result_key: string | null;
  result_content_type: string | null;
  submitted_at: number | null;
  decided_by: number | null;
  decided_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface StudioEditorEventsTable {
  id: Generated<number>;
  task_id: number;
  contact_id: number;
  /** null: the automatic editor or the customer (see `actor`). */
  editor_id: number | null;
  /** Who, as shown: an editor's name, "automatic editor" or "customer". */
  actor: string;
  /** queued, claimed, submitted, approved, returned. */
  action: string;
  from_status: number | null;
  to_status: number;
  note: string | null;
  at: number;
}

/** A colour version an editor made by hand for a task (the others are rendered from the result on approval). */
export interface StudioEditorVersionsTable {
  id: Generated<number>;
  task_id: number;
  /** The version's place among the image's outputs: 1… (colour versions, then colourways). */
  position: number;
  result_key: string;
  content_type: string;
  width: number;
  height: number;
  uploaded_by: number;
  uploaded_at: number;
}

declare module "../../core/db/tables.js" {
  interface Tables {
    studio_editors: StudioEditorsTable;
    studio_editor_tasks: StudioEditorTasksTable;
    studio_editor_events: StudioEditorEventsTable;
    studio_editor_versions: StudioEditorVersionsTable;
  }
}
