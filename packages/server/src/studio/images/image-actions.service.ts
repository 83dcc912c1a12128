// DELETE (only before production) and REJECT (only when finished): the customer's two lifecycle actions.
import { sql } from "kysely";
import { releaseForImage } from "../billing/billing.service.js";
import type { Contact } from "../contacts/contact.repository.js";
import type { StudioDeps } from "../studio.deps.js";
import { StudioError } from "../studio-errors.js";
import { optionalText, optionalUrl } from "./image-request.js";
import { FINISHED, ImageStatus, statusName } from "./image-status.js";
import { produceTask } from "./image.tasks.js";
import { findImageById, listVersions, transitionImage, type Image } from "./image.repository.js";
import { scheduleStack } from "./stack.js";
import { sendToEditor } from "../editor/editor-queue.js";

/** Statuses whose image still holds a reservation (12 released it when the download failed). */
const RESERVED_AND_DELETABLE = [10, 20, 30, 40];

function wrongStatus(image: Image, action: string): StudioError {
  return new StudioError(
    "InvalidImageStatus",
    `Image ${image.ticket} is ${statusName(image.status)} (${image.status}) and cannot be ${action}.`,
  );
}

/**
 * Deletes an image below production (→ 0) and gives back its reservation or trial image. The status check
 * and the change are one conditional UPDATE: a worker claiming the image at the same moment either wins
 * (the DELETE answers InvalidImageStatus) or finds it deleted and leaves it alone.
 */
export async function deleteImage(deps: StudioDeps, contact: Contact, image: Image): Promise<void> {
  const now = deps.clock.now();
  const deleted = await deps.database.kysely.transaction().execute(async (trx) => {
    let moved = false;
    if (await transitionImage(trx, image.id, RESERVED_AND_DELETABLE, ImageStatus.DeletedByUser, now)) {
      await releaseForImage(trx, contact.id, { isTrial: image.isTrial, price: image.price });
      moved = true;
    } else
      moved = await transitionImage(
        trx,
        image.id,
        [ImageStatus.DownloadFailed],
        ImageStatus.DeletedByUser,
        now,
      );
    // The rest of its stack no longer waits for it.
    if (moved && image.kind === "stack") await scheduleStack(trx, deps, image);
    return moved;
  });
  if (deleted) return;
  const current = (await findImageById(deps.database.kysely, image.id)) ?? image;
  throw wrongStatus(current, current.status === 0 ? "deleted again" : "deleted once production has started");
}

/**
 * Rejects a finished image (70–80) in a new round, the comment and markup kept on the image for whoever
 * redoes it. Not charged again. With a comment the customer asked for something specific, which the
 * automatic editor cannot read: the image goes to the editor queue (62) with the comment as its reason.
 * Without one it returns to production (40) and is made again automatically.
 */
export async function rejectImage(
  deps: StudioDeps,
  image: Image,
  input: { comment?: string; markupImageUrl?: string },
): Promise<void> {
  const comment = optionalText(input.comment, "comment", 4000);
  const markupImageUrl = optionalUrl(input.markupImageUrl, "markupImageUrl");
  const now = deps.clock.now();
  const request = {
    ...image.request,
    rejections: [...(image.request.rejections ?? []), { comment, markupImageUrl, at: now }],
  };
  const round = image.round + 1;
  const moved = await deps.database.kysely.transaction().execute(async (trx) => {
    if (comment !== null) {
      const finals = await listVersions(trx, image.id);
      return sendToEditor(
        trx,
        {
          imageId: image.id,
          contactId: image.contactId,
          fromStatuses: FINISHED,
          round: image.round,
          taskRound: round,
          reason: `rejected by the customer: "${comment}"${markupImageUrl ? ` (markup: ${markupImageUrl})` : ""}`,
          source: "rejection",
          draftKey: finals.find((v) => v.position === 0)?.final_key ?? null,
          imageChanges: { round, request: JSON.stringify(request), finished_at: null },
          actor: { editorId: null, name: "customer" },
        },
        now,
      );
    }
    const r = await trx
      .updateTable("studio_images")
      .set({
        status: ImageStatus.ReturnedForProduction,
        round: sql<number>`${sql.ref("round")} + 1`,
        request: JSON.stringify(request),
        finished_at: null,
        updated_at: now,
      })
      .where("id", "=", image.id)
      .where("status", "in", [...FINISHED])
      .where("round", "=", image.round)
      .executeTakeFirst();
    if (r.numUpdatedRows === 0n) return false;
    await deps.queue.enqueue(
      trx,
      produceTask,
      { imageId: image.id, round },
      { key: `studio.produce:${image.id}` },
    );
    return true;
  });
  if (moved) return;
  const current = (await findImageById(deps.database.kysely, image.id)) ?? image;
  throw wrongStatus(current, "rejected (only finished images can be)");
}
