// The editor queue's writes: handing an image to a person (→ 62) and each recorded step after that. Every
// change is a conditional UPDATE of the task and of the image together, so two editors can never both win.
import type { Selectable, Updateable } from "kysely";
import type { Executor } from "../../core/db/index.js";
import { ImageStatus } from "../images/image-status.js";
import type { StudioImagesTable } from "../images/image.tables.js";
import type { EditorTaskState, StudioEditorTasksTable } from "./editor.tables.js";

export type EditorTask = Selectable<StudioEditorTasksTable>;

/** Task states that hold the image (it waits for, or is with, a person). */
export const OPEN_TASK_STATES: readonly EditorTaskState[] = ["queued", "claimed", "submitted"];

/** Who made a change: an editor, or the system on behalf of the automatic editor or the customer. */
export type Actor =
  { editorId: number; name: string } | { editorId: null; name: "automatic editor" | "customer" };

/** What a hand-off says and where it comes from. */
export interface HandOff {
  imageId: number;
  contactId: number;
  /** The image must be in one of these statuses… */
  fromStatuses: readonly number[];
  /** …and in this production round. */
  round: number;
  /** The round the task is for (the image's round after the change; a REJECT starts the next one). */
  taskRound?: number;
  /** Shown to the editor and, as the status Message, to the customer. */
  reason: string;
  /** "confidence" (a step the automatic editor was unsure of), "rejection" (the customer's comment), … */
  source: string;
  /** The automatic editor's attempt, for the editor to start from. */
  draftKey?: string | null;
  /** Other columns of the image to set in the same UPDATE (a REJECT's new round and request). */
  imageChanges?: Omit<Updateable<StudioImagesTable>, "status" | "updated_at" | "status_reason">;
  actor?: Actor;
}

/** The status Message of an image waiting for a person. */
export function waitingReason(reason: string): string {
  return `Sent to an editor: ${reason}`.slice(0, 1000);
}

/**
 * Sends an image to the editor queue (status 62, Assigned to editor) with its reason, opening its task
 * for the round and recording the step. Call it inside a transaction. Returns false (and changes
 * nothing) when the image is no longer in `fromStatuses` and `round`. The colour versions, combined
 * images, stacks, white glove and REJECT all hand over through here.
 */
export async function sendToEditor(db: Executor, h: HandOff, now: number): Promise<boolean> {
  const r = await db
    .updateTable("studio_images")
    .set({
      ...h.imageChanges,
      status: ImageStatus.AssignedToEditor,
      status_reason: waitingReason(h.reason),
      updated_at: now,
    })
    .where("id", "=", h.imageId)
    .where("status", "in", [...h.fromStatuses])
    .where("round", "=", h.round)
    .executeTakeFirst();
  if (r.numUpdatedRows === 0n) return false;
  const from = await db
    .selectFrom("studio_editor_tasks")
    .select("id")
    .where("image_id", "=", h.imageId)
    .where("round", "=", h.taskRound ?? h.round)
    .executeTakeFirst();
  const task = {
    state: "queued" as const,
    source: h.source,
    reason: h.reason.slice(0, 4000),
    draft_key: h.draftKey ?? null,
    claimed_by: null,
    claimed_at: null,
    result_key: null,
    result_content_type: null,
    submitted_at: null,
    decided_by: null,
    decided_at: null,
    updated_at: now,
  };
  const taskId = from
    ? (await db.updateTable("studio_editor_tasks").set(task).where("id", "=", from.id).execute(), from.id)
    : (
        await db
          .insertInto("studio_editor_tasks")
          .values({
            ...task,
            image_id: h.imageId,
            contact_id: h.contactId,
            round: h.taskRound ?? h.round,
            created_at: now,
          })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
  await recordEvent(db, {
    taskId,
    contactId: h.contactId,
    actor: h.actor ?? { editorId: null, name: "automatic editor" },
    action: "queued",
    fromStatus: null,
    toStatus: ImageStatus.AssignedToEditor,
    note: h.reason,
    at: now,
  });
  return true;
}

export async function recordEvent(
  db: Executor,
  e: {
    taskId: number;
    contactId: number;
    actor: Actor;
    action: string;
    fromStatus: number | null;
    toStatus: number;
    note: string | null;
    at: number;
  },
): Promise<void> {
  await db
    .insertInto("studio_editor_events")
    .values({
      task_id: e.taskId,
      contact_id: e.contactId,
      editor_id: e.actor.editorId,
      actor: e.actor.name,
      action: e.action,
      from_status: e.fromStatus,
      to_status: e.toStatus,
      note: e.note === null ? null : e.note.slice(0, 4000),
      at: e.at,
    })
    .execute();
}

/** The open task of an image's current round, if a person holds it or is to. */
export async function findOpenTask(
  db: Executor,
  imageId: number,
  round: number,
): Promise<EditorTask | undefined> {
  return db
    .selectFrom("studio_editor_tasks")
    .selectAll()
    .where("image_id", "=", imageId)
    .where("round", "=", round)
    .where("state", "in", [...OPEN_TASK_STATES])
    .executeTakeFirst();
}

/** The task moved but its image had not the expected status: the caller's transaction must roll back. */
export class ImageMovedMeanwhile extends Error {
  override readonly name = "ImageMovedMeanwhile";
}

/**
 * Moves a task from `from` to `to` and its image from `image.from` to `image.to` together. Call inside a
 * transaction. Returns false (nothing written) when the task is no longer in `from`; throws
 * ImageMovedMeanwhile when the task moved but the image had not, so the transaction rolls back.
 */
export async function moveTask(
  db: Executor,
  task: Pick<EditorTask, "id" | "image_id" | "round">,
  from: { state: readonly EditorTaskState[]; claimedBy?: number },
  to: Omit<Updateable<StudioEditorTasksTable>, "id" | "image_id" | "contact_id" | "round">,
  image: {
    from: readonly number[];
    to: number;
    changes?: Omit<Updateable<StudioImagesTable>, "status" | "updated_at">;
  },
  now: number,
): Promise<boolean> {
  let q = db
    .updateTable("studio_editor_tasks")
    .set({ ...to, updated_at: now })
    .where("id", "=", task.id)
    .where("state", "in", [...from.state]);
  if (from.claimedBy !== undefined) q = q.where("claimed_by", "=", from.claimedBy);
  if ((await q.executeTakeFirst()).numUpdatedRows === 0n) return false;
  const r = await db
    .updateTable("studio_images")
    .set({ ...image.changes, status: image.to, updated_at: now })
    .where("id", "=", task.image_id)
    .where("status", "in", [...image.from])
    .where("round", "=", task.round)
    .executeTakeFirst();
  if (r.numUpdatedRows === 0n)
    throw new ImageMovedMeanwhile(`image ${task.image_id} is not in ${image.from.join("/")}`);
  return true;
}
