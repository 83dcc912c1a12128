// Colour versions in the editor queue: an editor uploads the versions the automatic editor could not make
// (a marker off the product, a swatch of no known colour); on approval every version the image asks for is
// delivered, the uploaded ones as they are and the others rendered from the editor's approved result.
import type { Executor } from "../../core/db/index.js";
import { AppError } from "../../core/errors/index.js";
import {
  colorVersionType,
  listColorVersionSlots,
  renderColorOutputs,
  wantsColorWork,
  type ColorVersionSlot,
  type FlatOutput,
} from "../images/color-outputs.js";
import { EditorNeeded, type ColorOutput } from "../images/color-version.js";
import { imageFolder } from "../images/download.task.js";
import { readBlob, stemOf, type Output } from "../images/finish.js";
import type { Image } from "../images/image.repository.js";
import type { StudioImaging } from "../images/imaging.js";
import type { StudioDeps } from "../studio.deps.js";
import { toEditTemplate } from "../templates/template-spec.js";
import type { Template } from "../templates/template.repository.js";
import type { Editor } from "./editor-account.js";
import { recordEvent, type EditorTask } from "./editor-queue.js";
import { EDITOR_PREFIX } from "./editor.paths.js";

/** A version an editor uploaded for a task. */
export interface VersionUpload {
  position: number;
  key: string;
  contentType: string;
  width: number;
  height: number;
  uploadedBy: string;
  uploadedAt: number;
}

/** The task's uploaded versions by position. */
export async function listVersionUploads(db: Executor, taskId: number): Promise<Map<number, VersionUpload>> {
  const rows = await db
    .selectFrom("studio_editor_versions as v")
    .innerJoin("studio_editors as e", "e.id", "v.uploaded_by")
    .select([
      "v.position",
      "v.result_key",
      "v.content_type",
      "v.width",
      "v.height",
      "v.uploaded_at",
      "e.name",
    ])
    .where("v.task_id", "=", taskId)
    .orderBy("v.position")
    .execute();
  return new Map(
    rows.map((r) => [
      r.position,
      {
        position: r.position,
        key: r.result_key,
        contentType: r.content_type,
        width: r.width,
        height: r.height,
        uploadedBy: r.name,
        uploadedAt: r.uploaded_at,
      },
    ]),
  );
}

/** The colour version `position` of the image; not_found when it asks for none at that place. */
export function getVersionSlot(image: Image, position: number): ColorVersionSlot {
  const slot = listColorVersionSlots(image).find((s) => s.position === position);
  if (!slot) throw new AppError("not_found", `This image has no colour version ${position}`);
  return slot;
}

/** Checked upload of a version, ready to store. */
export interface CheckedVersion {
  contentType: string;
  width: number;
  height: number;
}

/**
 * Stores an uploaded version and records it, while the task is still `states` (and, when `claimedBy` is
 * given, still that editor's). Returns false (nothing recorded) when the task moved meanwhile.
 */
export async function saveVersionUpload(
  deps: StudioDeps,
  editor: Editor,
  image: Image,
  task: EditorTask,
  slot: ColorVersionSlot,
  bytes: Buffer,
  checked: CheckedVersion,
  guard: { states: readonly EditorTask["state"][]; claimedBy?: number },
): Promise<boolean> {
  const key = `${imageFolder(image)}/editor/${task.round}-version-${slot.position}`;
  await deps.blobs.put(key, bytes, { contentType: checked.contentType });
  const now = deps.clock.now();
  return deps.database.kysely.transaction().execute(async (trx) => {
    // Locks the task row (PostgreSQL), so concurrent uploads of one version apply one after the other.
    let q = trx
      .updateTable("studio_editor_tasks")
      .set({ updated_at: now })
      .where("id", "=", task.id)
      .where("state", "in", [...guard.states]);
    if (guard.claimedBy !== undefined) q = q.where("claimed_by", "=", guard.claimedBy);
    if ((await q.executeTakeFirst()).numUpdatedRows === 0n) return false;
    const values = {
      result_key: key,
      content_type: checked.contentType,
      width: checked.width,
      height: checked.height,
      uploaded_by: editor.id,
      uploaded_at: now,
    };
    await trx
      .insertInto("studio_editor_versions")
      .values({ task_id: task.id, position: slot.position, ...values })
      .onConflict((oc) => oc.columns(["task_id", "position"]).doUpdateSet(values))
      .execute();
    await recordEvent(trx, {
      taskId: task.id,
      contactId: editor.contactId,
      actor: { editorId: editor.id, name: editor.name },
      action: "version_uploaded",
      fromStatus: image.status,
      toStatus: image.status,
      note: `${slot.label} (version ${slot.position})`,
      at: now,
    });
    return true;
  });
}

/** The content type an uploaded version must have (what the automatic version would be). */
export function versionUploadType(template: Template): string {
  return colorVersionType(template.spec.templateOutputFormat).mimeType;
}

const FLAT_FORMAT: Record<string, string> = { "image/jpeg": "jpg", "image/png": "png", "image/tiff": "tiff" };

/** How the editor's result is laid out: the automatic attempt's frame, scaled to the result's size. */
function frameOf(image: Image, width: number, height: number): FlatOutput["report"] {
  const f = image.report?.frame;
  if (!f) {
    const whole = { left: 0, top: 0, width, height };
    return { subject: whole, layout: { placement: whole }, dpi: 72 };
  }
  const sx = width / Math.max(1, f.width);
  const sy = height / Math.max(1, f.height);
  const p = f.placement;
  return {
    subject: f.subject,
    layout: {
      placement: { left: p.left * sx, top: p.top * sy, width: p.width * sx, height: p.height * sy },
    },
    dpi: f.dpi,
  };
}

/**
 * Every output of an approved image: the editor's result, then each colour version the image asks for (the
 * uploaded one, else rendered from the result). `conflict` naming the version when one can be neither.
 */
export async function buildApprovedOutputs(
  deps: StudioDeps,
  imaging: StudioImaging,
  image: Image,
  template: Template,
  task: EditorTask,
  main: Output,
): Promise<Output[]> {
  if (!wantsColorWork(image)) return [main];
  const uploads = await listVersionUploads(deps.database.kysely, task.id);
  const made = new Map<number, ColorOutput>();
  const extension = colorVersionType(template.spec.templateOutputFormat).extension;
  for (const u of uploads.values())
    made.set(u.position, {
      image: await readBlob(deps, u.key),
      mimeType: u.contentType,
      extension,
      width: u.width,
      height: u.height,
    });
  const flat = (): Promise<FlatOutput> =>
    Promise.resolve({
      image: main.image,
      format: FLAT_FORMAT[main.mimeType] ?? "png",
      report: frameOf(image, main.width, main.height),
    });
  try {
    return await renderColorOutputs(
      deps,
      imaging,
      { image, template: toEditTemplate(template.spec), main, flat, stem: stemOf(image) },
      { made, mainIsFinal: true },
    );
  } catch (e) {
    if (!(e instanceof EditorNeeded)) throw e;
    const where =
      e.position === undefined
        ? ""
        : ` (PUT ${EDITOR_PREFIX}/images/${image.ticket}/versions/${e.position} with the edited file)`;
    throw new AppError(
      "conflict",
      `Cannot approve: ${e.message}. Upload that version by hand${where} first.`,
      e.position === undefined ? {} : { version: e.position },
    );
  }
}
