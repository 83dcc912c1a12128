// Images whose job is gone: a worker that crashed on a job's last attempt leaves it failed (or a lost job
// leaves nothing), and the image would wait at 10 or 60–66 for ever. The retention pass ends them.
import type { Executor } from "../../core/db/index.js";
import { releaseForImage } from "../billing/billing.service.js";
import type { StudioDeps } from "../studio.deps.js";
import { IN_PRODUCTION, ImageStatus } from "./image-status.js";
import { transitionImage } from "./image.repository.js";

/** How long an image may sit at 10 or 60–66 without a live job before it is ended. */
export const STALLED_AFTER_MS = 3_600_000;

/** True when the job keyed `key` is pending or running (a failed one stays in `jobs` with its attempts spent). */
async function hasLiveJob(db: Executor, key: string): Promise<boolean> {
  const job = await db
    .selectFrom("jobs")
    .select(["attempts", "max_attempts"])
    .where("key", "=", key)
    .executeTakeFirst();
  return job !== undefined && job.attempts < job.max_attempts;
}

/**
 * Moves images stuck without a live job to 12 (download) or 90 (production) with a reason, giving back what
 * they reserved (unless a redo of an already charged image). Returns how many it ended.
 */
export async function endStalledImages(deps: StudioDeps): Promise<number> {
  const db = deps.database.kysely;
  const now = deps.clock.now();
  const stale = await db
    .selectFrom("studio_images")
    .select(["id", "contact_id", "status", "is_trial", "price", "charged_at"])
    .where("status", "in", [ImageStatus.New, ...IN_PRODUCTION])
    .where("updated_at", "<=", now - STALLED_AFTER_MS)
    // An image handed to an editor (62 with a reason) waits for a person, not for a job.
    .where((eb) => eb.or([eb("status", "!=", ImageStatus.AssignedToEditor), eb("status_reason", "is", null)]))
    .limit(500)
    .execute();
  let ended = 0;
  for (const image of stale) {
    const downloading = image.status === ImageStatus.New;
    if (await hasLiveJob(db, `${downloading ? "studio.download" : "studio.produce"}:${image.id}`)) continue;
    const moved = await db.transaction().execute(async (trx) => {
      const ok = await transitionImage(
        trx,
        image.id,
        [image.status],
        downloading ? ImageStatus.DownloadFailed : ImageStatus.RejectedByPixelz,
        now,
        {
          status_reason: `The ${downloading ? "download" : "production"} stopped unexpectedly; please send the image again.`,
        },
      );
      if (ok && image.charged_at === null)
        await releaseForImage(trx, image.contact_id, { isTrial: image.is_trial === 1, price: image.price });
      return ok;
    });
    if (moved) ended += 1;
  }
  return ended;
}
