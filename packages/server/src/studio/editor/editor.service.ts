// The editor workflow on a contact's queue: claim and download (62 → 64), upload the edited result
// (64 → 66) and any colour version by hand, approve it (66 → 70, delivered with every colour version like
// any finished image) or return it (64/66 → 62). Every step is one transaction that moves the task and the
// image together and records who did it and when.
import type { ImageCodec } from "@pixl/imaging";
import { AppError } from "../../core/errors/index.js";
import { assertOutput, finishImage, readBlob, stemOf, type Output } from "../images/finish.js";
import { imageFolder } from "../images/download.task.js";
import { ImageStatus } from "../images/image-status.js";
import { findImageByTicket, type Image } from "../images/image.repository.js";
import type { StudioImaging } from "../images/imaging.js";
import { sniffImageType } from "../images/source-check.js";
import type { StudioDeps } from "../studio.deps.js";
import { findTemplate } from "../templates/template.repository.js";
import type { Editor } from "./editor-account.js";
import { findOpenTask, ImageMovedMeanwhile, moveTask, recordEvent, type EditorTask } from "./editor-queue.js";
import type { EditorTaskState } from "./editor.tables.js";
import {
  buildApprovedOutputs,
  getVersionSlot,
  saveVersionUpload,
  versionUploadType,
} from "./editor-versions.js";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Output format → the content type an upload must have. */
const UPLOAD_TYPES: Record<string, string> = {
  JPG: "image/jpeg",
  JPEG: "image/jpeg",
  PNG: "image/png",
  TIF: "image/tiff",
  TIFF: "image/tiff",
  PSD: "image/vnd.adobe.photoshop",
};

/** Output format → the final's file extension. */
const EXTENSION_OF: Record<string, string> = {
  JPG: "jpg",
  JPEG: "jpg",
  TIF: "tif",
  TIFF: "tif",
  PNG: "png",
  PSD: "psd",
};

/** The image and its open task, for an editor of the image's contact; not_found for anything else. */
export async function getTaskForEditor(
  deps: StudioDeps,
  editor: Editor,
  ticket: string,
): Promise<{ image: Image; task: EditorTask }> {
  const t = ticket.trim().toLowerCase();
  const notFound = new AppError("not_found", `No image ${ticket.slice(0, 60)} is in your editor queue`);
  if (!GUID.test(t)) throw notFound;
  const db = deps.database.kysely;
  const image = await findImageByTicket(db, editor.contactId, t);
  if (!image) throw notFound;
  const task = await findOpenTask(db, image.id, image.round);
  if (!task) throw notFound;
  return { image, task };
}

function conflict(task: EditorTask, action: string, editorNames: Map<number, string>): AppError {
  const by = task.claimed_by === null ? "" : ` by ${editorNames.get(task.claimed_by) ?? "another editor"}`;
  return new AppError(
    "conflict",
    `Cannot ${action}: the image is ${task.state}${task.state === "claimed" ? by : ""}`,
    {
      state: task.state,
    },
  );
}

