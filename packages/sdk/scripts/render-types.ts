// Renders JSON Schema (the subset TypeBox emits) as TypeScript type expressions, for the generated SDK types.

export type JsonSchema = Record<string, unknown>;

export interface RenderOptions {
  /** Request scalars of the Studio API are text on the server but numbers and booleans are sent too. */
  looseScalars?: boolean;
  /** Names objects carrying a WCF data contract name (`x-dc`) and collects them here, once each. */
  named?: Map<string, string>;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** A property key as TypeScript accepts it. */
export function propertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

function indent(text: string, by: string): string {
  return text.replace(/\n/g, `\n${by}`);
}

function docOf(schema: JsonSchema): string | undefined {
  const d = schema["description"];
  return typeof d === "string" && d.trim() !== "" ? d.replace(/\*\//g, "*\\/") : undefined;
}

function union(parts: string[]): string {
  const unique = [...new Set(parts)];
  if (unique.includes("unknown")) return "unknown";
  return unique.length === 0 ? "never" : unique.join(" | ");
}

function renderObject(schema: JsonSchema, options: RenderOptions): string {
  const properties = (schema["properties"] ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema["required"] ?? []) as string[]);
  const lines: string[] = [];
  for (const [name, s] of Object.entries(properties)) {
    const doc = docOf(s);
    if (doc !== undefined) lines.push(`/** ${doc} */`);
    lines.push(`${propertyKey(name)}${required.has(name) ? "" : "?"}: ${renderType(s, options)};`);
  }
  const additional = schema["additionalProperties"];
  const patterns = schema["patternProperties"] as Record<string, JsonSchema> | undefined;
  if (patterns !== undefined) {
    lines.push(`[key: string]: ${union(Object.values(patterns).map((p) => renderType(p, options)))};`);
  } else if (additional === true || (additional === undefined && lines.length === 0)) {
    lines.push("[key: string]: unknown;");
  } else if (typeof additional === "object" && additional !== null) {
    lines.push(`[key: string]: ${renderType(additional as JsonSchema, options)};`);
  }
  return lines.length === 0 ? "Record<string, never>" : `{\n  ${indent(lines.join("\n"), "  ")}\n}`;
}

function renderScalar(type: string, options: RenderOptions): string {
  switch (type) {
    case "string":
      return options.looseScalars ? "string | number | boolean" : "string";
    case "integer":
    case "number":
      return "number";
    case "boolean":
      return "boolean";
    case "null":
      return "null";
    case "array":
      return "unknown[]";
    case "object":
      return "Record<string, unknown>";
    default:
      return "unknown";
  }
}

/** The TypeScript type of `schema`. */
export function renderType(schema: JsonSchema, options: RenderOptions = {}): string {
  if ("const" in schema) return JSON.stringify(schema["const"]);
  if (Array.isArray(schema["enum"])) return union(schema["enum"].map((v) => JSON.stringify(v)));
  const anyOf = (schema["anyOf"] ?? schema["oneOf"]) as JsonSchema[] | undefined;
  if (anyOf !== undefined) return union(anyOf.map((s) => wrap(renderType(s, options))));
  if (Array.isArray(schema["allOf"]))
    return (schema["allOf"] as JsonSchema[]).map((s) => wrap(renderType(s, options))).join(" & ");
  const type = schema["type"];
  if (Array.isArray(type)) return union(type.map((t) => renderScalar(String(t), options)));
  if (type === "array") {
    const items = schema["items"] as JsonSchema | undefined;
    return items === undefined ? "unknown[]" : `${wrap(renderType(items, options))}[]`;
  }
  if (type === "object" || schema["properties"] !== undefined) {
    const dc = schema["x-dc"] as { name?: string; namespace?: string } | undefined;
    const body = renderObject(schema, options);
    if (options.named && dc?.name && dc.namespace?.endsWith("Entities")) {
      const existing = options.named.get(dc.name);
      if (existing !== undefined && existing !== body) throw new Error(`two shapes named ${dc.name}`);
      options.named.set(dc.name, body);
      return dc.name;
    }
    return body;
  }
  if (typeof type === "string") return renderScalar(type, options);
  return "unknown";
}

/** True when `t` has a `|` or `&` outside any brackets (a union or intersection that needs parentheses). */
function hasTopLevelOperator(t: string): boolean {
  let depth = 0;
  let quote: string | undefined;
  for (const c of t) {
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
    } else if (c === '"') quote = c;
    else if ("{[(<".includes(c)) depth++;
    else if ("}])>".includes(c)) depth--;
    else if (depth === 0 && (c === "|" || c === "&")) return true;
  }
  return false;
}

function wrap(t: string): string {
  return hasTopLevelOperator(t) ? `(${t})` : t;
}
