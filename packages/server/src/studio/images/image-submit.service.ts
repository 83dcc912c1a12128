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
import { countStackPhotos, listStackMembers, MAX_STACK_PHOTOS, STACK_WINDOW_MS } from "./stack.js";
import type { ImageKind } from "./image.tables.js";
import type { Executor, TransactionBatcher } from "../../core/db/index.js";

const HOUR = 3_600_000;

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

function utc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace("T", " ");
}

/**
 * The ticket of the stack a StackImage joins: the stack of the contact's last StackImage with the same
 * productId when that stack opened at most 5 minutes ago, else a new stack (its own ticket). A productId's
 * images arriving within 5 minutes of the last one but more than 5 minutes after the stack's first would
 * spread one stack over more than 5 minutes: refused with InvalidParameter, as is a stack of more than
 * MAX_STACK_PHOTOS photos. Without a productId the image is a stack of its own (its imageURL…imageURL5).
 */
async function stackOf(
  db: Executor,
  lock: (trx: Executor, key: string) => Promise<void>,
  contactId: number,
  productId: string | null,
  ticket: string,
  photos: number,
  now: number,
): Promise<string> {
  if (photos > MAX_STACK_PHOTOS)
    throw new StudioError("InvalidParameter", `A stack holds at most ${MAX_STACK_PHOTOS} photos.`);
  if (productId === null) return ticket;
  // StackImages of one contact and product decide one after another (until commit), across processes:
  // two arriving at the same instant must not both see no open stack and open two.
  await lock(db, `studio.stack:${contactId}:${productId}`);
  const last = await db
    .selectFrom("studio_images")
    .select(["stack_id", "created_at"])
    .where("contact_id", "=", contactId)
    .where("product_id", "=", productId)
    .where("kind", "=", "stack")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  if (last?.stack_id == null || now - last.created_at > STACK_WINDOW_MS) return ticket;
  const members = await listStackMembers(db, contactId, last.stack_id);
  const opened = members[0]?.createdAt ?? last.created_at;
  if (now - opened > STACK_WINDOW_MS)
    throw new StudioError(
      "InvalidParameter",
      `The stack of productId "${productId.slice(0, 100)}" was opened at ${utc(opened)} UTC; the images of one stack must all be posted within 5 minutes of its first, and this one would spread it over ${Math.ceil((now - opened) / 60_000)} minutes. Post the rest of this stack again under a new productId, or wait until ${utc(last.created_at + STACK_WINDOW_MS)} UTC to start a new stack of this productId.`,
    );
  if (countStackPhotos(members) + photos > MAX_STACK_PHOTOS)
    throw new StudioError(
      "InvalidParameter",
      `A stack holds at most ${MAX_STACK_PHOTOS} photos; the stack of productId "${productId.slice(0, 100)}" already has ${countStackPhotos(members)}.`,
    );
  return last.stack_id;
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
      stack_id:
        kind === "stack"
          ? await stackOf(
              trx,
              (e, key) => deps.database.lockUntilCommit(e, key),
              contact.id,
              productId,
              ticket,
              request.sources.length,
              now,
            )
          : null,
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
