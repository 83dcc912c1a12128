// The production jobs: an image (30/40 → 60 → 66 → 70) or a whole focus stack is edited with @pixl/imaging,
// its colour work done, its outputs checked and finished; when a step's measured confidence is below the
// threshold, or the colour work needs a person, the image goes to the editor queue (60 → 62) with the reason
// instead of being delivered.
import { isImagingError } from "@pixl/imaging";
import { createTaskHandler, type JobContext, type TaskHandler } from "../../core/jobs/index.js";
import { releaseForImage } from "../billing/billing.service.js";
import { findOpenTask, sendToEditor } from "../editor/editor-queue.js";
import type { StudioDeps } from "../studio.deps.js";
import { findTemplate } from "../templates/template.repository.js";
import { imageFolder } from "./download.task.js";
import { assertOutput, finishImage, readBlob } from "./finish.js";
import { IN_PRODUCTION, ImageStatus, PRODUCIBLE } from "./image-status.js";
import { produceTask, stackTask } from "./image.tasks.js";
import { findImageById, transitionImage, type Image } from "./image.repository.js";
import type { StudioImaging } from "./imaging.js";
import { renderOutputs, type Rendered } from "./production-render.js";
import { describeDoubt, findDoubtfulSteps } from "./production-report.js";
import { SourceRefused } from "./source-check.js";
import { listStackMembers, readStackPhotos, scheduleStack, STACK_WINDOW_MS } from "./stack.js";

/** Claiming, producing and ending images; shared by the image and the stack jobs. */
function createProduction(deps: StudioDeps, imaging: StudioImaging) {
  const db = deps.database.kysely;

  /** Takes the image into production, or resumes an automatic attempt that died; false = not ours. */
  async function claim(image: Image): Promise<boolean> {
    if (image.status === ImageStatus.InProduction) return true;
    // 66 is also an editor's result waiting for approval: that one is not the automatic editor's.
    if (image.status === ImageStatus.QualityAssurance)
      return (await findOpenTask(db, image.id, image.round)) === undefined;
    if (!PRODUCIBLE.includes(image.status)) return false;
    return transitionImage(
      db,
      image.id,
      PRODUCIBLE,
      ImageStatus.InProduction,
      deps.clock.now(),
      {},
      image.round,
    );
  }

  /** The pipeline refused the photo for good: 90 with the reason, reservation given back. */
  async function refuse(image: Image, reason: string): Promise<void> {
    const now = deps.clock.now();
    await db.transaction().execute(async (trx) => {
      const moved = await transitionImage(trx, image.id, IN_PRODUCTION, ImageStatus.RejectedByPixelz, now, {
        status_reason: reason.slice(0, 1000),
      });
      if (moved && image.chargedAt === null)
        await releaseForImage(trx, image.contactId, { isTrial: image.isTrial, price: image.price });
    });
  }

  /** Keeps the automatic attempt as the editor's starting point and queues the image for a person. */
  async function handOff(
    image: Image,
    rendered: Rendered,
    reason: string,
    source: "confidence" | "colour",
  ): Promise<void> {
    const main = rendered.outputs[0];
    let draftKey: string | null = null;
    if (main) {
      draftKey = `${imageFolder(image)}/draft/${image.round}-${main.fileName}`;
      await deps.blobs.put(draftKey, main.image, { contentType: main.mimeType });
    }
    const now = deps.clock.now();
    await db.transaction().execute((trx) =>
      sendToEditor(
        trx,
        {
          imageId: image.id,
          contactId: image.contactId,
          fromStatuses: [ImageStatus.InProduction, ImageStatus.QualityAssurance],
          round: image.round,
          reason,
          source,
          draftKey,
          imageChanges: { report: JSON.stringify(rendered.report) },
        },
        now,
      ),
    );
  }

  /**
   * Produces `images` (one, or the claimed images of a stack) from `photos` (default: the first image's own
   * sources) with the first image's template: one render, then each image is finished or handed off.
   */
  async function produce(
    images: readonly Image[],
    ctx: JobContext,
    photos?: readonly Buffer[],
  ): Promise<void> {
    const lead = images[0];
    if (!lead) return;
    const template = await findTemplate(db, lead.contactId, lead.templateId);
    if (template === undefined) {
      for (const image of images) await refuse(image, "the image's template no longer exists");
      return;
    }
    let rendered: Rendered;
    try {
      const shots =
        photos ??
        (await Promise.all(
          lead.sourceKeys.slice(0, lead.request.sources.length).map((k) => readBlob(deps, k)),
        ));
      rendered = await renderOutputs(deps, imaging, lead, template, shots);
      for (const o of rendered.outputs) await assertOutput(imaging.codec, o);
    } catch (e) {
      const reason =
        isImagingError(e) && e.code !== "model_unavailable"
          ? `The photo could not be edited: ${e.message}.`
          : e instanceof SourceRefused
            ? e.message
            : ctx.attempt >= ctx.maxAttempts
              ? "The photo could not be edited (an internal error; we have been notified)."
              : undefined;
      if (reason === undefined) throw e;
      if (!isImagingError(e) && !(e instanceof SourceRefused))
        ctx.logger.error({ err: e, ticket: lead.ticket }, "studio production failed for good");
      for (const image of images) await refuse(image, reason);
      return;
    }
    const doubtful = findDoubtfulSteps(rendered.report, deps.limits.editorConfidence);
    for (const image of images) {
      if (doubtful.length > 0) {
        await handOff(image, rendered, `low confidence: ${describeDoubt(doubtful)}`, "confidence");
        continue;
      }
      if (rendered.editorReason !== undefined) {
        await handOff(image, rendered, rendered.editorReason, "colour");
        continue;
      }
      await transitionImage(
        db,
        image.id,
        IN_PRODUCTION,
        ImageStatus.QualityAssurance,
        deps.clock.now(),
        {},
        image.round,
      );
      await finishImage(deps, image, template, rendered.outputs, {
        report: JSON.stringify(rendered.report),
      });
    }
  }

  return { claim, produce };
}

