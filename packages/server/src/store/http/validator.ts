// The Store API's Fastify validator: TypeBox schemas, docs-style 422 bodies, query aliases and coercion.
import { Kind, type TSchema } from "@sinclair/typebox";
import { TypeCompiler } from "@sinclair/typebox/compiler";
import type { FastifySchemaCompiler } from "fastify";
import { AppError } from "../../core/errors/index.js";
import { toFieldErrors } from "./field-errors.js";

/** Schema options the validator understands besides JSON Schema. */
export interface StoreSchemaOptions {
  /** Query parameters accepted under another name: `{sort_by: "sort"}`. The canonical name wins. */
  "x-aliases"?: Record<string, string>;
  /** Path parameters that fail validation answer 404 with this message (`/products/abc`). */
  "x-not-found"?: string;
}

type ObjectSchema = TSchema & StoreSchemaOptions & { properties?: Record<string, TSchema> };

function kindOf(schema: TSchema): string {
  const kind = (schema as { [Kind]?: string })[Kind] ?? "";
  if (kind !== "Union") return kind;
  const variants = ((schema as { anyOf?: TSchema[] }).anyOf ?? []).map(kindOf);
  return variants.every((k) => k === "Literal") ? "Literal" : (variants[0] ?? "");
}

/** Query strings and path segments are text: turn them into the numbers/booleans the schema asks for. */
function coerceText(schema: ObjectSchema, data: Record<string, unknown>): Record<string, unknown> {
  const aliases = schema["x-aliases"] ?? {};
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(data)) {
    const canonical = aliases[name];
    if (canonical === undefined) out[name] = value;
    else if (!(canonical in data)) out[canonical] = value;
  }
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const value = out[name];
    if (typeof value !== "string") continue;
    const kind = kindOf(property);
    if ((kind === "Integer" || kind === "Number") && /^-?\d+(\.\d+)?$/.test(value)) out[name] = Number(value);
    else if (kind === "Boolean" && /^(true|false|1|0)$/i.test(value)) out[name] = /^(true|1)$/i.test(value);
  }
  return out;
}

/** Compiles route schemas with TypeBox; failures throw AppErrors the Store encoder understands. */
export const storeValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const compiled = TypeCompiler.Compile(schema);
  const options = schema as ObjectSchema;
  const isText = httpPart === "querystring" || httpPart === "params";
  return (data: unknown) => {
    let value = data;
    if (isText) value = coerceText(options, (data ?? {}) as Record<string, unknown>);
    // A POST without a body (no Content-Type) is an empty object: required fields then say so.
    else if (value === null || value === undefined) value = {};
    if (compiled.Check(value)) return { value };
    if (httpPart === "params") {
      return { error: new AppError("not_found", options["x-not-found"] ?? "Not Found") };
    }
    if (httpPart === "body" && (typeof value !== "object" || Array.isArray(value))) {
      return {
        error: new AppError("validation_failed", "The given data was invalid", {
          errors: { body: ["The request body must be a JSON object."] },
        }),
      };
    }
    return {
      error: new AppError("validation_failed", "The given data was invalid", {
        errors: toFieldErrors(compiled.Errors(value)),
      }),
    };
  };
};
