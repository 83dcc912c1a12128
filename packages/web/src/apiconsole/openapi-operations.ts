// Operations read out of an OpenAPI 3.1 document (the Store and Studio APIs publish theirs).
export interface Parameter {
  name: string;
  in: "path" | "query";
  required: boolean;
  description?: string;
  schema?: Record<string, unknown>;
}

export interface Operation {
  id: string;
  method: string;
  path: string;
  summary: string;
  parameters: Parameter[];
  /** The JSON body's schema, when the operation takes one. */
  body: Record<string, unknown> | undefined;
  /** Non-JSON body media types (image uploads). */
  uploadTypes: string[];
  responses: Record<string, unknown>;
}

interface RawOperation {
  operationId?: string;
  summary?: string;
  description?: string;
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Record<string, unknown> }> };
  responses?: Record<string, unknown>;
}

export function operationsOf(doc: unknown): Operation[] {
  const paths = (doc as { paths?: Record<string, Record<string, RawOperation>> }).paths ?? {};
  const out: Operation[] = [];
  for (const [path, methods] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const content = op.requestBody?.content ?? {};
      out.push({
        id: op.operationId ?? `${method} ${path}`,
        method: method.toUpperCase(),
        path,
        summary: op.summary ?? op.description ?? "",
        parameters: op.parameters ?? [],
        body: content["application/json"]?.schema,
        uploadTypes: Object.keys(content).filter((t) => t !== "application/json"),
        responses: op.responses ?? {},
      });
    }
  }
  return out.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

/** A starting body for an operation: each property with an example of its type (required ones first). */
export function exampleBody(schema: Record<string, unknown> | undefined): string {
  if (schema === undefined) return "";
  const props = (schema["properties"] ?? {}) as Record<string, Record<string, unknown>>;
  const required = new Set((schema["required"] ?? []) as string[]);
  const sample = (s: Record<string, unknown>): unknown => {
    const examples = s["examples"];
    if (Array.isArray(examples) && examples.length > 0) return examples[0];
    if (s["const"] !== undefined) return s["const"];
    const anyOf = (s["anyOf"] ?? s["oneOf"]) as Record<string, unknown>[] | undefined;
    if (anyOf?.[0]) return sample(anyOf[0]);
    switch (s["type"]) {
      case "integer":
      case "number":
        return 1;
      case "boolean":
        return true;
      case "array":
        return [];
      case "object":
        return {};
      default:
        return "";
    }
  };
  const keys = Object.keys(props).sort((a, b) => Number(required.has(b)) - Number(required.has(a)));
  return JSON.stringify(
    Object.fromEntries(keys.filter((k) => required.has(k)).map((k) => [k, sample(props[k] ?? {})])),
    null,
    2,
  );
}
