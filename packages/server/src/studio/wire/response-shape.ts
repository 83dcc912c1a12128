// Gives an operation's result the exact shape of its response type: WCF member order, defaults filled in.
//
// Every encoding starts from this shape: JSON stringifies it, XML and SOAP walk it beside the schema. A
// member the operation left out gets its default (ErrorCode NoError, "" or nil for text, the all-zero GUID,
// 0, false, [] for lists, nil for objects); scalars are coerced to the member's type, so the wire never
// depends on what JavaScript type the domain happened to use. Members not in the type are dropped.
import type { TSchema } from "@sinclair/typebox";
import { kindOf, memberOrder, unwrapNullable, xsdScalarOf } from "./data-contract.js";

export const EMPTY_GUID = "00000000-0000-0000-0000-000000000000";

type Shaper = (value: unknown) => unknown;

const shapers = new WeakMap<TSchema, Shaper>();

function scalarShaper(schema: TSchema, nullable: boolean): Shaper {
  switch (xsdScalarOf(schema)) {
    case "boolean":
      return (v) =>
        v === true || v === "true" || v === 1 || v === "1" ? true : nullable && v == null ? null : false;
    case "int":
    case "long":
    case "decimal": {
      const integer = xsdScalarOf(schema) !== "decimal";
      return (v) => {
        if (v == null || v === "") return nullable ? null : 0;
        const n = typeof v === "number" ? v : Number(v);
        if (!Number.isFinite(n)) return nullable ? null : 0;
        return integer ? Math.trunc(n) : n;
      };
    }
    case "guid":
      return (v) => (typeof v === "string" && v !== "" ? v : nullable ? null : EMPTY_GUID);
    case "string":
      return (v) => {
        if (v == null) return nullable ? null : "";
        if (typeof v === "string") return v;
        if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
        return nullable ? null : "";
      };
  }
}

function buildShaper(schema: TSchema): Shaper {
  const { schema: inner, nullable } = unwrapNullable(schema);
  switch (kindOf(inner)) {
    case "Object": {
      const properties = (inner as unknown as { properties: Record<string, TSchema> }).properties;
      const members = memberOrder(inner).map(
        (name) => [name, shaperOf(properties[name] as TSchema)] as const,
      );
      return (v) => {
        if (v == null || typeof v !== "object") {
          if (nullable) return null;
          v = {};
        }
        const source = v as Record<string, unknown>;
        const out: Record<string, unknown> = {};
        for (const [name, shape] of members) out[name] = shape(source[name]);
        return out;
      };
    }
    case "Array": {
      const item = shaperOf((inner as unknown as { items: TSchema }).items);
      return (v) => {
        if (!Array.isArray(v)) return nullable && v === null ? null : [];
        return v.map(item);
      };
    }
    case "Union":
      // ErrorCode: a union of literals, shaped as text.
      return (v) => (typeof v === "string" && v !== "" ? v : "NoError");
    default:
      return scalarShaper(inner, nullable);
  }
}

function shaperOf(schema: TSchema): Shaper {
  let shaper = shapers.get(schema);
  if (shaper === undefined) {
    shaper = buildShaper(schema);
    shapers.set(schema, shaper);
  }
  return shaper;
}

/** `value` in the exact shape of `schema` (a DataContract object): ordered members, defaults filled. */
export function shapeResponse(schema: TSchema, value: unknown): Record<string, unknown> {
  return shaperOf(schema)(value) as Record<string, unknown>;
}
