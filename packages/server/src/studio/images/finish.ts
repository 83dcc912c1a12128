// Finishing an image (66 → 70): its outputs stored, versions recorded, the charge and the webhooks queued in
// one transaction. The automatic production and an editor's approved result both end here.
import type { ImageCodec } from "@pixl/imaging";
import type { Transaction } from "kysely";
import type { Tables } from "../../core/db/tables.js";
import { chargeImage } from "../billing/billing.service.js";
import { findContactById } from "../contacts/contact.repository.js";
import type { StudioDeps } from "../studio.deps.js";
import type { Template } from "../templates/template.repository.js";
import { enqueueImageWebhooks } from "./delivery.js";
import { imageFolder } from "./download.task.js";
import { safeFileName } from "./image-request.js";
import { ImageStatus } from "./image-status.js";
import { replaceVersions, transitionImage, type Image } from "./image.repository.js";

/** One file to deliver: the template's output (position 0) or a colour version. */
export interface Output {
  position: number;
  customerImageColorId: string;
  fileName: string;
  image: Buffer;
  mimeType: string;
  width: number;
  height: number;
  thumbnail?: { bytes: Buffer; name: string };
}

export const EXTENSIONS: Record<string, string> = { jpg: "jpg", png: "png", tiff: "tif", psd: "psd" };

/** An image's stored file, read whole. */
export async function readBlob(deps: StudioDeps, key: string): Promise<Buffer> {
  const { body } = await deps.blobs.get(key);
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** The customer's file name stem: the source URL's last segment without its extension, or the ticket. */
export function stemOf(image: Image): string {
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
export async function assertOutput(codec: ImageCodec, o: Output): Promise<void> {
  if (o.mimeType === "image/vnd.adobe.photoshop") {
    if (o.image.subarray(0, 4).toString("latin1") !== "8BPS")
      throw new Error(`QA: ${o.fileName} is not a PSD`);
    return;
  }
  const header = await codec.readHeader(o.image);
  if (header.width !== o.width || header.height !== o.height)
    throw new Error(`QA: ${o.fileName} is ${header.width}×${header.height}, expected ${o.width}×${o.height}`);
}

export interface FinishOptions {
  /** Statuses the image may finish from (default: 66, Quality Assurance). */
  from?: readonly number[];
  /** The production report to keep on the image (JSON), when there is one. */
  report?: string;
  /**
   * Runs first in the finishing transaction; returning false finishes nothing (an editor task that is no
   * longer waiting for approval).
   */
  guard?: (trx: Transaction<Tables>) => Promise<boolean>;
}

/** Thrown inside the transaction to undo the guard's writes when the image itself did not move. */
class NotFinished extends Error {}

/**
 * Stores the outputs, then in one transaction moves the image to 70 (only from `from`, only in its round),
 * replaces its versions, charges it once and queues one webhook per version. Returns whether it finished.
 */
export async function finishImage(
  deps: StudioDeps,
  image: Image,
  template: Template,
  outputs: readonly Output[],
  options: FinishOptions = {},
): Promise<boolean> {
  const db = deps.database.kysely;
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
  try {
    return await db.transaction().execute(async (trx) => {
      if (options.guard && !(await options.guard(trx))) return false;
      const moved = await transitionImage(
        trx,
        image.id,
        options.from ?? [ImageStatus.QualityAssurance],
        ImageStatus.Finished,
        now,
        {
          finished_at: now,
          status_reason: null,
          ...(options.report === undefined ? {} : { report: options.report }),
        },
        image.round,
      );
      if (!moved) {
        if (options.guard) throw new NotFinished();
        return false;
      }
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
      return true;
    });
  } catch (e) {
    if (e instanceof NotFinished) return false;
    throw e;
  }
}
