// Small TypeBox building blocks shared by feature schemas: literal unions and ISO-8601 date-time input.
import { Type } from "@sinclair/typebox";

/** `"a" | "b" | …` as a schema; a value outside the list is 422 "The selected x is invalid.". */
export const literals = <T extends string>(values: readonly T[]) =>
  Type.Union(values.map((v) => Type.Literal(v)));

/** An ISO-8601 date-time with `Z` or an offset (`2025-06-01T00:00:00Z`); services parse it with parseTimestamp. */
export const TimestampInput = Type.String({
  pattern: "^\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?([Zz]|[+-]\\d{2}:?\\d{2})$",
  "x-message": "The :attribute must be an ISO-8601 date-time like 2025-06-01T00:00:00Z.",
});

/** A date-time or null (to clear it). */
export const NullableTimestampInput = Type.Union([TimestampInput, Type.Null()], {
  "x-message": "The :attribute must be an ISO-8601 date-time like 2025-06-01T00:00:00Z, or null.",
});
