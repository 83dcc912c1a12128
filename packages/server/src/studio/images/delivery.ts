// Delivering finished images: one webhook per version through the engine's studio profile, and the
// 70 → 72/74/76/78 → 80 bookkeeping from delivery outcomes (or from downloads when there is no callback).
import type { Executor } from "../../core/db/index.js";
import { renderStudioCallback } from "../../webhooks/studio-callback.js";
import { studioStatusAfter } from "../../webhooks/studio-status.js";
import type { OutcomeListener } from "../../webhooks/delivery-runner.js";
import type { StudioSecrets } from "../../webhooks/delivery-headers.js";
import { findPartnerById, type Contact } from "../contacts/contact.repository.js";
import type { StudioDeps } from "../studio.deps.js";
import { FINISHED, ImageStatus } from "./image-status.js";
import { transitionImage, type Image, type ImageVersion } from "./image.repository.js";

/** `studio-image:<imageId>:<round>:<position>`: what a studio delivery is about. */
function subjectOf(image: Image, version: ImageVersion): string {
  return `studio-image:${image.id}:${image.round}:${version.position}`;
}

function parseSubject(
  subject: string | null,
): { imageId: number; round: number; position: number } | undefined {
  const m = /^studio-image:(\d+):(\d+):(\d+)$/.exec(subject ?? "");
  return m ? { imageId: Number(m[1]), round: Number(m[2]), position: Number(m[3]) } : undefined;
}

/**
 * Queues the webhook of every version of a just-finished image (in the finishing transaction), signed
 * with the contact's secret and, when it was posted with a developerAPIkey, the partner's (the contact's
 * own when it used its own key). `callbackUrl` is the image's, else its template's; none = no webhook
 * (the contact's `pixl listen` listeners still get a copy).
 */
export async function enqueueImageWebhooks(
  db: Executor,
  deps: StudioDeps,
  image: Image,
  contact: Contact,
  versions: readonly ImageVersion[],
  callbackUrl: string | null,
): Promise<void> {
  const secrets: StudioSecrets = { customer: deps.secretBox.open(contact.secretSealed) };
  if (image.selfDeveloper) secrets.partner = secrets.customer;
  else if (image.partnerId !== null) {
    const partner = await findPartnerById(db, image.partnerId);
    if (partner) secrets.partner = deps.secretBox.open(partner.secretSealed);
  }
  const secretsSealed = deps.secretBox.seal(JSON.stringify(secrets));
  for (const version of versions) {
    const params = {
      imageTicket: image.ticket,
      processedImageURL: deps.links.file(version.final_key),
      templateId: version.position === 0 ? String(image.templateId) : "",
      customerImageId: image.customerImageId ?? "",
      customerImageColorID: version.customer_image_color_id,
    };
    const { body, contentType } = renderStudioCallback(params, contact.webhookEncoding);
    await deps.webhooks.enqueueStudio(db, {
      owner: { kind: "contact", id: contact.id },
      url: callbackUrl,
      body,
      contentType,
      secretsSealed,
      subject: subjectOf(image, version),
      eventType: "image.processed",
      eventData: params,
    });
  }
}

/**
 * The image's status from its versions' delivery states: 80 once every version is delivered, otherwise
 * the furthest failure (72…78) or 70. Only moves an image of this round that is still finished.
 */
export async function refreshDeliveryStatus(
  db: Executor,
  imageId: number,
  round: number,
  now: number,
): Promise<void> {
  const versions = await db
    .selectFrom("studio_image_versions")
    .select("delivery_status")
    .where("image_id", "=", imageId)
    .execute();
  if (versions.length === 0) return;
  const pending = versions.map((v) => v.delivery_status).filter((s) => s !== ImageStatus.Delivered);
  const status = pending.length === 0 ? ImageStatus.Delivered : Math.max(...pending);
  await transitionImage(db, imageId, FINISHED, status, now, {}, round);
}

/** The studio's listener for delivery outcomes (app.onDeliveryOutcome("studio", …)). */
export function createDeliveryOutcomeListener(deps: StudioDeps): OutcomeListener {
  return async (db, outcome) => {
    const s = parseSubject(outcome.delivery.subject);
    if (s === undefined) return;
    const image = await db
      .selectFrom("studio_images")
      .select(["round"])
      .where("id", "=", s.imageId)
      .executeTakeFirst();
    if (image?.round !== s.round) return; // a delivery of an earlier round (the image was rejected since)
    await db
      .updateTable("studio_image_versions")
      .set({ delivery_status: studioStatusAfter(outcome) })
      .where("image_id", "=", s.imageId)
      .where("position", "=", s.position)
      .where("delivery_status", "!=", ImageStatus.Delivered)
      .execute();
    await refreshDeliveryStatus(db, s.imageId, s.round, deps.clock.now());
  };
}

/**
 * A final file was downloaded through its link: for an image without a callback URL that counts as
 * delivered (version by version; the image is 80 once every final was fetched).
 */
export async function recordFinalDownload(deps: StudioDeps, finalKey: string): Promise<void> {
  const db = deps.database.kysely;
  const version = await db
    .selectFrom("studio_image_versions as v")
    .innerJoin("studio_images as i", "i.id", "v.image_id")
    .innerJoin("studio_templates as t", "t.id", "i.template_id")
    .select([
      "v.id",
      "v.image_id",
      "v.downloaded_at",
      "i.round",
      "i.callback_url",
      "t.callback_url as template_callback_url",
    ])
    .where("v.final_key", "=", finalKey)
    .executeTakeFirst();
  if (version === undefined || version.downloaded_at !== null) return;
  const now = deps.clock.now();
  const webhookless = version.callback_url === null && version.template_callback_url === null;
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("studio_image_versions")
      .set(
        webhookless ? { downloaded_at: now, delivery_status: ImageStatus.Delivered } : { downloaded_at: now },
      )
      .where("id", "=", version.id)
      .execute();
    if (webhookless) await refreshDeliveryStatus(trx, version.image_id, version.round, now);
  });
}
