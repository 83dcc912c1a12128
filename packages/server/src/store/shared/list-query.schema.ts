// Query parameters shared by every list endpoint: paging, sorting, date ranges and search, with aliases.
import { Type, type TProperties } from "@sinclair/typebox";

/** Items per page when `per_page` is absent. */
export const DEFAULT_PER_PAGE = 15;
/** Largest page: a bigger `per_page` is clamped to this (and `meta.per_page` says so). */
export const MAX_PER_PAGE = 100;

/**
 * Paging. `page` ≥ 1 (default 1; past the end answers an empty page). `per_page` ≥ 1 (default 15);
 * above 100 it is clamped to 100. `0`, negatives and non-numbers are 422: they are client bugs, while a
 * large page size is a reasonable wish we can half-grant.
 */
export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, description: "page number, default 1" })),
  per_page: Type.Optional(
    Type.Integer({
      minimum: 1,
      description: `items per page, default ${DEFAULT_PER_PAGE}, max ${MAX_PER_PAGE} (larger is clamped)`,
    }),
  ),
};

/** Date range on `created_at`: inclusive calendar days in the store's time zone. Aliases start_date/end_date. */
export const DateRangeQuery = {
  from: Type.Optional(
    Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "YYYY-MM-DD, inclusive" }),
  ),
  to: Type.Optional(Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "YYYY-MM-DD, inclusive" })),
};

/** `search`: a case-insensitive substring; `%`, `_` and `\` match themselves. */
export const SearchQuery = {
  search: Type.Optional(Type.String({ maxLength: 200 })),
};

/** `sort` among `fields` (anything else is 422) and `order` asc|desc; aliases sort_by/sort_order. */
export function sortQuery<F extends string>(fields: readonly [F, ...F[]]) {
  return {
    sort: Type.Optional(Type.Union(fields.map((f) => Type.Literal(f)))),
    order: Type.Optional(Type.Union([Type.Literal("asc"), Type.Literal("desc")])),
  };
}

/** The aliases every list accepts (older docs' spellings). */
export const listAliases = {
  sort_by: "sort",
  sort_order: "order",
  start_date: "from",
  end_date: "to",
} as const;

/**
 * A list endpoint's query schema: its own properties, plus aliases (older docs' spellings) that the
 * validator renames to the canonical name before validating; the canonical name wins when both are sent.
 */
export function listQuery<P extends TProperties>(properties: P, aliases: Record<string, string> = {}) {
  return Type.Object(properties, { "x-aliases": { ...listAliases, ...aliases } });
}

/** `{id}` path parameter; anything but a positive integer answers 404 with `notFound`. */
export function idParams(notFound: string) {
  return Type.Object(
    { id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) },
    { "x-not-found": notFound },
  );
}
