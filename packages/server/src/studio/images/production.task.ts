// The production job (30/40 → 60 → 62 → 64 → 66 → 70): edit the photo with @pixl/imaging, render the colour
// versions, check the outputs, store them, then finish: charge and queue the webhooks in one transaction.
import { editImage, isImagingError, type EditResult } from "@pixl/imaging";
import { createTaskHandler, type JobContext, type TaskHandler } from "../../core/jobs/index.js";
import { chargeImage, releaseForImage } from "../billing/billing.service.js";
import { findContactById } from "../contacts/contact.repository.js";
import type { StudioDeps } from "../studio.deps.js";
import { toEditTemplate } from "../templates/template-spec.js";
import { findTemplate, type Template } from "../templates/template.repository.js";
import { renderColorOutputs, wantsColorWork, type ProductionOutput } from "./color-outputs.js";
import { EditorNeeded } from "./color-version.js";
import { enqueueImageWebhooks } from "./delivery.js";
import { imageFolder } from "./download.task.js";
import { safeFileName } from "./image-request.js";
import { IN_PRODUCTION, ImageStatus, PRODUCIBLE } from "./image-status.js";
import { produceTask } from "./image.tasks.js";
import {
  findImageById,
  handImageToEditor,
  replaceVersions,
  transitionImage,
  type Image,
} from "./image.repository.js";
import type { StudioImaging } from "./imaging.js";
import { SourceRefused } from "./source-check.js";

type Output = ProductionOutput;

const EXTENSIONS: Record<string, string> = { jpg: "jpg", png: "png", tiff: "tif", psd: "psd" };

