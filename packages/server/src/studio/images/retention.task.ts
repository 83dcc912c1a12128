// Retention, hourly: finished images are closed (100) 30 days after finishing; files of closed images are
// removed 30 days later (999); files of deleted (0), failed (12) and refused (90) images too, status kept;
// images left without a live job are ended (stalled.ts).
import type { Executor } from "../../core/db/index.js";
import { createTaskHandler, type TaskHandler } from "../../core/jobs/index.js";
import type { StudioDeps } from "../studio.deps.js";
import { FINISHED, ImageStatus } from "./image-status.js";
import { retentionTask } from "./image.tasks.js";
import { endStalledImages } from "./stalled.js";

const HOUR = 3_600_000;
const BATCH = 200;
/** Direct uploads are copied into their image's sources; the upload itself goes after a week. */
const UPLOAD_LIFETIME_MS = 7 * 24 * HOUR;

export interface RetentionReport {
  closed: number;
  filesRemoved: number;
  uploadsRemoved: number;
  /** Images ended because their job was gone (see stalled.ts). */
  stalled: number;
}

async function removeImageFiles(
  deps: StudioDeps,
  db: Executor,
  image: { id: number; source_keys: string },
): Promise<void> {
  const versions = await db
    .selectFrom("studio_image_versions")
    .select(["final_key", "thumbnail_key"])
    .where("image_id", "=", image.id)
    .execute();
  // The editor queue's files too: automatic drafts and editors' uploads.
  const tasks = await db
    .selectFrom("studio_editor_tasks")
    .select(["draft_key", "result_key"])
    .where("image_id", "=", image.id)
    .execute();
  const keys = new Set([
    ...(JSON.parse(image.source_keys) as string[]),
    ...versions.flatMap((v) => (v.thumbnail_key === null ? [v.final_key] : [v.final_key, v.thumbnail_key])),
    ...tasks.flatMap((t) => [t.draft_key, t.result_key].filter((k): k is string => k !== null)),
  ]);
  for (const key of keys) await deps.blobs.delete(key);
}

/** One pass of the retention rules at the clock's now. Returns what it did. */
export async function runRetention(deps: StudioDeps): Promise<RetentionReport> {
  const db = deps.database.kysely;
  const now = deps.clock.now();
  const closed = await db
    .updateTable("studio_images")
    .set({ status: ImageStatus.Closed, closed_at: now, updated_at: now })
    .where("status", "in", [...FINISHED])
    .where("finished_at", "<=", now - deps.limits.closeAfterMs)
    .executeTakeFirst();
  const removeBefore = now - deps.limits.removeFilesAfterMs;
  let filesRemoved = 0;
  for (;;) {
    const due = await db
      .selectFrom("studio_images")
      .select(["id", "status", "source_keys"])
      .where("files_removed_at", "is", null)
      .where((eb) =>
        eb.or([
          eb.and([eb("status", "=", ImageStatus.Closed), eb("closed_at", "<=", removeBefore)]),
          eb.and([
            eb("status", "in", [
              ImageStatus.DeletedByUser,
              ImageStatus.DownloadFailed,
              ImageStatus.RejectedByPixelz,
            ]),
            eb("updated_at", "<=", removeBefore),
          ]),
        ]),
      )
      .orderBy("id")
      .limit(BATCH)
      .execute();
    for (const image of due) {
      await removeImageFiles(deps, db, image);
      await db
        .updateTable("studio_images")
        .set({
          files_removed_at: now,
          ...(image.status === ImageStatus.Closed
            ? { status: ImageStatus.RemovedByCleanup, updated_at: now }
            : {}),
        })
        .where("id", "=", image.id)
        .where("status", "=", image.status)
        .execute();
      filesRemoved += 1;
    }
    if (due.length < BATCH) break;
  }
  const uploads = await db
    .selectFrom("studio_uploads")
    .select(["id", "blob_key"])
    .where("created_at", "<=", now - UPLOAD_LIFETIME_MS)
    .limit(1000)
    .execute();
  for (const u of uploads) await deps.blobs.delete(u.blob_key);
  if (uploads.length > 0)
    await db
      .deleteFrom("studio_uploads")
      .where(
        "id",
        "in",
        uploads.map((u) => u.id),
      )
      .execute();
  const stalled = await endStalledImages(deps);
  return { closed: Number(closed.numUpdatedRows), filesRemoved, uploadsRemoved: uploads.length, stalled };
}

export function createRetentionHandler(deps: StudioDeps): TaskHandler {
  return createTaskHandler(retentionTask, async (_payload, ctx) => {
    const report = await runRetention(deps);
    if (report.closed + report.filesRemoved + report.stalled > 0)
      ctx.logger.info({ ...report }, "studio retention");
    await deps.queue.enqueue(deps.database.kysely, retentionTask, null, {
      key: retentionTask.name,
      runAt: deps.clock.now() + HOUR,
    });
  });
}
