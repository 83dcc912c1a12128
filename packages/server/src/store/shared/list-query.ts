// Runtime side of list queries: page arithmetic, date ranges in the store's zone, escaped LIKE search.
import { sql, type Expression, type SqlBool } from "kysely";
import { AppError } from "../../core/errors/index.js";
import type { PageMetaValue } from "./envelope.js";
import { DEFAULT_PER_PAGE, MAX_PER_PAGE } from "./list-query.schema.js";
import { endOfDay, isCalendarDay, startOfDay } from "./time-zone.js";

export interface PageRequest {
  page: number;
  perPage: number;
  offset: number;
}

/** Page and size from validated query values (defaults applied, `per_page` clamped to 100). */
export function resolvePage(query: {
  page?: number | undefined;
  per_page?: number | undefined;
}): PageRequest {
  const page = query.page ?? 1;
  const perPage = Math.min(query.per_page ?? DEFAULT_PER_PAGE, MAX_PER_PAGE);
  return { page, perPage, offset: (page - 1) * perPage };
}

export function pageMeta(page: PageRequest, total: number): PageMetaValue {
  return {
    current_page: page.page,
    last_page: Math.max(1, Math.ceil(total / page.perPage)),
    per_page: page.perPage,
    total,
  };
}

/** A half-open range of epoch ms: `from` ≤ t < `to`. */
export interface TimeRange {
  from?: number;
  to?: number;
}

function invalidDay(field: string): AppError {
  return new AppError("validation_failed", "The given data was invalid", {
    errors: { [field]: [`The ${field} is not a valid date.`] },
  });
}

/**
 * `from`/`to` (`YYYY-MM-DD`, inclusive) as instants in the store's time zone. Throws 422 for days that do
 * not exist (`2025-02-30`) and when `to` is before `from`.
 */
export function resolveDateRange(
  query: { from?: string | undefined; to?: string | undefined },
  timeZone: string,
): TimeRange {
  const range: TimeRange = {};
  if (query.from !== undefined) {
    if (!isCalendarDay(query.from)) throw invalidDay("from");
    range.from = startOfDay(query.from, timeZone);
  }
  if (query.to !== undefined) {
    if (!isCalendarDay(query.to)) throw invalidDay("to");
    range.to = endOfDay(query.to, timeZone);
  }
  if (query.from !== undefined && query.to !== undefined && query.to < query.from) {
    throw new AppError("validation_failed", "The given data was invalid", {
      errors: { to: ["The to must be a date after or equal to from."] },
    });
  }
  return range;
}

/** `term` as a LIKE pattern matching it anywhere, with `\`, `%` and `_` escaped by `\`. */
export function containsPattern(term: string): string {
  return `%${term.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * A case-insensitive "contains" test on a column, identical on SQLite and PostgreSQL: both sides
 * lower-cased (PostgreSQL's LIKE is case-sensitive, SQLite's only folds ASCII) and an explicit ESCAPE.
 */
export function columnContains(column: string, term: string): Expression<SqlBool> {
  return sql<SqlBool>`lower(${sql.ref(column)}) like ${containsPattern(term)} escape ${"\\"}`;
}

/** Sort direction from the validated `order` (default `desc`: newest first, as the docs' lists are). */
export function sortDirection(order: "asc" | "desc" | undefined, fallback: "asc" | "desc" = "desc") {
  return order ?? fallback;
}

/**
 * Sort key that puts rows whose `column` is null after every date when ascending (before when descending):
 * order by this first, then by the column. SQLite and PostgreSQL disagree on where nulls go by default.
 */
export function nullsAsFuture(column: string): Expression<number> {
  return sql<number>`case when ${sql.ref(column)} is null then 1 else 0 end`;
}
