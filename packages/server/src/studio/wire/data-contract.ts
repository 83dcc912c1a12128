// TypeBox builders that annotate Studio schemas with what WCF DataContract XML and the WSDL need.
import { Kind, Type, type TProperties, type TSchema } from "@sinclair/typebox";

/** The XML namespaces WCF puts Pixelz types in (the response one is the captured Pixelz value). */
export const namespaces = {
  response: "http://schemas.datacontract.org/2004/07/Removethebackground.Core.Entities.Response",
  entities: "http://schemas.datacontract.org/2004/07/Removethebackground.Core.Entities",
  arrays: "http://schemas.microsoft.com/2003/10/Serialization/Arrays",
  instance: "http://www.w3.org/2001/XMLSchema-instance",
  soap: "http://removethebackground.com/",
} as const;

/** A DataContract type's XML name and namespace; `base` names the members serialized before its own. */
export interface DataContractInfo {
  name: string;
  namespace: string;
  /** Members of the base type, in order (WCF writes base members first, then its own alphabetically). */
  baseMembers?: readonly string[];
  /** The base type's name (same namespace), for the XSD's complexContent extension. */
  baseName?: string;
}

/** XSD simple types our scalars map to (default: string, int, boolean by TypeBox kind). */
export type XsdScalar = "string" | "int" | "long" | "decimal" | "boolean" | "guid";

export const DC = "x-dc";
export const XSD = "x-xsd";

/** A DataContract object: members in any order here; the codecs order them as WCF does. */
export function DataContract<P extends TProperties>(info: DataContractInfo, properties: P) {
  return Type.Object(properties, { [DC]: info, additionalProperties: false });
}

/** A GUID (`00000000-0000-0000-0000-000000000000` when there is none). */
export const Guid = () => Type.String({ [XSD]: "guid" satisfies XsdScalar });

/** A .NET decimal (money): a JSON number, `xs:decimal` in XML. */
export const Decimal = () => Type.Number({ [XSD]: "decimal" satisfies XsdScalar });

/** A 32-bit integer. */
export const Int = () => Type.Integer({ [XSD]: "int" satisfies XsdScalar });

/** `T` or null: `i:nil="true"` in XML, `null` in JSON (WCF strings and objects are nillable). */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** The DataContract info of a schema, if it is a DataContract object. */
export function dataContractOf(schema: TSchema): DataContractInfo | undefined {
  return (schema as { [DC]?: DataContractInfo })[DC];
}

/** The schema's kind with nullability peeled off. */
export function unwrapNullable(schema: TSchema): { schema: TSchema; nullable: boolean } {
  if (kindOf(schema) !== "Union") return { schema, nullable: false };
  const variants = (schema as unknown as { anyOf: TSchema[] }).anyOf;
  const others = variants.filter((v) => kindOf(v) !== "Null");
  if (others.length !== 1 || others.length === variants.length) return { schema, nullable: false };
  return { schema: others[0] ?? schema, nullable: true };
}

export function kindOf(schema: TSchema): string {
  return (schema as { [Kind]?: string })[Kind] ?? "";
}

/** The XSD type of a scalar schema. */
export function xsdScalarOf(schema: TSchema): XsdScalar {
  const explicit = (schema as { [XSD]?: XsdScalar })[XSD];
  if (explicit !== undefined) return explicit;
  switch (kindOf(schema)) {
    case "Integer":
      return "int";
    case "Number":
      return "decimal";
    case "Boolean":
      return "boolean";
    default:
      return "string";
  }
}

/**
 * Member names in WCF serialization order: the base type's members first, then the type's own sorted
 * ordinally (WCF's default for members without an explicit Order).
 */
export function memberOrder(schema: TSchema): string[] {
  const info = dataContractOf(schema);
  const names = Object.keys((schema as { properties?: TProperties }).properties ?? {});
  const base = info?.baseMembers ?? [];
  const own = names.filter((n) => !base.includes(n)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return [...base.filter((n) => names.includes(n)), ...own];
}
