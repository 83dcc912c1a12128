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

/** Text content, escaped; characters XML cannot carry are dropped. */
export function escapeXmlText(text: string): string {
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

/** Writes one element `qname` holding a value of the writer's type. */
type ElementWriter = (out: string[], qname: string, value: unknown, scope: Scope) => void;
/** Writes a DataContract object's members, each as `prefix:Member`. */
type MembersWriter = (out: string[], value: Record<string, unknown>, prefix: string, scope: Scope) => void;

// Writers are compiled once per schema: the status call is the hot path (see bench/studio.bench.ts).
const elementWriters = new WeakMap<TSchema, ElementWriter>();
const membersWriters = new WeakMap<TSchema, MembersWriter>();

function nil(out: string[], qname: string): void {
  out.push(`<${qname} i:nil="true"/>`);
}

function buildElementWriter(schema: TSchema): ElementWriter {
  const inner = unwrapNullable(schema).schema;
  const kind = kindOf(inner);
  if (kind === "Object") {
    const namespace = dataContractOf(inner)?.namespace ?? namespaces.entities;
    const members = membersWriterOf(inner);
    return (out, qname, value, scope) => {
      if (value === null || value === undefined) return nil(out, qname);
      const ns = resolvePrefix(scope, namespace);
      out.push(`<${qname}${ns.declaration}>`);
      members(out, value as Record<string, unknown>, ns.prefix, ns.scope);
      out.push(`</${qname}>`);
    };
  }
  if (kind === "Array") {
    const items = (inner as unknown as { items: TSchema }).items;
    const item = listItemName(items);
    const writeItem = elementWriterOf(items);
    return (out, qname, value, scope) => {
      if (value === null || value === undefined) return nil(out, qname);
      const ns = resolvePrefix(scope, item.namespace);
      const list = value as unknown[];
      if (list.length === 0) {
        out.push(`<${qname}${ns.declaration}/>`);
        return;
      }
      out.push(`<${qname}${ns.declaration}>`);
      const itemName = qualify(ns.prefix, item.name);
      for (const entry of list) writeItem(out, itemName, entry, ns.scope);
      out.push(`</${qname}>`);
    };
  }
  return (out, qname, value) => {
    if (value === null || value === undefined) return nil(out, qname);
    const text = scalarText(inner, value);
    out.push(text === "" ? `<${qname}/>` : `<${qname}>${text}</${qname}>`);
  };
}

function elementWriterOf(schema: TSchema): ElementWriter {
  let writer = elementWriters.get(schema);
  if (writer === undefined) {
    writer = buildElementWriter(schema);
    elementWriters.set(schema, writer);
  }
  return writer;
}

function membersWriterOf(schema: TSchema): MembersWriter {
  let writer = membersWriters.get(schema);
  if (writer === undefined) {
    const properties = (schema as unknown as { properties: Record<string, TSchema> }).properties;
    const members = memberOrder(schema).map((name) => ({
      name,
      write: elementWriterOf(properties[name] as TSchema),
      qualified: new Map<string, string>(),
    }));
    writer = (out, value, prefix, scope) => {
      for (const m of members) {
        let qname = m.qualified.get(prefix);
        if (qname === undefined) {
          qname = qualify(prefix, m.name);
          m.qualified.set(prefix, qname);
        }
        m.write(out, qname, value[m.name], scope);
      }
    };
    membersWriters.set(schema, writer);
  }
  return writer;
}

/** Writes the members of a DataContract object in WCF order, each as `prefix:Member`. */
export function writeMembers(
  out: string[],
  schema: TSchema,
  value: Record<string, unknown>,
  prefix: string,
  scope: Scope,
): void {
  membersWriterOf(schema)(out, value, prefix, scope);
}

/** A whole REST XML document: `<TypeName xmlns="its namespace" xmlns:i="…">members</TypeName>`. */
export function writeDataContractXml(schema: TSchema, value: Record<string, unknown>): string {
  const info = dataContractOf(schema);
  if (info === undefined) throw new Error("writeDataContractXml needs a DataContract schema");
  const out: string[] = [`<${info.name} xmlns="${info.namespace}" xmlns:i="${namespaces.instance}">`];
  const scope: Scope = new Map([
    [info.namespace, ""],
    [namespaces.instance, "i"],
  ]);
  writeMembers(out, schema, value, "", scope);
  out.push(`</${info.name}>`);
  return out.join("");
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
  const info = dataContractOf(schema);
  if (info === undefined) throw new Error("writeDataContractElement needs a DataContract schema");
  const out: string[] = [`<${name} xmlns:a="${info.namespace}" xmlns:i="${namespaces.instance}">`];
  const scope: Scope = new Map([
    [info.namespace, "a"],
    [namespaces.instance, "i"],
  ]);
  writeMembers(out, schema, value, "a", scope);
  out.push(`</${name}>`);
  return out.join("");
}