async function readBlob(deps: StudioDeps, key: string): Promise<Buffer> {
  const { body } = await deps.blobs.get(key);
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** The customer's file name stem: the source URL's last segment without its extension, or the ticket. */
function stemOf(image: Image): string {
  let last = "";
  try {
    last = decodeURIComponent(new URL(image.request.sources[0] ?? "").pathname.split("/").pop() ?? "");
  } catch {
    // fall back to the ticket
  }
  const stem = safeFileName(last.replace(/\.[A-Za-z0-9]{1,5}$/, ""));
  return stem === "" ? image.ticket : stem;
}

/** Output checks before anything is delivered: the bytes are what the pipeline says they are. */
async function assertOutput(imaging: StudioImaging, o: Output): Promise<void> {
  if (o.mimeType === "image/vnd.adobe.photoshop") {
    if (o.image.subarray(0, 4).toString("latin1") !== "8BPS")
      throw new Error(`QA: ${o.fileName} is not a PSD`);
    return;
  }
  const header = await imaging.codec.readHeader(o.image);
  if (header.width !== o.width || header.height !== o.height)
    throw new Error(`QA: ${o.fileName} is ${header.width}×${header.height}, expected ${o.width}×${o.height}`);
}

export function createProduceHandler(deps: StudioDeps, imaging: StudioImaging): TaskHandler {
  const db = deps.database.kysely;

  /** Takes the image into production, or resumes one whose previous attempt died; false = nothing to do. */
  async function claim(image: Image): Promise<boolean> {
    if (IN_PRODUCTION.includes(image.status)) return true;
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

  async function step(image: Image, to: number): Promise<void> {
    await transitionImage(db, image.id, IN_PRODUCTION, to, deps.clock.now(), {}, image.round);
  }

  async function render(image: Image, template: Template): Promise<Output[]> {
    const editTemplate = toEditTemplate(template.spec);
    const source = await readBlob(deps, image.sourceKeys[0] ?? "");
    await step(image, ImageStatus.DownloadedByEditor);
    const model = editTemplate.background.type === "none" ? undefined : await imaging.model();
    const options = {
      codec: imaging.codec,
      maxPixels: deps.limits.maxSourcePixels,
      ...(model ? { model } : {}),
    };
    const main = await editImage(source, editTemplate, options);
    const stem = stemOf(image);
    const ext = EXTENSIONS[main.format] ?? main.format;
    const thumbExt = editTemplate.background.type === "transparent" ? "png" : "jpg";
    const first: Output = {
      position: 0,
      customerImageColorId: "",
      fileName: `${stem}.${ext}`,
      image: main.image,
      mimeType: main.mimeType,
      width: main.width,
      height: main.height,
      ...(main.thumbnail ? { thumbnail: { bytes: main.thumbnail, name: `${stem}.${thumbExt}` } } : {}),
    };
    if (!wantsColorWork(image)) return [first];
    // Colour work starts from a flat copy of the result (a PSD cannot be decoded back).
    const flat: EditResult =
      main.format === "psd"
        ? await editImage(
            source,
            { ...editTemplate, outputFormat: "png" },
            { ...options, skipThumbnail: true },
          )
        : main;
    return renderColorOutputs(deps, imaging, {
      image,
      template: editTemplate,
      main: first,
      flat,
      stem,
      readBlob: (key) => readBlob(deps, key),
    });
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

  async function finish(image: Image, template: Template, outputs: Output[]): Promise<void> {
    const folder = imageFolder(image);
    const stored: { o: Output; finalKey: string; thumbnailKey: string | null }[] = [];
    for (const o of outputs) {
      const finalKey = `${folder}/final/${o.fileName}`;
      await deps.blobs.put(finalKey, o.image, { contentType: o.mimeType });
      let thumbnailKey: string | null = null;
      if (o.thumbnail) {
        thumbnailKey = `${folder}/thumbnail/${o.thumbnail.name}`;
        await deps.blobs.put(thumbnailKey, o.thumbnail.bytes, {
          contentType: o.thumbnail.name.endsWith(".png") ? "image/png" : "image/jpeg",
        });
      }
      stored.push({ o, finalKey, thumbnailKey });
    }
    const now = deps.clock.now();
    await db.transaction().execute(async (trx) => {
      const moved = await transitionImage(
        trx,
        image.id,
        [ImageStatus.QualityAssurance],
        ImageStatus.Finished,
        now,
        {
          finished_at: now,
          status_reason: null,
        },
        image.round,
      );
      if (!moved) return;
      const versions = await replaceVersions(
        trx,
        image.id,
        stored.map(({ o, finalKey, thumbnailKey }) => ({
          position: o.position,
          customer_image_color_id: o.customerImageColorId,
          file_name: o.fileName,
          final_key: finalKey,
          thumbnail_key: thumbnailKey,
          content_type: o.mimeType,
          width: o.width,
          height: o.height,
          delivery_status: ImageStatus.Finished,
          downloaded_at: null,
        })),
      );
      await chargeImage(
        trx,
        {
          id: image.id,
          contactId: image.contactId,
          ticket: image.ticket,
          isTrial: image.isTrial,
          price: image.price,
          description: template.name,
        },
        now,
      );
      const contact = await findContactById(trx, image.contactId);
      if (contact)
        await enqueueImageWebhooks(
          trx,
          deps,
          image,
          contact,
          versions,
          image.callbackUrl ?? template.callbackUrl,
        );
    });
  }

  async function produce(image: Image, ctx: JobContext): Promise<void> {
    const template = await findTemplate(db, image.contactId, image.templateId);
    if (template === undefined) return refuse(image, "the image's template no longer exists");
    await step(image, ImageStatus.AssignedToEditor);
    let outputs: Output[];
    try {
      outputs = await render(image, template);
      await step(image, ImageStatus.QualityAssurance);
      for (const o of outputs) await assertOutput(imaging, o);
    } catch (e) {
      if (isImagingError(e) && e.code !== "model_unavailable")
        return refuse(image, `The photo could not be edited: ${e.message}.`);
      if (e instanceof SourceRefused) return refuse(image, e.message);
      if (e instanceof EditorNeeded) {
        await handImageToEditor(
          db,
          image.id,
          `Handed to an editor: ${e.message}.`,
          deps.clock.now(),
          image.round,
        );
        return;
      }
      if (ctx.attempt >= ctx.maxAttempts) {
        ctx.logger.error({ err: e, ticket: image.ticket }, "studio production failed for good");
        return refuse(image, "The photo could not be edited (an internal error; we have been notified).");
      }
      throw e;
    }
    await finish(image, template, outputs);
  }

  return createTaskHandler(produceTask, async ({ imageId, round }, ctx) => {
    const image = await findImageById(db, imageId);
    if (image?.round !== round || !(await claim(image))) return;
    await produce(image, ctx);
  });
}
