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

/** Writes one element `qname` holding `value` of type `schema`. */
function writeElement(out: string[], qname: string, schema: TSchema, value: unknown, scope: Scope): void {
  if (value === null || value === undefined) {
    out.push(`<${qname} i:nil="true"/>`);
    return;
  }
  const inner = unwrapNullable(schema).schema;
  const kind = kindOf(inner);
  if (kind === "Object") {
    const info = dataContractOf(inner);
    const ns = resolvePrefix(scope, info?.namespace ?? namespaces.entities);
    out.push(`<${qname}${ns.declaration}>`);
    writeMembers(out, inner, value as Record<string, unknown>, ns.prefix, ns.scope);
    out.push(`</${qname}>`);
    return;
  }
  if (kind === "Array") {
    const items = (inner as unknown as { items: TSchema }).items;
    const item = listItemName(items);
    const ns = resolvePrefix(scope, item.namespace);
    const list = value as unknown[];
    if (list.length === 0) {
      out.push(`<${qname}${ns.declaration}/>`);
      return;
    }
    out.push(`<${qname}${ns.declaration}>`);
    const itemName = qualify(ns.prefix, item.name);
    for (const entry of list) writeElement(out, itemName, items, entry, ns.scope);
    out.push(`</${qname}>`);
    return;
  }
  const text = scalarText(inner, value);
  out.push(text === "" ? `<${qname}/>` : `<${qname}>${text}</${qname}>`);
}

/** Writes the members of a DataContract object in WCF order, each as `prefix:Member`. */
export function writeMembers(
  out: string[],
  schema: TSchema,
  value: Record<string, unknown>,
  prefix: string,
  scope: Scope,
): void {
  const properties = (schema as unknown as { properties: Record<string, TSchema> }).properties;
  for (const name of memberOrder(schema)) {
    writeElement(out, qualify(prefix, name), properties[name] as TSchema, value[name], scope);
  }
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
