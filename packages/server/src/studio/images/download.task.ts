// The download job (10 → 30, or 12 with the reason): fetch every source, swatch and colour reference, check
// each is a photo, store it.
import { createTaskHandler, type JobContext, type TaskHandler } from "../../core/jobs/index.js";
import { releaseForImage } from "../billing/billing.service.js";
import type { StudioDeps } from "../studio.deps.js";
import { safeFileName } from "./image-request.js";
import { ImageStatus } from "./image-status.js";
import { downloadTask, produceTask } from "./image.tasks.js";
import { findImageById, transitionImage, type Image } from "./image.repository.js";
import type { StudioImaging } from "./imaging.js";
import { createSemaphore } from "./semaphore.js";
import { scheduleStack } from "./stack.js";
import { assertPhoto, SourceRefused } from "./source-check.js";
import { fetchSource, SourceUnavailable } from "./source-fetch.js";

/** Where an image's files live: `studio/images/<contact>/<ticket>/…`. */
export function imageFolder(image: Pick<Image, "contactId" | "ticket">): string {
  return `studio/images/${image.contactId}/${image.ticket}`;
}

function sourceName(url: string, index: number): string {
  let last = "";
  try {
    last = new URL(url).pathname.split("/").pop() ?? "";
  } catch {
    // keep the index only
  }
  const name = safeFileName(decodeURIComponent(last));
  return `${index}${name === "" ? "" : `-${name}`}`;
}

function fieldOf(image: Image, index: number): string {
  const sources = image.request.sources.length;
  if (index === 0) return "imageURL";
  if (index < sources) return `imageURL${index + 1}`;
  if (index < sources + image.request.swatches.length) return "swatchImageURL";
  return "colorReferenceFileURL";
}

/** Everything production reads: the sources, the swatch images, then the colour reference. */
function downloadsOf(image: Image): string[] {
  const r = image.request;
  return [
    ...r.sources,
    ...r.swatches,
    ...(r.colorReferenceFileURL === null ? [] : [r.colorReferenceFileURL]),
  ];
}

/** Moves the image to 12 with `reason` and gives back its reservation (only if it is still New). */
async function refuse(deps: StudioDeps, image: Image, reason: string): Promise<void> {
  const now = deps.clock.now();
  await deps.database.kysely.transaction().execute(async (trx) => {
    const moved = await transitionImage(trx, image.id, [ImageStatus.New], ImageStatus.DownloadFailed, now, {
      status_reason: reason.slice(0, 1000),
    });
    if (moved) await releaseForImage(trx, image.contactId, { isTrial: image.isTrial, price: image.price });
    // The stack goes ahead without this image.
    if (moved && image.kind === "stack") await scheduleStack(trx, deps, image);
  });
}

export function createDownloadHandler(deps: StudioDeps, imaging: StudioImaging): TaskHandler {
  const slots = createSemaphore(deps.limits.downloadConcurrency);
  const limits = { maxBytes: deps.limits.maxSourceBytes, maxPixels: deps.limits.maxSourcePixels };

  async function download(image: Image, ctx: JobContext): Promise<string[]> {
    const urls = downloadsOf(image);
    const keys: string[] = [];
    for (const [i, url] of urls.entries()) {
      try {
        const source = await slots.run(() => fetchSource(deps, image.contactId, url, ctx.signal));
        const type = await assertPhoto(imaging.codec, source.bytes, source.contentType, limits);
        const key = `${imageFolder(image)}/sources/${sourceName(url, i)}`;
        await deps.blobs.put(key, source.bytes, { contentType: type });
        keys.push(key);
      } catch (e) {
        if (e instanceof SourceRefused || e instanceof SourceUnavailable)
          e.message = `${fieldOf(image, i)} ${url.slice(0, 200)} could not be used: ${e.message}.`;
        throw e;
      }
    }
    return keys;
  }

  return createTaskHandler(downloadTask, async ({ imageId }, ctx) => {
    const image = await findImageById(deps.database.kysely, imageId);
    if (image?.status !== ImageStatus.New) return; // deleted meanwhile, or already done
    let keys: string[];
    try {
      keys = await download(image, ctx);
    } catch (e) {
      if (e instanceof SourceRefused) return refuse(deps, image, e.message);
      if (e instanceof SourceUnavailable && ctx.attempt >= ctx.maxAttempts)
        return refuse(deps, image, e.message);
      throw e;
    }
    const now = deps.clock.now();
    await deps.database.kysely.transaction().execute(async (trx) => {
      const moved = await transitionImage(
        trx,
        image.id,
        [ImageStatus.New],
        ImageStatus.ReadyForProduction,
        now,
        {
          source_keys: JSON.stringify(keys),
        },
      );
      // A stack's images are produced together once its window has closed.
      if (moved && image.kind === "stack" && image.stackId !== null) await scheduleStack(trx, deps, image);
      else if (moved)
        await deps.queue.enqueue(
          trx,
          produceTask,
          { imageId: image.id, round: image.round },
          { key: `studio.produce:${image.id}` },
        );
    });
  });
}
