// Turns TypeBox validation errors into the docs' per-field messages: {"price": ["The price must be a number."]}.
import { Kind, type TSchema } from "@sinclair/typebox";
import { ValueErrorType, type ValueError } from "@sinclair/typebox/errors";

/** Field path (dotted, `items.0.quantity`) → messages, the `errors` object of a 422. */
export type FieldErrors = Record<string, string[]>;

function attribute(field: string): string {
  return field.replace(/_/g, " ");
}

function kindOf(schema: TSchema): string {
  return (schema as { [Kind]?: string })[Kind] ?? "";
}

/** The variants of a union that are not null (nullable fields are `Union([T, Null])`). */
function nonNull(schema: TSchema): TSchema[] {
  const anyOf = (schema as { anyOf?: TSchema[] }).anyOf;
  return anyOf ? anyOf.filter((s) => kindOf(s) !== "Null") : [schema];
}

function typeMessage(schema: TSchema, a: string): string {
  const variants = nonNull(schema);
  if (variants.length > 0 && variants.every((v) => kindOf(v) === "Literal"))
    return `The selected ${a} is invalid.`;
  const first = variants.length === 1 ? variants[0] : undefined;
  switch (first && kindOf(first)) {
    case "String":
      return `The ${a} must be a string.`;
    case "Number":
      return `The ${a} must be a number.`;
    case "Integer":
      return `The ${a} must be an integer.`;
    case "Boolean":
      return `The ${a} field must be true or false.`;
    case "Array":
      return `The ${a} must be an array.`;
    case "Object":
      return `The ${a} must be an object.`;
    default:
      return `The ${a} format is invalid.`;
  }
}

const jsKinds: Record<string, string[]> = {
  string: ["String"],
  number: ["Number", "Integer"],
  boolean: ["Boolean"],
  object: ["Object", "Record"],
};

/**
 * A union failed: when exactly one variant has the value's JSON type (a too-long string for a nullable
 * string), that variant's own error says more than "must be a string".
 */
function variantError(e: ValueError): ValueError | undefined {
  const anyOf = (e.schema as { anyOf?: TSchema[] }).anyOf ?? [];
  const type = Array.isArray(e.value) ? "array" : e.value === null ? "null" : typeof e.value;
  const kinds = type === "array" ? ["Array"] : (jsKinds[type] ?? []);
  const matching = anyOf.flatMap((v, i) => (kinds.includes(kindOf(v)) ? [i] : []));
  if (matching.length !== 1) return undefined;
  return e.errors[matching[0] ?? 0]?.First();
}

/** The error to report: a union's own error, or its one same-typed variant's (deepest first). */
function unwrap(e: ValueError): ValueError {
  let current = e;
  while (current.type === ValueErrorType.Union && typeof current.schema["x-message"] !== "string") {
    const inner = variantError(current);
    if (!inner) break;
    current = inner;
  }
  return current;
}

function messageFor(e: ValueError, a: string): string {
  const s = e.schema as Record<string, unknown>;
  if (e.value === undefined || e.type === ValueErrorType.ObjectRequiredProperty)
    return `The ${a} field is required.`;
  // A schema can carry its own wording: `{"x-message": "The :attribute must be an amount like 29.99."}`.
  const custom = s["x-message"];
  if (typeof custom === "string") return custom.replace(":attribute", a);
  switch (e.type) {
    case ValueErrorType.StringMinLength:
      return e.value === ""
        ? `The ${a} field is required.`
        : `The ${a} must be at least ${String(s["minLength"])} characters.`;
    case ValueErrorType.StringMaxLength:
      return `The ${a} may not be greater than ${String(s["maxLength"])} characters.`;
    case ValueErrorType.StringPattern:
    case ValueErrorType.StringFormat:
      return `The ${a} format is invalid.`;
    case ValueErrorType.NumberMinimum:
    case ValueErrorType.IntegerMinimum:
      return `The ${a} must be at least ${String(s["minimum"])}.`;
    case ValueErrorType.NumberMaximum:
    case ValueErrorType.IntegerMaximum:
      return `The ${a} may not be greater than ${String(s["maximum"])}.`;
    case ValueErrorType.ArrayMinItems:
      return `The ${a} must have at least ${String(s["minItems"])} items.`;
    case ValueErrorType.ArrayMaxItems:
      return `The ${a} may not have more than ${String(s["maxItems"])} items.`;
    case ValueErrorType.Literal:
      return `The selected ${a} is invalid.`;
    default:
      return typeMessage(e.schema, a);
  }
}

/** One message per field (the first error TypeBox reports for it), keyed by dotted path. */
export function toFieldErrors(errors: Iterable<ValueError>, rootName = "body"): FieldErrors {
  const out: FieldErrors = {};
  for (const reported of errors) {
    const e = unwrap(reported);
    const field = e.path.split("/").filter(Boolean).join(".") || rootName;
    // A union reports its own failure and each variant's; the first one is the clearest.
    if (out[field] || Object.keys(out).some((f) => field.startsWith(`${f}.`))) continue;
    out[field] = [messageFor(e, attribute(field))];
  }
  return out;
}
