// Coupons: detail, create, update (validated as a whole after merging), delete. The spec lists no coupon events.
import type { Clock } from "../../core/clock.js";
import { isUniqueViolation, type Database, type Executor } from "../../core/db/index.js";
import { AppError } from "../../core/errors/index.js";
import type { Store } from "../stores/store.repository.js";
import { parseDecimal, parseMoney } from "../shared/money.js";
import { unknownIdErrors } from "../shared/ownership.js";
import { parseTimestamp } from "../shared/timestamps.js";
import { invalidField, invalidFields } from "../shared/validation.js";
import {
  deleteCouponRow,
  findCoupon,
  insertCoupon,
  isCouponCodeTaken,
  updateCouponRow,
  type CouponRecord,
} from "./coupon.repository.js";
import {
  toCouponDetailJson,
  type CouponDetailJson,
  type CreateCouponBody,
  type UpdateCouponBody,
} from "./coupon.schema.js";
import type { StoreCouponsTable } from "./coupon.tables.js";

export interface CouponServiceDeps {
  database: Database;
  clock: Clock;
}

/** Everything a coupon row holds that a client can set. */
type CouponDraft = Omit<StoreCouponsTable, "id" | "store_id" | "times_used" | "created_at" | "updated_at">;

export async function getCoupon(db: Executor, storeId: number, id: number): Promise<CouponRecord> {
  const c = await findCoupon(db, storeId, id);
  if (!c) throw new AppError("not_found", "Coupon not found");
  return c;
}

export async function getCouponDetail(db: Executor, store: Store, id: number, now: number) {
  return toCouponDetailJson(await getCoupon(db, store.id, id), now);
}

const MAX_PERCENT = 100_00; // hundredths of a percent

/**
 * Applies `body` to `base` (a stored coupon, or defaults for a new one) and validates the result as a whole,
 * so rules spanning fields hold after any partial update. All problems are reported at once (422).
 */
async function toDraft(
  db: Executor,
  store: Store,
  base: CouponDraft,
  body: UpdateCouponBody,
  creating: boolean,
  exceptId?: number,
): Promise<CouponDraft> {
  const errors: Record<string, string[]> = {};
  const d: CouponDraft = { ...base };
  const money = (field: string, v: string | number | null): number | null => {
    if (v === null) return null;
    const minor = parseMoney(v, d.currency);
    if (minor === undefined)
      errors[field] = [`The ${field.replace(/_/g, " ")} must be an amount in ${d.currency}.`];
    return minor ?? null;
  };
  const time = (field: string, v: string | null): number | null => {
    if (v === null) return null;
    const ms = parseTimestamp(v);
    if (ms === undefined) errors[field] = [`The ${field.replace(/_/g, " ")} is not a valid date-time.`];
    return ms ?? null;
  };
  if (body.code !== undefined) {
    d.code = body.code;
    if (await isCouponCodeTaken(db, store.id, body.code, exceptId)) {
      errors["code"] = ["The code has already been taken."];
    }
  }
  if (body.name !== undefined) d.name = body.name;
  else if (creating) d.name = d.code;
  if (body.description !== undefined) d.description = body.description;
  const typeChanged = body.type !== undefined && body.type !== base.type;
  if (body.type !== undefined) d.type = body.type;
  if (body.value !== undefined) {
    if (d.type === "percentage") {
      const bp = parseDecimal(body.value, 2);
      if (bp === undefined || bp < 1 || bp > MAX_PERCENT)
        errors["value"] = ["The value must be a percentage between 0.01 and 100."];
      d.value = bp ?? 0;
    } else if (d.type === "fixed_amount") {
      const minor = parseMoney(body.value, d.currency);
      if (minor === undefined || minor <= 0)
        errors["value"] = [`The value must be an amount in ${d.currency} greater than 0.`];
      d.value = minor ?? 0;
    } else {
      if (parseDecimal(body.value, 2) !== 0)
        errors["value"] = ["The value must be 0 for a free_shipping coupon."];
      d.value = 0;
    }
  } else if (d.type === "free_shipping") {
    d.value = 0;
  } else if (creating) {
    errors["value"] = ["The value field is required unless type is free_shipping."];
  } else if (typeChanged) {
    errors["value"] = ["The value field is required when the type changes."];
  }
  if (body.minimum_order_amount !== undefined)
    d.minimum_order_amount = money("minimum_order_amount", body.minimum_order_amount);
  if (body.maximum_discount !== undefined)
    d.maximum_discount = money("maximum_discount", body.maximum_discount);
  else if (typeChanged && d.type !== "percentage") d.maximum_discount = null;
  if (d.maximum_discount !== null && d.type !== "percentage" && !errors["maximum_discount"]) {
    errors["maximum_discount"] = ["The maximum discount is only allowed on percentage coupons."];
  }
  if (body.usage_limit !== undefined) d.usage_limit = body.usage_limit;
  if (body.usage_limit_per_customer !== undefined) d.usage_limit_per_customer = body.usage_limit_per_customer;
  if (
    d.usage_limit !== null &&
    d.usage_limit_per_customer !== null &&
    d.usage_limit_per_customer > d.usage_limit
  ) {
    errors["usage_limit_per_customer"] = [
      "The usage limit per customer may not be greater than the usage limit.",
    ];
  }
  if (body.is_active !== undefined) d.is_active = body.is_active ? 1 : 0;
  if (body.first_order_only !== undefined) d.first_order_only = body.first_order_only ? 1 : 0;
  if (body.starts_at !== undefined) d.starts_at = time("starts_at", body.starts_at);
  if (body.expires_at !== undefined) d.expires_at = time("expires_at", body.expires_at);
  if (d.starts_at !== null && d.expires_at !== null && d.expires_at <= d.starts_at && !errors["expires_at"]) {
    errors["expires_at"] = ["The expires at must be a date after starts at."];
  }
  for (const [field, table] of [
    ["applicable_products", "store_products"],
    ["applicable_categories", "store_categories"],
    ["excluded_products", "store_products"],
  ] as const) {
    const ids = body[field];
    if (ids === undefined) continue;
    if (ids !== null) Object.assign(errors, await unknownIdErrors(db, table, store.id, field, ids));
    d[field] = ids === null ? null : JSON.stringify([...new Set(ids)]);
  }
  const applicable = new Set(JSON.parse(d.applicable_products ?? "[]") as number[]);
  const excluded = JSON.parse(d.excluded_products ?? "[]") as number[];
  if (excluded.some((id) => applicable.has(id)) && !errors["excluded_products"]) {
    errors["excluded_products"] = ["A product cannot be both applicable and excluded."];
  }
  if (Object.keys(errors).length > 0) throw invalidFields(errors);
  return d;
}