/** `studio.produce`: one image (a stack's image redone after a REJECT is stacked again from every shot). */
export function createProduceHandler(deps: StudioDeps, imaging: StudioImaging): TaskHandler {
  const db = deps.database.kysely;
  const production = createProduction(deps, imaging);
  return createTaskHandler(produceTask, async ({ imageId, round }, ctx) => {
    const image = await findImageById(db, imageId);
    if (image?.round !== round || !(await production.claim(image))) return;
    const photos =
      image.kind === "stack" && image.stackId !== null
        ? await readStackPhotos(deps, await listStackMembers(db, image.contactId, image.stackId))
        : undefined;
    await production.produce([image], ctx, photos);
  });
}

/** `studio.stack`: once the window has closed and nothing is downloading, the stack's waiting images together. */
export function createStackHandler(deps: StudioDeps, imaging: StudioImaging): TaskHandler {
  const db = deps.database.kysely;
  const production = createProduction(deps, imaging);
  return createTaskHandler(stackTask, async ({ contactId, stackId }, ctx) => {
    const members = await listStackMembers(db, contactId, stackId);
    const first = members[0];
    if (!first) return;
    if (deps.clock.now() < first.createdAt + STACK_WINDOW_MS) {
      // Woken early (a download finished): the stack may still grow.
      await scheduleStack(db, deps, first);
      return;
    }
    // A download still running schedules the stack again when it ends.
    if (members.some((m) => m.status === ImageStatus.New)) return;
    const claimed: Image[] = [];
    // Ready images, and first-round ones a failed attempt of this job left in production.
    for (const m of members)
      if (
        (m.status === ImageStatus.ReadyForProduction ||
          (m.status === ImageStatus.InProduction && m.round === 1)) &&
        (await production.claim(m))
      )
        claimed.push({ ...m, status: ImageStatus.InProduction });
    if (claimed.length === 0) return;
    await production.produce(claimed, ctx, await readStackPhotos(deps, members));
  });
}
