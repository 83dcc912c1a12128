// GET Images, Images/Count and ProductIds: the spec's filters, sorting and paging, scoped to the contact.
import { sql } from "kysely";
import type { Executor } from "../../core/db/index.js";
import { parseDateBound } from "../studio-dates.js";
import { StudioError } from "../studio-errors.js";
import { ALL_STATUSES, DONE, TODO } from "./image-status.js";
import { toImage, type Image } from "./image.repository.js";

export interface ImageFilter {
  status?: number;
  excludeStatus?: number;
  productId?: string;
  from?: number;
  to?: number;
}

export interface ImageListOptions extends ImageFilter {
  page: number;
  perPage: number;
  sortBy: "id" | "date" | "status";
  descending: boolean;
}

function invalid(message: string): StudioError {
  return new StudioError("InvalidParameter", message);
}

function blank(v: string | undefined): boolean {
  return v === undefined || v.trim() === "";
}

export function parseStatus(value: string | undefined, field: string): number | undefined {
  if (blank(value)) return undefined;
  const n = Number((value ?? "").trim());
  if (!ALL_STATUSES.includes(n))
    throw invalid(`${field} must be one of the image statuses (${ALL_STATUSES.join(", ")}).`);
  return n;
}

/** A page number (default 1) or a page size (default `fallback`, at most `max`; larger sizes are capped). */
export function parsePaging(value: string | undefined, field: string, fallback: number, max: number): number {
  if (blank(value)) return fallback;
  const t = (value ?? "").trim();
  if (!/^\d{1,9}$/.test(t) || Number(t) < 1) throw invalid(`${field} must be a whole number of at least 1.`);
  return Math.min(Number(t), max);
}

function parseBoolean(value: string | undefined, field: string): boolean {
  const v = (value ?? "").trim().toLowerCase();
  if (v === "" || v === "false" || v === "0") return false;
  if (v === "true" || v === "1") return true;
  throw invalid(`${field} must be "true" or "false".`);
}

export function parseImageFilter(q: {
  imageStatus?: string;
  excludeImageStatus?: string;
  productId?: string;
  fromDate?: string;
  toDate?: string;
}): ImageFilter {
  const f: ImageFilter = {};
  const status = parseStatus(q.imageStatus, "imageStatus");
  if (status !== undefined) f.status = status;
  const exclude = parseStatus(q.excludeImageStatus, "excludeImageStatus");
  if (exclude !== undefined) f.excludeStatus = exclude;
  if (!blank(q.productId)) f.productId = (q.productId ?? "").trim();
  const from = parseDateBound(q.fromDate, "fromDate", "from");
  if (from !== undefined) f.from = from;
  const to = parseDateBound(q.toDate, "toDate", "to");
  if (to !== undefined) f.to = to;
  return f;
}

export function parseImageListOptions(
  q: Parameters<typeof parseImageFilter>[0] & {
    page?: string;
    imagesPerPage?: string;
    sortBy?: string;
    isDescending?: string;
  },
): ImageListOptions {
  const sortBy = blank(q.sortBy) ? "id" : (q.sortBy ?? "").trim().toLowerCase();
  if (sortBy !== "id" && sortBy !== "date" && sortBy !== "status")
    throw invalid('sortBy must be "id", "date" or "status".');
  return {
    ...parseImageFilter(q),
    page: parsePaging(q.page, "page", 1, 1_000_000),
    perPage: parsePaging(q.imagesPerPage, "imagesPerPage", 10, 100),
    sortBy,
    descending: parseBoolean(q.isDescending, "isDescending"),
  };
}

function filtered(db: Executor, contactId: number, f: ImageFilter) {
  let q = db.selectFrom("studio_images").where("contact_id", "=", contactId);
  if (f.status !== undefined) q = q.where("status", "=", f.status);
  if (f.excludeStatus !== undefined) q = q.where("status", "!=", f.excludeStatus);
  if (f.productId !== undefined) q = q.where("product_id", "=", f.productId);
  if (f.from !== undefined) q = q.where("created_at", ">=", f.from);
  if (f.to !== undefined) q = q.where("created_at", "<=", f.to);
  return q;
}

export async function listImages(db: Executor, contactId: number, o: ImageListOptions): Promise<Image[]> {
  const column = o.sortBy === "id" ? "id" : o.sortBy === "date" ? "created_at" : "status";
  const direction = o.descending ? "desc" : "asc";
  const rows = await filtered(db, contactId, o)
    .selectAll()
    .orderBy(column, direction)
    .orderBy("id", direction)
    .offset((o.page - 1) * o.perPage)
    .limit(o.perPage)
    .execute();
  return rows.map(toImage);
}

export async function countImages(db: Executor, contactId: number, f: ImageFilter): Promise<number> {
  const row = await filtered(db, contactId, f)
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface ProductIdStatistic {
  productId: string;
  done: number;
  todo: number;
}

/** ProductIds in name order with how many of their images are done (finished and later) and still to do. */
export async function listProductIds(
  db: Executor,
  contactId: number,
  page: number,
  perPage: number,
): Promise<ProductIdStatistic[]> {
  const rows = await db
    .selectFrom("studio_images")
    .select((eb) => [
      "product_id",
      eb.fn.sum<number | string>(sql`case when status in (${sql.join(DONE)}) then 1 else 0 end`).as("done"),
      eb.fn.sum<number | string>(sql`case when status in (${sql.join(TODO)}) then 1 else 0 end`).as("todo"),
    ])
    .where("contact_id", "=", contactId)
    .where("product_id", "is not", null)
    .groupBy("product_id")
    .orderBy("product_id")
    .offset((page - 1) * perPage)
    .limit(perPage)
    .execute();
  return rows.map((r) => ({ productId: r.product_id ?? "", done: Number(r.done), todo: Number(r.todo) }));
}
