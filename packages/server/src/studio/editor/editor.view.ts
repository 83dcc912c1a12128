// The editor API's JSON: queue items, an item's instructions, files and history.
import type { Executor } from "../../core/db/index.js";
import { statusName } from "../images/image-status.js";
import type { Image } from "../images/image.repository.js";
import { listColorVersionSlots } from "../images/color-outputs.js";
import type { EditorTask } from "./editor-queue.js";
import type { VersionUpload } from "./editor-versions.js";

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** One queue entry as listed. */
export interface QueueItemView {
  ticket: string;
  statusId: number;
  statusName: string;
  state: EditorTask["state"];
  source: string;
  reason: string;
  round: number;
  kind: Image["kind"];
  customerImageId: string | null;
  productId: string | null;
  templateId: number;
  deadline: string | null;
  queuedAt: string | null;
  claimedBy: string | null;
  claimedAt: string | null;
  submittedAt: string | null;
}

/** Rows of the queue query: the task joined with its image and the claiming editor's name. */
export interface QueueRow {
  task: EditorTask;
  image: Pick<
    Image,
    "ticket" | "status" | "kind" | "customerImageId" | "productId" | "templateId" | "deadlineAt"
  >;
  claimedBy: string | null;
}

export function toQueueItemView(r: QueueRow): QueueItemView {
  return {
    ticket: r.image.ticket,
    statusId: r.image.status,
    statusName: statusName(r.image.status),
    state: r.task.state,
    source: r.task.source,
    reason: r.task.reason,
    round: r.task.round,
    kind: r.image.kind,
    customerImageId: r.image.customerImageId,
    productId: r.image.productId,
    templateId: r.image.templateId,
    deadline: iso(r.image.deadlineAt),
    queuedAt: iso(r.task.created_at),
    claimedBy: r.claimedBy,
    claimedAt: iso(r.task.claimed_at),
    submittedAt: iso(r.task.submitted_at),
  };
}

/**
 * Files an editor can download, by name: `source-1`…, `swatch-1`…, `color-reference`, `draft`, `result`,
 * and `version-1`… for each colour version uploaded by hand.
 */
export function editorFiles(
  image: Image,
  task: EditorTask,
  versions: ReadonlyMap<number, VersionUpload>,
): Map<string, string> {
  const files = new Map<string, string>();
  const { sources, swatches, colorReferenceFileURL } = image.request;
  image.sourceKeys.slice(0, sources.length).forEach((k, i) => files.set(`source-${i + 1}`, k));
  // The colour work's inputs, downloaded after the photos: the swatch images, then the colour reference.
  image.sourceKeys
    .slice(sources.length, sources.length + swatches.length)
    .forEach((k, i) => files.set(`swatch-${i + 1}`, k));
  const reference = image.sourceKeys[sources.length + swatches.length];
  if (colorReferenceFileURL !== null && reference !== undefined) files.set("color-reference", reference);
  if (task.draft_key !== null) files.set("draft", task.draft_key);
  if (task.result_key !== null) files.set("result", task.result_key);
  for (const v of versions.values()) files.set(`version-${v.position}`, v.key);
  return files;
}

/** The full item: what to do (instructions), with what (files), and what happened so far (history). */
export async function toItemDetailView(
  db: Executor,
  row: QueueRow,
  image: Image,
  versions: ReadonlyMap<number, VersionUpload>,
  fileUrl: (name: string) => string,
): Promise<Record<string, unknown>> {
  const events = await db
    .selectFrom("studio_editor_events")
    .select(["actor", "action", "from_status", "to_status", "note", "at"])
    .where("task_id", "=", row.task.id)
    .orderBy("id")
    .execute();
  return {
    ...toQueueItemView(row),
    instructions: {
      comment: image.comment,
      markupImageUrl: image.markupUrl,
      rejections: image.request.rejections ?? [],
      colorReferenceFileURL: image.request.colorReferenceFileURL,
      additionalResourceFileURLs: image.request.additionalResourceFileURLs,
      colorVersions: image.request.colorVersions,
      colorwayIds: image.request.colorwayIds,
    },
    report: image.report,
    // Each colour version to deliver: uploaded by hand, or (null) rendered from the result on approval.
    versions: listColorVersionSlots(image).map((slot) => {
      const v = versions.get(slot.position);
      return {
        version: slot.position,
        customerImageColorID: slot.customerImageColorId,
        label: slot.label,
        uploadedBy: v?.uploadedBy ?? null,
        uploadedAt: iso(v?.uploadedAt ?? null),
      };
    }),
    files: [...editorFiles(image, row.task, versions).keys()].map((name) => ({ name, url: fileUrl(name) })),
    history: events.map((e) => ({
      at: iso(e.at),
      actor: e.actor,
      action: e.action,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      note: e.note,
    })),
  };
}
