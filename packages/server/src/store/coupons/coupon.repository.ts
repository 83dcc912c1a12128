// Reads and writes of `store_coupons`, scoped to one store; status filters are computed against "now".
import { sql, type ExpressionBuilder, type Insertable, type Selectable, type Updateable } from "kysely";
import type { Executor, Tables } from "../../core/db/index.js";
import { columnContains, nullsAsFuture, type PageRequest } from "../shared/list-query.js";
import type { CouponType, StoreCouponsTable } from "./coupon.tables.js";

export type CouponRecord = Selectable<StoreCouponsTable>;
export type CouponStatus = "active" | "inactive" | "expired" | "scheduled";
export type CouponSort = "created_at" | "code" | "name" | "expires_at";

export interface CouponListOptions {
  status?: CouponStatus | undefined;
  type?: CouponType | undefined;
  search?: string | undefined;
  sort: CouponSort;
  direction: "asc" | "desc";
  page: PageRequest;
  now: number;
}

type Eb = ExpressionBuilder<Tables & { c: StoreCouponsTable }, "c">;

/** Past its expiry or used up: no longer redeemable (the same rule as couponStatus). */
function isSpent(eb: Eb, now: number) {
  return eb.or([
    eb.and([eb("c.expires_at", "is not", null), eb("c.expires_at", "<=", now)]),
    eb.and([eb("c.usage_limit", "is not", null), eb("c.times_used", ">=", eb.ref("c.usage_limit"))]),
  ]);
}

function statusFilter(eb: Eb, status: CouponStatus, now: number) {
  if (status === "inactive") return eb("c.is_active", "=", 0);
  const on = eb("c.is_active", "=", 1);
  if (status === "expired") return eb.and([on, isSpent(eb, now)]);
  const started = eb.or([eb("c.starts_at", "is", null), eb("c.starts_at", "<=", now)]);
  return eb.and([on, eb.not(isSpent(eb, now)), status === "scheduled" ? eb.not(started) : started]);
}

/**
 * `inactive` when switched off; else `expired` when past `expires_at` or used `usage_limit` times; else
 * `scheduled` before `starts_at`; else `active`.
 */
export function couponStatus(c: CouponRecord, now: number): CouponStatus {
  if (c.is_active !== 1) return "inactive";
  const spent =
    (c.expires_at !== null && c.expires_at <= now) ||
    (c.usage_limit !== null && c.times_used >= c.usage_limit);
  if (spent) return "expired";
  return c.starts_at !== null && c.starts_at > now ? "scheduled" : "active";
}

export async function listCoupons(
  db: Executor,
  storeId: number,
  o: CouponListOptions,
): Promise<{ rows: CouponRecord[]; total: number }> {
  let q = db.selectFrom("store_coupons as c").where("c.store_id", "=", storeId);
  const { status, type, search } = o;
  if (status !== undefined) q = q.where((eb) => statusFilter(eb, status, o.now));
  if (type !== undefined) q = q.where("c.type", "=", type);
  if (search !== undefined && search !== "") {
    q = q.where((eb) => eb.or([columnContains("c.code", search), columnContains("c.name", search)]));
  }
  const { total } = await q.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow();
  let sorted = q.selectAll("c");
  if (o.sort === "expires_at") sorted = sorted.orderBy(nullsAsFuture("c.expires_at"), o.direction);
  // Codes and names sort case-insensitively on both engines.
  const key =
    o.sort === "code" || o.sort === "name" ? sql`lower(${sql.ref(`c.${o.sort}`)})` : sql.ref(`c.${o.sort}`);
  const rows = await sorted
    .orderBy(key, o.direction)
    .orderBy("c.id", o.direction)
    .limit(o.page.perPage)
    .offset(o.page.offset)
    .execute();
  return { rows, total };
}

export async function findCoupon(
  db: Executor,
  storeId: number,
  id: number,
): Promise<CouponRecord | undefined> {
  return db
    .selectFrom("store_coupons")
    .selectAll()
    .where("store_id", "=", storeId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/** True when another coupon of the store has `code`, ignoring case. */
export async function isCouponCodeTaken(db: Executor, storeId: number, code: string, exceptId?: number) {
  let q = db
    .selectFrom("store_coupons")
    .select("id")
    .where("store_id", "=", storeId)
    .where(sql<boolean>`lower(code) = ${code.toLowerCase()}`);
  if (exceptId !== undefined) q = q.where("id", "!=", exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export async function insertCoupon(db: Executor, values: Insertable<StoreCouponsTable>): Promise<number> {
  const row = await db.insertInto("store_coupons").values(values).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

export async function updateCouponRow(
  db: Executor,
  storeId: number,
  id: number,
  values: Updateable<StoreCouponsTable>,
): Promise<void> {
  await db
    .updateTable("store_coupons")
    .set(values)
    .where("store_id", "=", storeId)
    .where("id", "=", id)
    .execute();
}

export async function deleteCouponRow(db: Executor, storeId: number, id: number): Promise<void> {
  await db.deleteFrom("store_coupons").where("store_id", "=", storeId).where("id", "=", id).execute();
}
