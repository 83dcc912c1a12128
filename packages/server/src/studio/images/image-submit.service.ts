// Accepting an image (POST Image, WhiteGloveService, StackImage): validate, price, reserve, record, queue.
import { randomUUID } from "node:crypto";
import { reserveForImage } from "../billing/billing.service.js";
import type { Developer } from "../contacts/contact.service.js";
import type { Contact } from "../contacts/contact.repository.js";
import { parseDeadline } from "../studio-dates.js";
import type { StudioDeps } from "../studio.deps.js";
import type { StudioResult } from "../studio.contract.js";
import { StudioError } from "../studio-errors.js";
import { imagePrice } from "../templates/pricing.js";
import { resolveImageTemplate } from "../templates/template.service.js";
import {
  optionalText,
  optionalUrl,
  parseImageRequest,
  type ImageRequest,
  type SubmissionFields,
} from "./image-request.js";
import { ImageStatus } from "./image-status.js";
import { downloadTask } from "./image.tasks.js";
import { insertImage } from "./image.repository.js";
import type { ImageKind } from "./image.tables.js";
import type { Executor, TransactionBatcher } from "../../core/db/index.js";

const HOUR = 3_600_000;
/** StackImage: an image joins the stack of its productId when the stack's last image came this recently. */
export const STACK_WINDOW_MS = 5 * 60_000;

function deadlineOf(fields: SubmissionFields, contact: Contact, deliveryHours: number, now: number): number {
  const earliest = now + contact.minDeadlineHours * HOUR;
  if (fields.imageDeadlineDateTimeUTC === undefined || fields.imageDeadlineDateTimeUTC.trim() === "")
    return Math.max(earliest, now + deliveryHours * HOUR);
  const deadline = parseDeadline(fields.imageDeadlineDateTimeUTC);
  if (deadline < earliest) {
    const shown = new Date(earliest).toISOString().slice(0, 19).replace("T", " ");
    throw new StudioError(
      "InvalidParameter",
      `imageDeadlineDateTimeUTC must be at least ${contact.minDeadlineHours} hours ahead (${shown} UTC or later).`,
    );
  }
  return deadline;
}

async function assertColorways(db: Executor, contact: Contact, request: ImageRequest): Promise<void> {
  if (request.colorwayIds.length === 0) return;
  const found = await db
    .selectFrom("studio_colorways")
    .select("id")
    .where("contact_id", "=", contact.id)
    .where("id", "in", request.colorwayIds)
    .execute();
  const known = new Set(found.map((r) => r.id));
  const missing = request.colorwayIds.find((id) => !known.has(id));
  if (missing !== undefined)
    throw new StudioError("InvalidParameter", `colorwayIds: ${missing} is not one of your colour libraries.`);
}

/** The ticket of the stack this image joins: the last stacked image of the product within 5 minutes, else its own. */
async function stackOf(
  db: Executor,
  contactId: number,
  productId: string | null,
  ticket: string,
  now: number,
): Promise<string> {
  if (productId === null) return ticket;
  const last = await db
    .selectFrom("studio_images")
    .select(["stack_id", "created_at"])
    .where("contact_id", "=", contactId)
    .where("product_id", "=", productId)
    .where("kind", "=", "stack")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return last?.stack_id != null && now - last.created_at <= STACK_WINDOW_MS ? last.stack_id : ticket;
}

/**
 * Accepts one image for an authenticated caller: checks every field, the template and the deadline; reserves its
 * price (or takes a trial image); records it as New (10) and queues the download, in one transaction.
 *
 * That transaction goes through `submissions`, so submissions arriving together share one commit (each
 * writes a dozen index pages; committed one by one, the commits were most of the cost). A submission that
 * fails (InsufficientBalance) rolls its batch back and every write of it is retried on its own.
 */
export async function submitImage(
  deps: StudioDeps,
  submissions: TransactionBatcher,
  kind: ImageKind,
  caller: { contact: Contact; developer: Developer | undefined },
  fields: SubmissionFields,
): Promise<StudioResult<"addImage">> {
  const db = deps.database.kysely;
  const { contact, developer } = caller;
  const request = parseImageRequest(fields);
  const callbackUrl = optionalUrl(fields.imageCallbackURL, "imageCallbackURL");
  const markupUrl = optionalUrl(fields.markupImageUrl, "markupImageUrl");
  const customerImageId = optionalText(fields.customerImageId, "customerImageId", 100);
  const productId = optionalText(fields.productId, "productId", 200);
  const customerFolder = optionalText(fields.customerFolder, "customerFolder", 500);
  const comment = optionalText(fields.comment, "comment", 4000);
  await assertColorways(db, contact, request);
  const now = deps.clock.now();
  const template = await resolveImageTemplate(
    db,
    deps.clock,
    contact,
    fields.templateId,
    kind === "white_glove",
  );
  if (template.spec.colorMatching === true && request.colorReferenceFileURL === null)
    throw new StudioError(
      "MissingRequiredInformation",
      "colorReferenceFileURL is required: the template matches colours to a reference.",
    );
  const deadlineAt = deadlineOf(fields, contact, template.spec.deliveryTimeInHour, now);
  const price = imagePrice(template.price, {
    // Each colourway is a version too.
    colorVersions: request.colorVersions.length + request.colorwayIds.length,
    colorMatching: request.colorReferenceFileURL !== null,
  });
  const ticket = randomUUID();
  const reservation = await submissions.run(async (trx) => {
    const reserved = await reserveForImage(trx, contact, price);
    const image = await insertImage(trx, {
      ticket,
      contact_id: contact.id,
      partner_id: developer?.kind === "partner" ? developer.partner.id : null,
      self_developer: developer?.kind === "self" ? 1 : 0,
      kind,
      template_id: template.id,
      status: ImageStatus.New,
      status_reason: null,
      customer_image_id: customerImageId,
      product_id: productId,
      customer_folder: customerFolder,
      stack_id: kind === "stack" ? await stackOf(trx, contact.id, productId, ticket, now) : null,
      callback_url: callbackUrl,
      deadline_at: deadlineAt,
      comment,
      markup_url: markupUrl,
      request: JSON.stringify(request),
      source_keys: "[]",
      is_trial: reserved.isTrial ? 1 : 0,
      price: reserved.price,
      charged_at: null,
      is_paid: 0,
      invoice_id: null,
      round: 1,
      created_at: now,
      updated_at: now,
      finished_at: null,
      closed_at: null,
      files_removed_at: null,
    });
    await deps.queue.enqueue(
      trx,
      downloadTask,
      { imageId: image.id },
      { key: `studio.download:${image.id}` },
    );
    return reserved;
  });
  return { ImageTicket: ticket, IsTrial: reservation.isTrial, CustomerImageId: customerImageId };
}
