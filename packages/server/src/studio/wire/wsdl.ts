// The SOAP service description (`/soap.asmx?WSDL`), derived from the contract's SOAP operations and types.
//
// ASMX layout: service `soap`, port types/bindings `soapSoap` (SOAP 1.1) and `soapSoap12`, document/literal,
// SOAPAction `http://removethebackground.com/<Op>`, wrapper elements `<Op>` with `xs:string` parameters and
// `<OpResponse><OpResult>` typed with the DataContract response types of the embedded data schemas.
import { soapOperations, studioContract } from "../studio.contract.js";
import { dataContractOf, namespaces } from "./data-contract.js";
import { dataSchemas, prefixes, schemaFileName } from "./xsd.js";

const WSDL_NS = "http://schemas.xmlsoap.org/wsdl/";
const WSDL_SOAP11 = "http://schemas.xmlsoap.org/wsdl/soap/";
const WSDL_SOAP12 = "http://schemas.xmlsoap.org/wsdl/soap12/";
const XS = "http://www.w3.org/2001/XMLSchema";
const LOCATION = "{{location}}";

const declarations = Object.entries(prefixes)
  .filter(([uri]) => uri !== namespaces.soap)
  .map(([uri, prefix]) => ` xmlns:${prefix}="${uri}"`)
  .join("");

/**
 * The schema of the SOAP wrapper elements (`<Op>`, `<OpResponse>`) in the service namespace. With
 * `schemaLocations`, its imports name the data schema files (for validators that load files).
 */
export function operationSchema(options: { schemaLocations?: boolean } = {}): string {
  const elements = Object.entries(soapOperations).map(([name, soap]) => {
    const params = soap.params
      .map((p) => `<xs:element minOccurs="0" maxOccurs="1" name="${p}" type="xs:string"/>`)
      .join("");
    const info = dataContractOf(studioContract[soap.operation].response);
    const result = `${prefixes[info?.namespace ?? namespaces.response] ?? "r"}:${info?.name ?? "Response"}`;
    return (
      `<xs:element name="${name}"><xs:complexType><xs:sequence>${params}</xs:sequence></xs:complexType></xs:element>` +
      `<xs:element name="${name}Response"><xs:complexType><xs:sequence><xs:element minOccurs="0" maxOccurs="1" name="${name}Result" type="${result}"/></xs:sequence></xs:complexType></xs:element>`
    );
  });
  const imports = [namespaces.response, namespaces.entities]
    .map((ns) =>
      options.schemaLocations === true
        ? `<xs:import namespace="${ns}" schemaLocation="${schemaFileName(ns)}"/>`
        : `<xs:import namespace="${ns}"/>`,
    )
    .join("");
  return `<xs:schema xmlns:xs="${XS}" xmlns:tns="${namespaces.soap}"${declarations} elementFormDefault="qualified" targetNamespace="${namespaces.soap}">${imports}${elements.join("")}</xs:schema>`;
}

function binding(name: string, prefix: "soap" | "soap12"): string {
  const operations = Object.keys(soapOperations)
    .map(
      (op) =>
        `<wsdl:operation name="${op}"><${prefix}:operation soapAction="${namespaces.soap}${op}" style="document"/>` +
        `<wsdl:input><${prefix}:body use="literal"/></wsdl:input><wsdl:output><${prefix}:body use="literal"/></wsdl:output></wsdl:operation>`,
    )
    .join("");
  return `<wsdl:binding name="${name}" type="tns:soapSoap"><${prefix}:binding transport="http://schemas.xmlsoap.org/soap/http"/>${operations}</wsdl:binding>`;
}

function buildTemplate(): string {
  const names = Object.keys(soapOperations);
  const messages = names
    .map(
      (op) =>
        `<wsdl:message name="${op}SoapIn"><wsdl:part name="parameters" element="tns:${op}"/></wsdl:message>` +
        `<wsdl:message name="${op}SoapOut"><wsdl:part name="parameters" element="tns:${op}Response"/></wsdl:message>`,
    )
    .join("");
  const portOperations = names
    .map(
      (op) =>
        `<wsdl:operation name="${op}"><wsdl:input message="tns:${op}SoapIn"/><wsdl:output message="tns:${op}SoapOut"/></wsdl:operation>`,
    )
    .join("");
  const schemas = [operationSchema(), ...dataSchemas().map((s) => s.xml)].join("");
  return (
    `<?xml version="1.0" encoding="utf-8"?>` +
    `<wsdl:definitions xmlns:wsdl="${WSDL_NS}" xmlns:soap="${WSDL_SOAP11}" xmlns:soap12="${WSDL_SOAP12}" xmlns:xs="${XS}" xmlns:tns="${namespaces.soap}" targetNamespace="${namespaces.soap}">` +
    `<wsdl:types>${schemas}</wsdl:types>${messages}` +
    `<wsdl:portType name="soapSoap">${portOperations}</wsdl:portType>` +
    binding("soapSoap", "soap") +
    binding("soapSoap12", "soap12") +
    `<wsdl:service name="soap">` +
    `<wsdl:port name="soapSoap" binding="tns:soapSoap"><soap:address location="${LOCATION}"/></wsdl:port>` +
    `<wsdl:port name="soapSoap12" binding="tns:soapSoap12"><soap12:address location="${LOCATION}"/></wsdl:port>` +
    `</wsdl:service></wsdl:definitions>`
  );
}

let template: string | undefined;

/** The WSDL with both ports at `location` (the absolute URL of `/soap.asmx`). */
export function renderWsdl(location: string): string {
  template ??= buildTemplate();
  const escaped = location.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  return template.split(LOCATION).join(escaped);
}
