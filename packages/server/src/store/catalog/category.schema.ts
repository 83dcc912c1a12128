// Wire shapes of categories: the Category object, list query and write bodies.
import { Type, type Static } from "@sinclair/typebox";
import { listQuery, PageQuery, SearchQuery, sortQuery } from "../shared/list-query.schema.js";
import { formatTimestamp } from "../shared/timestamps.js";
import type { Category } from "./category.repository.js";
import { SLUG_PATTERN } from "./slug.js";

export const CategoryJson = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  slug: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  /** Set by `POST /categories/{id}/image`. */
  image_url: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String(),
  updated_at: Type.String(),
});
export type CategoryJson = Static<typeof CategoryJson>;

export const ListCategoriesQuery = listQuery({
  ...PageQuery,
  ...SearchQuery,
  ...sortQuery(["name", "created_at"]),
});
export type ListCategoriesQuery = Static<typeof ListCategoriesQuery>;

export const CreateCategoryBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 255 }),
  slug: Type.Optional(Type.String({ pattern: SLUG_PATTERN, maxLength: 100 })),
  description: Type.Optional(Type.Union([Type.String({ maxLength: 5000 }), Type.Null()])),
});
export type CreateCategoryBody = Static<typeof CreateCategoryBody>;

export const UpdateCategoryBody = Type.Partial(CreateCategoryBody);
export type UpdateCategoryBody = Static<typeof UpdateCategoryBody>;

export function toCategoryJson(c: Category): CategoryJson {
  return {
    id: c.id,
    name: c.name,
    slug: c.slug,
    description: c.description,
    image_url: c.image_url,
    created_at: formatTimestamp(c.created_at),
    updated_at: formatTimestamp(c.updated_at),
  };
}
