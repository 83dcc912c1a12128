// XML Schemas of every Studio response type, derived from the contract as WCF would publish them.
//
// One schema per namespace (Response, Entities, Arrays, Serialization): complex types with members in WCF
// order, `ArrayOf…` list types in the item's namespace, `minOccurs="0"` on every member and `nillable` on
// reference types, responses extending `Response` {ErrorCode, Message}, and a global element per response
// type so a REST XML document validates on its own. The WSDL embeds them; tests validate against them.
import type { TSchema } from "@sinclair/typebox";
import { studioContract } from "../studio.contract.js";
import { studioErrorCodes } from "../studio-errors.js";
import { BaseResponse } from "../studio-responses.schema.js";
import {
  dataContractOf,
  kindOf,
  memberOrder,
  namespaces,
  unwrapNullable,
  xsdScalarOf,
  type DataContractInfo,
} from "./data-contract.js";

export const SERIALIZATION_NS = "http://schemas.microsoft.com/2003/10/Serialization/";
const XS = "http://www.w3.org/2001/XMLSchema";

/** The prefix every generated document uses for each namespace. */
export const prefixes: Record<string, string> = {
  [namespaces.response]: "r",
  [namespaces.entities]: "e",
  [namespaces.arrays]: "arr",
  [SERIALIZATION_NS]: "ser",
  [namespaces.soap]: "tns",
};

const declarations = Object.entries(prefixes)
  .map(([uri, prefix]) => ` xmlns:${prefix}="${uri}"`)
  .join("");

interface Collected {
  /** Complex type definitions by namespace, by type name (first definition wins). */
  readonly types: Map<string, Map<string, string>>;
  /** Global elements by namespace. */
  readonly elements: Map<string, string[]>;
}

function add(collected: Collected, namespace: string, name: string, xml: () => string): void {
  let byName = collected.types.get(namespace);
  if (byName === undefined) {
    byName = new Map();
    collected.types.set(namespace, byName);
  }
  if (byName.has(name)) return;
  byName.set(name, ""); // reserve first: recursive types terminate
  byName.set(name, xml());
}

function qname(namespace: string, name: string): string {
  return `${prefixes[namespace] ?? "tns"}:${name}`;
}

/** The XSD type reference of a member schema (registering object and list types as it goes). */
function typeRef(collected: Collected, schema: TSchema): { type: string; nillable: boolean } {
  const { schema: inner, nullable } = unwrapNullable(schema);
  const kind = kindOf(inner);
  if (kind === "Object") {
    const info = dataContractOf(inner) as DataContractInfo;
    collectType(collected, inner);
    return { type: qname(info.namespace, info.name), nillable: true };
  }
  if (kind === "Array") {
    const items = (inner as unknown as { items: TSchema }).items;
    const itemInfo = dataContractOf(unwrapNullable(items).schema);
    const itemName = itemInfo?.name ?? xsdScalarOf(items);
    const namespace = itemInfo?.namespace ?? namespaces.arrays;
    const item = typeRef(collected, items);
    add(
      collected,
      namespace,
      `ArrayOf${itemName}`,
      () =>
        `<xs:complexType name="ArrayOf${itemName}"><xs:sequence><xs:element minOccurs="0" maxOccurs="unbounded" name="${itemName}"${item.nillable ? ' nillable="true"' : ""} type="${item.type}"/></xs:sequence></xs:complexType>`,
    );
    return { type: qname(namespace, `ArrayOf${itemName}`), nillable: true };
  }
  if (kind === "Union") return { type: qname(namespaces.response, "ErrorCode"), nillable: false };
  const scalar = xsdScalarOf(inner);
  if (scalar === "guid") return { type: "ser:guid", nillable: nullable };
  return { type: `xs:${scalar}`, nillable: nullable || scalar === "string" };
}

function collectType(collected: Collected, schema: TSchema): void {
  const info = dataContractOf(schema) as DataContractInfo;
  add(collected, info.namespace, info.name, () => {
    const properties = (schema as unknown as { properties: Record<string, TSchema> }).properties;
    const base = info.baseName === undefined ? [] : (info.baseMembers ?? []);
    const members = memberOrder(schema)
      .filter((name) => !base.includes(name))
      .map((name) => {
        const ref = typeRef(collected, properties[name] as TSchema);
        return `<xs:element minOccurs="0" name="${name}"${ref.nillable ? ' nillable="true"' : ""} type="${ref.type}"/>`;
      })
      .join("");
    const sequence = members === "" ? "<xs:sequence/>" : `<xs:sequence>${members}</xs:sequence>`;
    if (info.baseName === undefined)
      return `<xs:complexType name="${info.name}">${sequence}</xs:complexType>`;
    return `<xs:complexType name="${info.name}"><xs:complexContent mixed="false"><xs:extension base="${qname(info.namespace, info.baseName)}">${sequence}</xs:extension></xs:complexContent></xs:complexType>`;
  });
  let list = collected.elements.get(info.namespace);
  if (list === undefined) {
    list = [];
    collected.elements.set(info.namespace, list);
  }
  const element = `<xs:element name="${info.name}" nillable="true" type="${qname(info.namespace, info.name)}"/>`;
  if (!list.includes(element)) list.push(element);
}

function collectAll(): Collected {
  const collected: Collected = { types: new Map(), elements: new Map() };
  collectType(collected, BaseResponse);
  for (const descriptor of Object.values(studioContract)) collectType(collected, descriptor.response);
  const errorCodes = studioErrorCodes.map((c) => `<xs:enumeration value="${c}"/>`).join("");
  add(
    collected,
    namespaces.response,
    "ErrorCode",
    () =>
      `<xs:simpleType name="ErrorCode"><xs:restriction base="xs:string">${errorCodes}</xs:restriction></xs:simpleType>`,
  );
  add(
    collected,
    SERIALIZATION_NS,
    "guid",
    () =>
      '<xs:simpleType name="guid"><xs:restriction base="xs:string"><xs:pattern value="[\\da-fA-F]{8}-[\\da-fA-F]{4}-[\\da-fA-F]{4}-[\\da-fA-F]{4}-[\\da-fA-F]{12}"/></xs:restriction></xs:simpleType>',
  );
  return collected;
}

export interface SchemaDocument {
  readonly namespace: string;
  /** A file name for tools that load schemas from files (`studio-<prefix>.xsd`). */
  readonly fileName: string;
  readonly xml: string;
}

/** File name of the schema for `namespace`. */
export function schemaFileName(namespace: string): string {
  return `studio-${prefixes[namespace] ?? "tns"}.xsd`;
}

/**
 * The `xs:schema` documents for the data types. With `schemaLocations`, imports name the other files
 * (for validators that load files); inside a WSDL they are resolved by namespace.
 */
export function dataSchemas(options: { schemaLocations?: boolean } = {}): SchemaDocument[] {
  const collected = collectAll();
  const all = [...collected.types.keys()];
  return all.map((namespace) => {
    const imports = all
      .filter((other) => other !== namespace)
      .map((other) =>
        options.schemaLocations === true
          ? `<xs:import namespace="${other}" schemaLocation="${schemaFileName(other)}"/>`
          : `<xs:import namespace="${other}"/>`,
      )
      .join("");
    const types = [...(collected.types.get(namespace)?.values() ?? [])].join("");
    const elements = (collected.elements.get(namespace) ?? []).join("");
    const xml = `<xs:schema xmlns:xs="${XS}"${declarations} elementFormDefault="qualified" targetNamespace="${namespace}">${imports}${types}${elements}</xs:schema>`;
    return { namespace, fileName: schemaFileName(namespace), xml };
  });
}
