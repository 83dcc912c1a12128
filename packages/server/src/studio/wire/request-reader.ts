// Turns what a client sent (path, JSON body, query, SOAP parameters) into an operation's request.
//
// Lenient like the Pixelz service: members are matched by name (exactly, else ignoring case), unknown ones
// are ignored, scalars become text whatever JSON type they came as, null means absent, a single value
// where a list is expected is a list of one. Required members that are absent or empty answer
// MissingRequiredInformation; a value of the wrong shape (an object where text is expected) answers
// InvalidParameter.
import type { Static, TObject, TSchema } from "@sinclair/typebox";
import { StudioError } from "../studio-errors.js";
import { kindOf } from "./data-contract.js";

/** One source of members (path parameters, a body, a query); earlier sources win. */
export type RequestSource = Readonly<Record<string, unknown>>;

interface Field {
  readonly name: string;
  readonly lower: string;
  readonly schema: TSchema;
  readonly required: boolean;
}

const fieldCache = new WeakMap<TSchema, Field[]>();

function fieldsOf(schema: TSchema): Field[] {
  let fields = fieldCache.get(schema);
  if (fields === undefined) {
    const properties = (schema as unknown as TObject).properties;
    const required = new Set((schema as unknown as TObject).required ?? []);
    fields = Object.entries(properties).map(([name, s]) => ({
      name,
      lower: name.toLowerCase(),
      schema: s,
      required: required.has(name),
    }));
    fieldCache.set(schema, fields);
  }
  return fields;
}

function lookup(source: RequestSource, field: Field): unknown {
  if (Object.hasOwn(source, field.name)) return source[field.name];
  for (const key of Object.keys(source)) {
    if (key.toLowerCase() === field.lower) return source[key];
  }
  return undefined;
}

function toText(value: unknown, path: string): string | undefined {
  switch (typeof value) {
    case "string":
      return value;
    case "number":
    case "bigint":
    case "boolean":
      return String(value);
    case "undefined":
      return undefined;
    default:
      if (value === null) return undefined;
      // A repeated query key arrives as a list: the first value counts.
      if (Array.isArray(value) && value.length > 0 && typeof value[0] !== "object") {
        return toText(value[0], path);
      }
      throw new StudioError("InvalidParameter", `${path} must be a single value.`);
  }
}

function convert(schema: TSchema, value: unknown, path: string): unknown {
  if (value === undefined || value === null) return undefined;
  switch (kindOf(schema)) {
    case "Array": {
      const items = (schema as unknown as { items: TSchema }).items;
      const list: unknown[] = Array.isArray(value) ? value : [value];
      return list
        .map((item, i) => convert(items, item, `${path}[${String(i)}]`))
        .filter((item) => item !== undefined);
    }
    case "Object": {
      if (typeof value !== "object" || Array.isArray(value)) {
        throw new StudioError("InvalidParameter", `${path} must be an object.`);
      }
      return readMembers(schema, [value as RequestSource], `${path}.`);
    }
    default:
      return toText(value, path);
  }
}

function readMembers(
  schema: TSchema,
  sources: readonly RequestSource[],
  prefix: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fieldsOf(schema)) {
    let value: unknown;
    for (const source of sources) {
      value = lookup(source, field);
      if (value !== undefined && value !== null) break;
    }
    const converted = convert(field.schema, value, `${prefix}${field.name}`);
    if (converted !== undefined) out[field.name] = converted;
  }
  return out;
}

/**
 * Reads the request `schema` describes from `sources` (earlier sources win member by member).
 * Throws StudioError MissingRequiredInformation or InvalidParameter.
 */
export function readRequest<S extends TSchema>(schema: S, sources: readonly RequestSource[]): Static<S> {
  const request = readMembers(schema, sources, "");
  const missing = fieldsOf(schema).filter((f) => {
    if (!f.required) return false;
    const value = request[f.name];
    return value === undefined || value === "" || (Array.isArray(value) && value.length === 0);
  });
  if (missing.length > 0) {
    const names = missing.map((f) => f.name).join(", ");
    throw new StudioError(
      "MissingRequiredInformation",
      `${names} ${missing.length === 1 ? "is" : "are"} missing.`,
    );
  }
  return request;
}
