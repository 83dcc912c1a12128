// Wire shapes of coupons: the Coupon object (list and detail), list query and write bodies.
import { Type, type Static } from "@sinclair/typebox";
import { literals, NullableTimestampInput } from "../shared/fields.schema.js";
import { listQuery, PageQuery, SearchQuery, sortQuery } from "../shared/list-query.schema.js";
import { formatDecimal, formatMoney, formatOptionalMoney } from "../shared/money.js";
import { MoneyInput, MoneyJson } from "../shared/money.schema.js";
import { formatOptionalTimestamp, formatTimestamp } from "../shared/timestamps.js";
import { couponStatus, type CouponRecord } from "./coupon.repository.js";

export const couponTypes = ["percentage", "fixed_amount", "free_shipping"] as const;
export const couponStatuses = ["active", "inactive", "expired", "scheduled"] as const;

const NullableString = Type.Union([Type.String(), Type.Null()]);
const NullableInteger = Type.Union([Type.Integer(), Type.Null()]);
const IdList = Type.Union([Type.Array(Type.Integer()), Type.Null()]);

export const CouponJson = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  description: NullableString,
  type: literals(couponTypes),
  /** Percent for percentage coupons ("25.00" = 25 %), an amount for fixed_amount, "0.00" for free_shipping. */
  value: MoneyJson,
  minimum_order_amount: Type.Union([MoneyJson, Type.Null()]),
  maximum_discount: Type.Union([MoneyJson, Type.Null()]),
  usage_limit: NullableInteger,
  usage_limit_per_customer: NullableInteger,
  times_used: Type.Integer(),
  is_active: Type.Boolean(),
  first_order_only: Type.Boolean(),
  /** Computed now: inactive, expired (past expires_at or used up), scheduled (before starts_at), active. */
  status: literals(couponStatuses),
  starts_at: NullableString,
  expires_at: NullableString,
  created_at: Type.String(),
  updated_at: Type.String(),
});
export type CouponJson = Static<typeof CouponJson>;

export const CouponDetailJson = Type.Composite([
  CouponJson,
  Type.Object({ applicable_products: IdList, applicable_categories: IdList, excluded_products: IdList }),
]);
export type CouponDetailJson = Static<typeof CouponDetailJson>;

export const ListCouponsQuery = listQuery({
  ...PageQuery,
  ...SearchQuery,
  status: Type.Optional(literals(couponStatuses)),
  type: Type.Optional(literals(couponTypes)),
  ...sortQuery(["created_at", "code", "name", "expires_at"]),
});
export type ListCouponsQuery = Static<typeof ListCouponsQuery>;

/** Codes customers type at checkout: letters, digits, `-` and `_`. */
export const COUPON_CODE_PATTERN = "^[A-Za-z0-9][A-Za-z0-9_-]{2,49}$";

const NullableMoney = Type.Union([MoneyInput, Type.Null()], {
  "x-message": "The :attribute must be a non-negative amount like 29.99, or null.",
});
const NullableLimit = Type.Union([Type.Integer({ minimum: 1, maximum: 1_000_000_000 }), Type.Null()], {
  "x-message": "The :attribute must be a positive integer, or null for no limit.",
});
const NullableIds = Type.Union([Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 500 }), Type.Null()]);

const couponFields = {
  code: Type.String({
    pattern: COUPON_CODE_PATTERN,
    "x-message": "The :attribute must be 3 to 50 letters, digits, dashes or underscores.",
  }),
  name: Type.String({ minLength: 1, maxLength: 255 }),
  description: Type.Union([Type.String({ maxLength: 2000 }), Type.Null()]),
  type: literals(couponTypes),
  value: MoneyInput,
  minimum_order_amount: NullableMoney,
  maximum_discount: NullableMoney,
  usage_limit: NullableLimit,
  usage_limit_per_customer: NullableLimit,
  is_active: Type.Boolean(),
  first_order_only: Type.Boolean(),
  starts_at: NullableTimestampInput,
  expires_at: NullableTimestampInput,
  applicable_products: NullableIds,
  applicable_categories: NullableIds,
  excluded_products: NullableIds,
};

/** `code` and `type` are required; `value` too unless the type is free_shipping; `name` defaults to the code. */
export const CreateCouponBody = Type.Composite([
  Type.Object({ code: couponFields.code, type: couponFields.type }),
  Type.Partial(Type.Omit(Type.Object(couponFields), ["code", "type"])),
]);
export type CreateCouponBody = Static<typeof CreateCouponBody>;

export const UpdateCouponBody = Type.Partial(Type.Object(couponFields));
export type UpdateCouponBody = Static<typeof UpdateCouponBody>;

const parseIds = (json: string | null): number[] | null =>
  json === null ? null : (JSON.parse(json) as number[]);

export function toCouponJson(c: CouponRecord, now: number): CouponJson {
  return {
    id: c.id,
    code: c.code,
    name: c.name,
    description: c.description,
    type: c.type,
    value: c.type === "fixed_amount" ? formatMoney(c.value, c.currency) : formatDecimal(c.value, 2),
    minimum_order_amount: formatOptionalMoney(c.minimum_order_amount, c.currency),
    maximum_discount: formatOptionalMoney(c.maximum_discount, c.currency),
    usage_limit: c.usage_limit,
    usage_limit_per_customer: c.usage_limit_per_customer,
    times_used: c.times_used,
    is_active: c.is_active === 1,
    first_order_only: c.first_order_only === 1,
    status: couponStatus(c, now),
    starts_at: formatOptionalTimestamp(c.starts_at),
    expires_at: formatOptionalTimestamp(c.expires_at),
    created_at: formatTimestamp(c.created_at),
    updated_at: formatTimestamp(c.updated_at),
  };
}

export function toCouponDetailJson(c: CouponRecord, now: number): CouponDetailJson {
  return {
    ...toCouponJson(c, now),
    applicable_products: parseIds(c.applicable_products),
    applicable_categories: parseIds(c.applicable_categories),
    excluded_products: parseIds(c.excluded_products),
  };
}
