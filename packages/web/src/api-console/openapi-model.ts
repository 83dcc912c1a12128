// The OpenAPI documents the console reads (the server's own, generated from the same schemas as its routes)
// and the operations in them, in the shape the forms and the reference need.

/** The JSON Schema keywords the console looks at. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  description?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  pattern?: string;
  contentMediaType?: string;
  additionalProperties?: boolean | JsonSchema;
}

export interface ApiParameter {
  name: string;
  in: "path" | "query" | "header";
  required: boolean;
  schema: JsonSchema;
  description?: string;
}

interface RawOperation {
  operationId?: string;
  summary?: string;
  tags?: string[];
  servers?: { url: string }[];
  parameters?: ApiParameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema: JsonSchema }> }>;
}

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; description?: string; version: string };
  servers: { url: string }[];
  paths: Record<string, Record<string, RawOperation>>;
}

export type ApiName = "studio" | "store" | "editor";

/** The API a `?api=` value names (Studio unless it names another). */
export function apiNamed(value: string | null): ApiName {
  return value === "store" || value === "editor" ? value : "studio";
}

/** How an operation is authenticated (`editor-session`: the console session's cookie and CSRF token). */
export type AuthKind = "studio-members" | "studio-headers" | "store-bearer" | "editor-session";

export interface ApiOperation {
  api: ApiName;
  id: string;
  method: string;
  path: string;
  /** Where the path is relative to (`/REST.svc/JSON`, `/api/external/v1`). */
  server: string;
  summary: string;
  tag: string;
  parameters: ApiParameter[];
  body?: { contentType: string; schema: JsonSchema };
  /** Media types of the 2xx answer. */
  produces: string[];
  responses: RawOperation["responses"];
  auth: AuthKind;
}

export const API_DOCUMENTS: Record<ApiName, { url: string; title: string }> = {
  studio: { url: "/api/studio/v1/openapi.json", title: "Studio API" },
  store: { url: "/api/external/v1/openapi.json", title: "Store API" },
  editor: { url: "/studio/editor/openapi.json", title: "Editor API" },
};

const METHODS = ["get", "post", "put", "patch", "delete"];

/** Every operation of a document, in document order, with the server each one is relative to. */
export function operationsOf(api: ApiName, doc: OpenApiDocument): ApiOperation[] {
  const out: ApiOperation[] = [];
  for (const [path, ops] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(ops)) {
      if (!METHODS.includes(method)) continue;
      const tag = op.tags?.[0] ?? (api === "store" ? (path.split("/")[1] ?? "other") : "Studio");
      const [contentType, media] = Object.entries(op.requestBody?.content ?? {})[0] ?? [];
      const ok = Object.entries(op.responses ?? {}).find(([s]) => s.startsWith("2"))?.[1];
      out.push({
        api,
        id: op.operationId ?? `${method} ${path}`,
        method: method.toUpperCase(),
        path,
        server: op.servers?.[0]?.url ?? doc.servers[0]?.url ?? "",
        summary: op.summary ?? "",
        tag,
        parameters: op.parameters ?? [],
        ...(contentType && media ? { body: { contentType, schema: media.schema } } : {}),
        produces: Object.keys(ok?.content ?? {}),
        responses: op.responses,
        auth:
          api === "store"
            ? "store-bearer"
            : api === "editor"
              ? "editor-session"
              : tag === "Console"
                ? "studio-headers"
                : "studio-members",
      });
    }
  return out;
}

/** The fixed choices a schema allows (`enum`, or `anyOf` of `const`s), else undefined. */
export function choicesOf(schema: JsonSchema): string[] | undefined {
  if (schema.enum) return schema.enum.map(String);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants?.every((v) => v.const !== undefined)) return variants.map((v) => String(v.const));
  return undefined;
}

/** The schema's type name for display (`string`, `integer[]`, `object`, `string | null`). */
export function typeOf(schema: JsonSchema): string {
  if (schema.type === "array") return `${schema.items ? typeOf(schema.items) : "any"}[]`;
  if (Array.isArray(schema.type)) return schema.type.join(" | ");
  if (schema.type) return schema.type;
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) {
    if (choicesOf(schema)) return "enum";
    return [...new Set(variants.map(typeOf))].join(" | ");
  }
  if (schema.properties) return "object";
  return "any";
}

/** True for members a single text field can hold (strings, numbers, booleans, choices). */
export function isScalar(schema: JsonSchema): boolean {
  const t = typeOf(schema);
  return ["string", "integer", "number", "boolean", "enum", "string | null", "integer | null"].includes(t);
}