async function namesOf(deps: StudioDeps, ids: (number | null)[]): Promise<Map<number, string>> {
  const wanted = ids.filter((i): i is number => i !== null);
  if (wanted.length === 0) return new Map();
  const rows = await deps.database.kysely
    .selectFrom("studio_editors")
    .select(["id", "name"])
    .where("id", "in", wanted)
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * Runs one step: moves the task (from `from` states) and its image together, records the event. Answers
 * conflict when another editor got there first (only one of several concurrent claims can win).
 */
async function step(
  deps: StudioDeps,
  editor: Editor,
  ticket: string,
  s: {
    action: string;
    verb: string;
    from: readonly EditorTaskState[];
    mine?: boolean;
    to: EditorTaskState;
    imageFrom: readonly number[];
    imageTo: number;
    taskChanges?: Parameters<typeof moveTask>[3];
    note?: string | null;
  },
): Promise<void> {
  const { image, task } = await getTaskForEditor(deps, editor, ticket);
  const refuse = async (): Promise<never> => {
    const now = (await findOpenTask(deps.database.kysely, image.id, image.round)) ?? task;
    throw conflict(now, s.verb, await namesOf(deps, [now.claimed_by]));
  };
  if (!s.from.includes(task.state) || (s.mine === true && task.claimed_by !== editor.id)) return refuse();
  const now = deps.clock.now();
  let moved: boolean;
  try {
    moved = await deps.database.kysely.transaction().execute(async (trx) => {
      const ok = await moveTask(
        trx,
        task,
        { state: s.from, ...(s.mine === true ? { claimedBy: editor.id } : {}) },
        { state: s.to, ...s.taskChanges },
        { from: s.imageFrom, to: s.imageTo },
        now,
      );
      if (!ok) return false;
      await recordEvent(trx, {
        taskId: task.id,
        contactId: editor.contactId,
        actor: { editorId: editor.id, name: editor.name },
        action: s.action,
        fromStatus: image.status,
        toStatus: s.imageTo,
        note: s.note ?? null,
        at: now,
      });
      return true;
    });
  } catch (e) {
    if (e instanceof ImageMovedMeanwhile) moved = false;
    else throw e;
  }
  if (!moved) await refuse();
}

/** 62 → 64: the editor takes the image (exactly one of several editors claiming at once wins). */
export async function claimImage(deps: StudioDeps, editor: Editor, ticket: string): Promise<void> {
  const now = deps.clock.now();
  await step(deps, editor, ticket, {
    action: "claimed",
    verb: "claim",
    from: ["queued"],
    to: "claimed",
    imageFrom: [ImageStatus.AssignedToEditor],
    imageTo: ImageStatus.DownloadedByEditor,
    taskChanges: { claimed_by: editor.id, claimed_at: now },
  });
}

/**
 * The format, size and a thumbnail of an uploaded file; unsupported_media_type when it is not `expected`
 * (the template's output format, or what its colour versions are).
 */
async function checkUpload(
  codec: ImageCodec,
  bytes: Buffer,
  expected: { format: string; contentType: string; what: string },
  maxPixels: number,
): Promise<{ contentType: string; width: number; height: number; thumbnail?: Buffer }> {
  const actual = sniffImageType(bytes);
  if (actual !== expected.contentType)
    throw new AppError(
      "unsupported_media_type",
      `${expected.what} ${expected.format}: upload a ${expected.format} file (${expected.contentType}); this is ${actual ?? "not an image"}`,
    );
  if (actual === "image/vnd.adobe.photoshop") {
    if (bytes.length < 26) throw new AppError("validation_failed", "The PSD file is truncated");
    return { contentType: actual, height: bytes.readUInt32BE(14), width: bytes.readUInt32BE(18) };
  }
  let header;
  try {
    header = await codec.readHeader(bytes);
  } catch {
    throw new AppError("validation_failed", "The file cannot be read as an image");
  }
  if (header.width * header.height > maxPixels)
    throw new AppError("payload_too_large", `The image is larger than ${maxPixels} pixels`);
  const raster = await codec.decode(bytes, { maxPixels });
  const k = Math.min(1, 300 / Math.max(raster.width, raster.height));
  const small = await codec.resize(
    raster,
    Math.max(1, Math.round(raster.width * k)),
    Math.max(1, Math.round(raster.height * k)),
  );
  const thumbnail = await codec.encode(small, { format: "jpg", quality: 85, dpi: 72 });
  return { contentType: actual, width: raster.width, height: raster.height, thumbnail };
}

function outputType(format: string): { format: string; contentType: string; what: string } {
  return { format, contentType: UPLOAD_TYPES[format] ?? "image/jpeg", what: "The template's output is" };
}

/**
 * A colour version made by hand (`position` 1… among the image's versions), while the image is with its
 * claiming editor (64) or waiting for approval (66, any editor of the contact): it is delivered as it is
 * on approval instead of being rendered from the result. Uploading it again replaces it.
 */
export async function submitVersion(
  deps: StudioDeps,
  codec: ImageCodec,
  editor: Editor,
  ticket: string,
  position: number,
  bytes: Buffer,
): Promise<void> {
  const { image, task } = await getTaskForEditor(deps, editor, ticket);
  const slot = getVersionSlot(image, position);
  const mine = task.state === "claimed" && task.claimed_by === editor.id;
  if (!mine && task.state !== "submitted")
    throw conflict(task, "upload a colour version", await namesOf(deps, [task.claimed_by]));
  const template = await findTemplate(deps.database.kysely, image.contactId, image.templateId);
  if (!template) throw new AppError("conflict", "The image's template no longer exists");
  const contentType = versionUploadType(template);
  const format = contentType === "image/png" ? "PNG" : contentType === "image/tiff" ? "TIFF" : "JPG";
  const checked = await checkUpload(
    codec,
    bytes,
    { format, contentType, what: "Colour versions of this template are" },
    deps.limits.maxSourcePixels,
  );
  const saved = await saveVersionUpload(deps, editor, image, task, slot, bytes, checked, {
    states: [task.state],
    ...(mine ? { claimedBy: editor.id } : {}),
  });
  if (!saved) {
    const now = (await findOpenTask(deps.database.kysely, image.id, image.round)) ?? task;
    throw conflict(now, "upload a colour version", await namesOf(deps, [now.claimed_by]));
  }
}

/** 64 → 66: the claiming editor uploads the edited result (the template's format) for QA. */
export async function submitResult(
  deps: StudioDeps,
  codec: ImageCodec,
  editor: Editor,
  ticket: string,
  bytes: Buffer,
): Promise<void> {
  const { image, task } = await getTaskForEditor(deps, editor, ticket);
  if (task.state !== "claimed" || task.claimed_by !== editor.id)
    throw conflict(task, "upload a result", await namesOf(deps, [task.claimed_by]));
  const template = await findTemplate(deps.database.kysely, image.contactId, image.templateId);
  const checked = await checkUpload(
    codec,
    bytes,
    outputType(template?.spec.templateOutputFormat ?? "JPG"),
    deps.limits.maxSourcePixels,
  );
  const key = `${imageFolder(image)}/editor/${image.round}-result`;
  await deps.blobs.put(key, bytes, { contentType: checked.contentType });
  await step(deps, editor, ticket, {
    action: "submitted",
    verb: "upload a result",
    from: ["claimed"],
    mine: true,
    to: "submitted",
    imageFrom: [ImageStatus.DownloadedByEditor],
    imageTo: ImageStatus.QualityAssurance,
    taskChanges: {
      result_key: key,
      result_content_type: checked.contentType,
      submitted_at: deps.clock.now(),
    },
  });
}

/** 64/66 → 62: the image goes back to the queue (released by its editor, or returned by QA) with a note. */
export async function returnImage(
  deps: StudioDeps,
  editor: Editor,
  ticket: string,
  note: string | null,
): Promise<void> {
  const { task } = await getTaskForEditor(deps, editor, ticket);
  const releasing = task.state === "claimed";
  await step(deps, editor, ticket, {
    action: "returned",
    verb: "return it",
    from: releasing ? ["claimed"] : ["submitted"],
    ...(releasing ? { mine: true } : {}),
    to: "queued",
    imageFrom: releasing ? [ImageStatus.DownloadedByEditor] : [ImageStatus.QualityAssurance],
    imageTo: ImageStatus.AssignedToEditor,
    taskChanges: { claimed_by: null, claimed_at: null, submitted_at: null },
    note,
  });
}

/**
 * 66 → 70: QA approves the uploaded result; it becomes the image's final and, with every colour version
 * the image asks for (uploaded by hand, else rendered from the result), is delivered and charged.
 */
export async function approveImage(
  deps: StudioDeps,
  imaging: StudioImaging,
  editor: Editor,
  ticket: string,
): Promise<void> {
  const codec = imaging.codec;
  const { image, task } = await getTaskForEditor(deps, editor, ticket);
  if (task.state !== "submitted" || task.result_key === null)
    throw conflict(task, "approve", await namesOf(deps, [task.claimed_by]));
  const template = await findTemplate(deps.database.kysely, image.contactId, image.templateId);
  if (!template) throw new AppError("conflict", "The image's template no longer exists");
  const bytes = await readBlob(deps, task.result_key);
  const checked = await checkUpload(
    codec,
    bytes,
    outputType(template.spec.templateOutputFormat),
    deps.limits.maxSourcePixels,
  );
  const ext = EXTENSION_OF[template.spec.templateOutputFormat] ?? "jpg";
  const stem = stemOf(image);
  const output: Output = {
    position: 0,
    customerImageColorId: "",
    fileName: `${stem}.${ext}`,
    image: bytes,
    mimeType: checked.contentType,
    width: checked.width,
    height: checked.height,
    ...(checked.thumbnail ? { thumbnail: { bytes: checked.thumbnail, name: `${stem}.jpg` } } : {}),
  };
  await assertOutput(codec, output);
  const outputs = await buildApprovedOutputs(deps, imaging, image, template, task, output);
  for (const o of outputs.slice(1)) await assertOutput(codec, o);
  const now = deps.clock.now();
  const finished = await finishImage(deps, image, template, outputs, {
    from: [ImageStatus.QualityAssurance],
    guard: async (trx) => {
      const r = await trx
        .updateTable("studio_editor_tasks")
        .set({ state: "approved", decided_by: editor.id, decided_at: now, updated_at: now })
        .where("id", "=", task.id)
        .where("state", "=", "submitted")
        .executeTakeFirst();
      if (r.numUpdatedRows === 0n) return false;
      await recordEvent(trx, {
        taskId: task.id,
        contactId: editor.contactId,
        actor: { editorId: editor.id, name: editor.name },
        action: "approved",
        fromStatus: ImageStatus.QualityAssurance,
        toStatus: ImageStatus.Finished,
        note: null,
        at: now,
      });
      return true;
    },
  });
  if (!finished) {
    const current = (await findOpenTask(deps.database.kysely, image.id, image.round)) ?? {
      ...task,
      state: "approved" as const,
    };
    throw conflict(current, "approve", new Map());
  }
}
