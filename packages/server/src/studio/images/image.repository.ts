// Reads and writes of studio images and their versions. Every read by ticket is scoped to the contact.
import type { Compilable, CompiledQuery, Insertable, Selectable, Updateable } from "kysely";
import type { Executor } from "../../core/db/index.js";
import type { ImageRequest } from "./image-request.js";
import { IN_PRODUCTION, ImageStatus } from "./image-status.js";
import type { ImageKind, StudioImagesTable, StudioImageVersionsTable } from "./image.tables.js";

export interface Image {
  id: number;
  ticket: string;
  contactId: number;
  partnerId: number | null;
  selfDeveloper: boolean;
  kind: ImageKind;
  templateId: number;
  status: number;
  statusReason: string | null;
  customerImageId: string | null;
  productId: string | null;
  customerFolder: string | null;
  stackId: string | null;
  callbackUrl: string | null;
  deadlineAt: number;
  comment: string | null;
  markupUrl: string | null;
  request: ImageRequest;
  /** Blob keys of the downloaded sources then swatches, in request order (empty until downloaded). */
  sourceKeys: string[];
  isTrial: boolean;
  price: number;
  chargedAt: number | null;
  isPaid: boolean;
  invoiceId: number | null;
  round: number;
  createdAt: number;
  finishedAt: number | null;
  closedAt: number | null;
  filesRemovedAt: number | null;
}

export type ImageVersion = Selectable<StudioImageVersionsTable>;

export function toImage(row: Selectable<StudioImagesTable>): Image {
  return {
    id: row.id,
    ticket: row.ticket,
    contactId: row.contact_id,
    partnerId: row.partner_id,
    selfDeveloper: row.self_developer === 1,
    kind: row.kind,
    templateId: row.template_id,
    status: row.status,
    statusReason: row.status_reason,
    customerImageId: row.customer_image_id,
    productId: row.product_id,
    customerFolder: row.customer_folder,
    stackId: row.stack_id,
    callbackUrl: row.callback_url,
    deadlineAt: row.deadline_at,
    comment: row.comment,
    markupUrl: row.markup_url,
    request: JSON.parse(row.request) as ImageRequest,
    sourceKeys: JSON.parse(row.source_keys) as string[],
    isTrial: row.is_trial === 1,
    price: row.price,
    chargedAt: row.charged_at,
    isPaid: row.is_paid === 1,
    invoiceId: row.invoice_id,
    round: row.round,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    closedAt: row.closed_at,
    filesRemovedAt: row.files_removed_at,
  };
}

export async function insertImage(db: Executor, values: Insertable<StudioImagesTable>): Promise<Image> {
  const row = await db.insertInto("studio_images").values(values).returningAll().executeTakeFirstOrThrow();
  return toImage(row);
}

export async function findImageById(db: Executor, id: number): Promise<Image | undefined> {
  const row = await db.selectFrom("studio_images").selectAll().where("id", "=", id).executeTakeFirst();
  return row && toImage(row);
}

export async function findImageByTicket(
  db: Executor,
  contactId: number,
  ticket: string,
): Promise<Image | undefined> {
  const row = await db
    .selectFrom("studio_images")
    .selectAll()
    .where("ticket", "=", ticket)
    .where("contact_id", "=", contactId)
    .executeTakeFirst();
  return row && toImage(row);
}

/** What the status call shows of an image: its ImageStatus, its Message, whether it has finals. */
export type ImageStatusRow = Pick<
  Image,
  "id" | "ticket" | "status" | "statusReason" | "customerImageId" | "productId" | "isPaid" | "filesRemovedAt"
>;

/**
 * A query compiled once per database handle and then run with fresh parameters, given in the order the
 * placeholders were compiled (the builder's `where`s, then `limit`). Status polling runs one of these per
 * request; building and compiling it with the query builder cost as much as SQLite answering it.
 */
function prepareQuery<R>(
  build: (db: Executor) => Compilable<R>,
): (db: Executor, ...params: unknown[]) => Promise<R[]> {
  const compiled = new WeakMap<Executor, CompiledQuery<R>>();
  return async (db, ...parameters) => {
    let query = compiled.get(db);
    if (query === undefined) {
      query = build(db).compile();
      if (query.parameters.length !== parameters.length)
        throw new Error(`prepared query takes ${String(query.parameters.length)} parameters: ${query.sql}`);
      compiled.set(db, query);
    }
    return (await db.executeQuery<R>({ ...query, parameters })).rows;
  };
}

const statusColumns = [
  "id",
  "ticket",
  "status",
  "status_reason",
  "customer_image_id",
  "product_id",
  "is_paid",
  "files_removed_at",
] as const;

const selectStatusByTicket = prepareQuery((db) =>
  db.selectFrom("studio_images").select(statusColumns).where("ticket", "=", "").where("contact_id", "=", 0),
);

