// Wire shapes of products: the Product object (list and detail), list query and write bodies with aliases.
import { Type, type Static } from "@sinclair/typebox";
import { formatMoney, formatOptionalMoney } from "../shared/money.js";
import { MoneyInput, MoneyJson } from "../shared/money.schema.js";
import { listQuery, PageQuery, SearchQuery, sortQuery } from "../shared/list-query.schema.js";
import { formatTimestamp } from "../shared/timestamps.js";
import type { ProductRecord } from "./product.repository.js";
import { SLUG_PATTERN } from "./slug.js";
import { literals } from "../shared/fields.schema.js";

export const billingIntervals = ["day", "week", "month", "year"] as const;

export const productTypes = ["digital", "subscription", "physical"] as const;
const ProductTypeSchema = Type.Union(productTypes.map((t) => Type.Literal(t)));

export const ProductImageJson = Type.Object({
  /** Uploaded images only (`POST /products/{id}/images`); the id to delete them by. */
  id: Type.Optional(Type.Integer()),
  url: Type.String(),
  is_primary: Type.Boolean(),
});

export const ProductJson = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  slug: Type.String(),
  description: Type.String(),
  price: MoneyJson,
  compare_price: Type.Union([MoneyJson, Type.Null()]),
  type: ProductTypeSchema,
  category: Type.Union([
    Type.Object({ id: Type.Integer(), name: Type.String(), slug: Type.String() }),
    Type.Null(),
  ]),
  images: Type.Array(ProductImageJson),
  is_active: Type.Boolean(),
  stock: Type.Union([Type.Integer(), Type.Null()]),
  /** Subscription products only (null otherwise): what one period is and how long the trial lasts. */
  billing: Type.Union([
    Type.Object({
      interval: literals(billingIntervals),
      interval_count: Type.Integer(),
      trial_days: Type.Integer(),
    }),
    Type.Null(),
  ]),
  created_at: Type.String(),
  updated_at: Type.String(),
});
export type ProductJson = Static<typeof ProductJson>;

export const ProductDetailJson = Type.Composite([
  ProductJson,
  Type.Object({ delivery_servers: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })) }),
]);
export type ProductDetailJson = Static<typeof ProductDetailJson>;

export const ListProductsQuery = listQuery({
  ...PageQuery,
  ...SearchQuery,
  category: Type.Optional(Type.String({ maxLength: 100, description: "category slug" })),
  category_id: Type.Optional(Type.Integer({ minimum: 1 })),
  type: Type.Optional(ProductTypeSchema),
  is_active: Type.Optional(Type.Boolean()),
  ...sortQuery(["name", "price", "created_at"]),
});
export type ListProductsQuery = Static<typeof ListProductsQuery>;

const NullableMoney = Type.Union([MoneyInput, Type.Null()], {
  "x-message": "The :attribute must be a non-negative amount like 29.99, or null.",
});
const NullableStock = Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
  "x-message": "The :attribute must be a non-negative integer, or null for unlimited.",
});

const productFields = {
  name: Type.String({ minLength: 1, maxLength: 255 }),
  slug: Type.Optional(Type.String({ pattern: SLUG_PATTERN, maxLength: 100 })),
  description: Type.Optional(Type.String({ maxLength: 20_000 })),
  price: MoneyInput,
  compare_price: Type.Optional(NullableMoney),
  /** Alias of compare_price (older docs). */
  compare_at_price: Type.Optional(NullableMoney),
  type: Type.Optional(ProductTypeSchema),
  category_id: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  is_active: Type.Optional(Type.Boolean()),
  stock: Type.Optional(NullableStock),
  /** Alias of stock (older docs). */
  stock_quantity: Type.Optional(NullableStock),
  images: Type.Optional(
    Type.Array(
      Type.Object({
        url: Type.String({ pattern: "^https?://", maxLength: 2048 }),
        is_primary: Type.Optional(Type.Boolean()),
      }),
      { maxItems: 20 },
    ),
  ),
  delivery_server_ids: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 50 })),
  /** Subscription products: the billing period (default 1 month) and a free trial (default none). */
  billing_interval: Type.Optional(literals(billingIntervals)),
  billing_interval_count: Type.Optional(Type.Integer({ minimum: 1, maximum: 36 })),
  trial_days: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })),
};

export const CreateProductBody = Type.Object(productFields);
export type CreateProductBody = Static<typeof CreateProductBody>;

export const UpdateProductBody = Type.Partial(Type.Object(productFields));
export type UpdateProductBody = Static<typeof UpdateProductBody>;

export function toProductJson(p: ProductRecord, currency: string): ProductJson {
  return {
    id: p.id,
    name: p.name,
    slug: p.slug,
    description: p.description,
    price: formatMoney(p.price, currency),
    compare_price: formatOptionalMoney(p.compare_price, currency),
    type: p.type,
    category:
      p.category_id === null || p.category_name === null || p.category_slug === null
        ? null
        : { id: p.category_id, name: p.category_name, slug: p.category_slug },
    images: JSON.parse(p.images) as ProductJson["images"],
    is_active: p.is_active === 1,
    stock: p.stock,
    billing:
      p.type === "subscription"
        ? { interval: p.billing_interval, interval_count: p.billing_interval_count, trial_days: p.trial_days }
        : null,
    created_at: formatTimestamp(p.created_at),
    updated_at: formatTimestamp(p.updated_at),
  };
}

export function toProductDetailJson(
  p: ProductRecord,
  currency: string,
  servers: { id: number; name: string }[],
): ProductDetailJson {
  return { ...toProductJson(p, currency), delivery_servers: servers };
}
