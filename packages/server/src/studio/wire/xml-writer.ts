// Writes a shaped response as WCF DataContract XML (the captured Pixelz form) for REST XML and SOAP.
//
// As DataContractSerializer does: the root is the type's name with its namespace as the default, `i` is
// the XMLSchema-instance prefix, null is `i:nil="true"`, booleans are lowercase, a member whose type lives
// in another namespace declares it on the member (`xmlns:a=…`) and its members use that prefix, list items
// are named after their type (`<a:ImageStatus>`, `<b:string>` in the Arrays namespace).
import type { TSchema } from "@sinclair/typebox";
import {
  dataContractOf,
  kindOf,
  memberOrder,
  namespaces,
  unwrapNullable,
  xsdScalarOf,
} from "./data-contract.js";

/** Namespaces in scope: URI → prefix ("" = the default namespace). */
type Scope = ReadonlyMap<string, string>;

// Characters XML 1.0 cannot carry at all (a DataContractSerializer would throw on them): dropped.
const INVALID_XML_CHARS =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point.
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#xD;" };

// Anything escapeXmlText would change: text without it (nearly all of it) is returned as it is.
const NEEDS_ESCAPING =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point.
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF&<>\r]/;

/** Text content, escaped; characters XML cannot carry are dropped. */
export function escapeXmlText(text: string): string {
  if (!NEEDS_ESCAPING.test(text)) return text;
  return text.replace(INVALID_XML_CHARS, "").replace(/[&<>\r]/g, (c) => ESCAPES[c] ?? c);
}

function scalarText(schema: TSchema, value: unknown): string {
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number")
    return xsdScalarOf(schema) === "decimal" ? decimalText(value) : String(value);
  return escapeXmlText(typeof value === "string" ? value : String(value));
}

/** A decimal in xs:decimal form (never exponent notation). */
function decimalText(n: number): string {
  const text = String(n);
  return /e/i.test(text) ? n.toFixed(20).replace(/\.?0+$/, "") : text;
}

/** The prefix for `namespace` in `scope`, declaring it (next letter) when it is not yet in scope. */
function resolvePrefix(
  scope: Scope,
  namespace: string,
): { prefix: string; scope: Scope; declaration: string } {
  const known = scope.get(namespace);
  if (known !== undefined) return { prefix: known, scope, declaration: "" };
  const used = [...scope.values()].filter((p) => p !== "" && p !== "i").length;
  const prefix = String.fromCharCode(97 + used);
  const next = new Map(scope);
  next.set(namespace, prefix);
  return { prefix, scope: next, declaration: ` xmlns:${prefix}="${namespace}"` };
}

const qualify = (prefix: string, name: string): string => (prefix === "" ? name : `${prefix}:${name}`);

function listItemName(items: TSchema): { name: string; namespace: string } {
  const info = dataContractOf(unwrapNullable(items).schema);
  if (info !== undefined) return { name: info.name, namespace: info.namespace };
  return { name: xsdScalarOf(items), namespace: namespaces.arrays };
}

// Writers are compiled once per document type: where an element sits fixes its name, its prefix and the
// namespaces in scope, so every tag and declaration is a constant string by the time a value is written.
// The status call is the hot path (see bench/studio.bench.ts).

/** Writes one element holding a value of its type (its tags fixed when compiled). */
type ElementWriter = (value: unknown) => string;
/** Writes a DataContract object's members in WCF order. */
type MembersWriter = (value: Record<string, unknown>) => string;

function compileElement(schema: TSchema, qname: string, scope: Scope): ElementWriter {
  const inner = unwrapNullable(schema).schema;
  const kind = kindOf(inner);
  const nil = `<${qname} i:nil="true"/>`;
  const close = `</${qname}>`;
  if (kind === "Object") {
    const ns = resolvePrefix(scope, dataContractOf(inner)?.namespace ?? namespaces.entities);
    const open = `<${qname}${ns.declaration}>`;
    const members = compileMembers(inner, ns.prefix, ns.scope);
    return (value) => (value == null ? nil : open + members(value as Record<string, unknown>) + close);
  }
  if (kind === "Array") {
    const items = (inner as unknown as { items: TSchema }).items;
    const item = listItemName(items);
    const ns = resolvePrefix(scope, item.namespace);
    const open = `<${qname}${ns.declaration}>`;
    const empty = `<${qname}${ns.declaration}/>`;
    const writeItem = compileElement(items, qualify(ns.prefix, item.name), ns.scope);
    return (value) => {
      if (value == null) return nil;
      const list = value as unknown[];
      if (list.length === 0) return empty;
      let xml = open;
      for (const entry of list) xml += writeItem(entry);
      return xml + close;
    };
  }
  const open = `<${qname}>`;
  const empty = `<${qname}/>`;
  return (value) => {
    if (value == null) return nil;
    const text = scalarText(inner, value);
    return text === "" ? empty : open + text + close;
  };
}

function compileMembers(schema: TSchema, prefix: string, scope: Scope): MembersWriter {
  const properties = (schema as unknown as { properties: Record<string, TSchema> }).properties;
  const members = memberOrder(schema).map((name) => ({
    name,
    write: compileElement(properties[name] as TSchema, qualify(prefix, name), scope),
  }));
  return (value) => {
    let xml = "";
    for (const m of members) xml += m.write(value[m.name]);
    return xml;
  };
}

/** Compiles `<name xmlns…>members</name>` for a DataContract type, its members prefixed `prefix`. */
function compileRoot(schema: TSchema, name: string, prefix: string, caller: string): MembersWriter {
  const info = dataContractOf(schema);
  if (info === undefined) throw new Error(`${caller} needs a DataContract schema`);
  const scope: Scope = new Map([
    [info.namespace, prefix],
    [namespaces.instance, "i"],
  ]);
  const declared = prefix === "" ? "xmlns" : `xmlns:${prefix}`;
  const open = `<${name} ${declared}="${info.namespace}" xmlns:i="${namespaces.instance}">`;
  const close = `</${name}>`;
  const members = compileMembers(schema, prefix, scope);
  return (value) => open + members(value) + close;
}

const documents = new WeakMap<TSchema, MembersWriter>();
const elements = new WeakMap<TSchema, Map<string, MembersWriter>>();

/** A whole REST XML document: `<TypeName xmlns="its namespace" xmlns:i="…">members</TypeName>`. */
export function writeDataContractXml(schema: TSchema, value: Record<string, unknown>): string {
  let write = documents.get(schema);
  if (write === undefined) {
    const name = dataContractOf(schema)?.name ?? "";
    write = compileRoot(schema, name, "", "writeDataContractXml");
    documents.set(schema, write);
  }
  return write(value);
}

/**
 * An element `name` (in the default namespace already in scope) whose content is `value` of the
 * DataContract type `schema`, its members prefixed `a` as WCF's SOAP results are.
 */
export function writeDataContractElement(
  name: string,
  schema: TSchema,
  value: Record<string, unknown>,
): string {
  let byName = elements.get(schema);
  if (byName === undefined) {
    byName = new Map();
    elements.set(schema, byName);
  }
  let write = byName.get(name);
  if (write === undefined) {
    write = compileRoot(schema, name, "a", "writeDataContractElement");
    byName.set(name, write);
  }
  return write(value);
}