const selectStatusByCustomerId = prepareQuery((db) =>
  db
    .selectFrom("studio_images")
    .select(statusColumns)
    .where("contact_id", "=", 0)
    .where("customer_image_id", "=", "")
    .orderBy("id", "desc")
    .limit(1),
);

function toImageStatusRow(
  row: Pick<Selectable<StudioImagesTable>, (typeof statusColumns)[number]>,
): ImageStatusRow {
  return {
    id: row.id,
    ticket: row.ticket,
    status: row.status,
    statusReason: row.status_reason,
    customerImageId: row.customer_image_id,
    productId: row.product_id,
    isPaid: row.is_paid === 1,
    filesRemovedAt: row.files_removed_at,
  };
}

/** {@link findImageByTicket}, only what the status call shows. */
export async function findImageStatusByTicket(
  db: Executor,
  contactId: number,
  ticket: string,
): Promise<ImageStatusRow | undefined> {
  const [row] = await selectStatusByTicket(db, ticket, contactId);
  return row && toImageStatusRow(row);
}

/** {@link findImageByCustomerId}, only what the status call shows. */
export async function findImageStatusByCustomerId(
  db: Executor,
  contactId: number,
  customerImageId: string,
): Promise<ImageStatusRow | undefined> {
  const [row] = await selectStatusByCustomerId(db, contactId, customerImageId, 1);
  return row && toImageStatusRow(row);
}

/** The contact's most recent image with this customerImageId (ids are the customer's, not unique). */
export async function findImageByCustomerId(
  db: Executor,
  contactId: number,
  customerImageId: string,
): Promise<Image | undefined> {
  const row = await db
    .selectFrom("studio_images")
    .selectAll()
    .where("contact_id", "=", contactId)
    .where("customer_image_id", "=", customerImageId)
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return row && toImage(row);
}

/**
 * Moves an image to `to` only if its status is one of `from` (and its round is `round`, when given): the
 * one atomic step every transition takes, so a DELETE and a worker's claim can never both win.
 * Returns whether it moved.
 */
export async function transitionImage(
  db: Executor,
  id: number,
  from: readonly number[],
  to: number,
  now: number,
  extra: Omit<Updateable<StudioImagesTable>, "status" | "updated_at"> = {},
  round?: number,
): Promise<boolean> {
  let q = db
    .updateTable("studio_images")
    .set({ ...extra, status: to, updated_at: now })
    .where("id", "=", id)
    .where("status", "in", [...from]);
  if (round !== undefined) q = q.where("round", "=", round);
  const r = await q.executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/**
 * Leaves an image with an editor (62) and why: the automatic editor could not do it with confidence (a
 * marker off the product, a colour it could not find). Nothing is delivered or charged; the reservation
 * stays for the editor's work, and the status call shows the reason as its Message.
 */
export async function handImageToEditor(
  db: Executor,
  id: number,
  reason: string,
  now: number,
  round: number,
): Promise<boolean> {
  return transitionImage(
    db,
    id,
    IN_PRODUCTION,
    ImageStatus.AssignedToEditor,
    now,
    { status_reason: reason.slice(0, 1000) },
    round,
  );
}

export async function updateImage(
  db: Executor,
  id: number,
  patch: Omit<Updateable<StudioImagesTable>, "updated_at">,
  now: number,
): Promise<void> {
  await db
    .updateTable("studio_images")
    .set({ ...patch, updated_at: now })
    .where("id", "=", id)
    .execute();
}

export async function listVersions(db: Executor, imageId: number): Promise<ImageVersion[]> {
  return db
    .selectFrom("studio_image_versions")
    .selectAll()
    .where("image_id", "=", imageId)
    .orderBy("position")
    .execute();
}

/** Versions of many images in one round trip, grouped by image id. */
export async function batchListVersions(
  db: Executor,
  imageIds: readonly number[],
): Promise<Map<number, ImageVersion[]>> {
  const out = new Map<number, ImageVersion[]>();
  if (imageIds.length === 0) return out;
  const rows = await db
    .selectFrom("studio_image_versions")
    .selectAll()
    .where("image_id", "in", [...imageIds])
    .orderBy("image_id")
    .orderBy("position")
    .execute();
  for (const r of rows) out.set(r.image_id, [...(out.get(r.image_id) ?? []), r]);
  return out;
}

/** Replaces an image's versions (a redo after a rejection replaces the previous outputs). */
export async function replaceVersions(
  db: Executor,
  imageId: number,
  versions: readonly Omit<Insertable<StudioImageVersionsTable>, "image_id">[],
): Promise<ImageVersion[]> {
  await db.deleteFrom("studio_image_versions").where("image_id", "=", imageId).execute();
  if (versions.length === 0) return [];
  return db
    .insertInto("studio_image_versions")
    .values(versions.map((v) => ({ ...v, image_id: imageId })))
    .returningAll()
    .execute();
}