const taken = () => invalidField("code", "The code has already been taken.");

export async function createCoupon(
  deps: CouponServiceDeps,
  store: Store,
  body: CreateCouponBody,
): Promise<CouponDetailJson> {
  return deps.database.kysely.transaction().execute(async (trx) => {
    const defaults: CouponDraft = {
      code: body.code,
      name: body.code,
      description: null,
      type: body.type,
      value: 0,
      currency: store.currency,
      minimum_order_amount: null,
      maximum_discount: null,
      usage_limit: null,
      usage_limit_per_customer: null,
      is_active: 1,
      first_order_only: 0,
      starts_at: null,
      expires_at: null,
      applicable_products: null,
      applicable_categories: null,
      excluded_products: null,
    };
    const draft = await toDraft(trx, store, defaults, body, true);
    const now = deps.clock.now();
    const id = await insertCoupon(trx, {
      ...draft,
      store_id: store.id,
      created_at: now,
      updated_at: now,
    }).catch((e: unknown) => {
      throw isUniqueViolation(e) ? taken() : e;
    });
    return getCouponDetail(trx, store, id, now);
  });
}

export async function updateCoupon(
  deps: CouponServiceDeps,
  store: Store,
  id: number,
  body: UpdateCouponBody,
): Promise<CouponDetailJson> {
  return deps.database.kysely.transaction().execute(async (trx) => {
    const {
      id: _id,
      store_id: _store,
      times_used: _used,
      created_at: _c,
      updated_at: _u,
      ...stored
    } = await getCoupon(trx, store.id, id);
    const draft = await toDraft(trx, store, stored, body, false, id);
    const now = deps.clock.now();
    await updateCouponRow(trx, store.id, id, { ...draft, updated_at: now }).catch((e: unknown) => {
      throw isUniqueViolation(e) ? taken() : e;
    });
    return getCouponDetail(trx, store, id, now);
  });
}

export async function deleteCoupon(deps: CouponServiceDeps, store: Store, id: number): Promise<void> {
  await deps.database.kysely.transaction().execute(async (trx) => {
    await getCoupon(trx, store.id, id);
    await deleteCouponRow(trx, store.id, id);
  });
}
