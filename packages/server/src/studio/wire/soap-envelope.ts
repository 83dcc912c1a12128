// SOAP 1.1 and 1.2 envelopes: reading a call, writing a result or a fault, and the SOAP error encoder.
import type { TSchema } from "@sinclair/typebox";
import { AppError } from "../../core/errors/index.js";
import type { ErrorEncoder } from "../../core/http/index.js";
import type { StudioErrorCode } from "../studio-errors.js";
import { namespaces } from "./data-contract.js";
import { toStudioFailure } from "./studio-failure.js";
import { childOf, readXml, XmlRejectedError, type XmlElement } from "./xml-reader.js";
import { escapeXmlText, writeDataContractElement } from "./xml-writer.js";

export type SoapVersion = "1.1" | "1.2";

const ENVELOPE_NS: Record<SoapVersion, string> = {
  "1.1": "http://schemas.xmlsoap.org/soap/envelope/",
  "1.2": "http://www.w3.org/2003/05/soap-envelope",
};

export const SOAP_CONTENT_TYPE: Record<SoapVersion, string> = {
  "1.1": "text/xml; charset=utf-8",
  "1.2": "application/soap+xml; charset=utf-8",
};

/** A SOAP call: the operation element's local name and its parameters as text. */
export interface SoapCall {
  readonly version: SoapVersion;
  readonly operation: string;
  readonly params: Record<string, string>;
}

/** A malformed SOAP request: answered with a Client/Sender fault. */
export class SoapRequestError extends AppError {
  constructor(message: string) {
    super("bad_request", message);
    this.name = "SoapRequestError";
  }
}

/** The SOAP version a content type asks for (1.1 unless it is `application/soap+xml`). */
export function versionOfContentType(contentType: string | undefined): SoapVersion {
  return contentType?.toLowerCase().includes("application/soap+xml") === true ? "1.2" : "1.1";
}

/** The action named by the `SOAPAction` header (1.1) or the content type's `action` parameter (1.2). */
export function requestedAction(soapAction: string | undefined, contentType: string | undefined): string {
  const fromType = /;\s*action\s*=\s*"?([^";]*)"?/i.exec(contentType ?? "")?.[1];
  return (soapAction ?? fromType ?? "").trim().replace(/^"|"$/g, "");
}

/** Reads a SOAP envelope (any version, by its namespace). Throws SoapRequestError. */
export function readSoapCall(text: string): SoapCall {
  let envelope: XmlElement;
  try {
    envelope = readXml(text);
  } catch (e) {
    if (e instanceof XmlRejectedError) throw new SoapRequestError(e.message);
    throw e;
  }
  const version = (Object.keys(ENVELOPE_NS) as SoapVersion[]).find(
    (v) => ENVELOPE_NS[v] === envelope.namespace,
  );
  if (envelope.name !== "Envelope" || version === undefined) {
    throw new SoapRequestError("The request is not a SOAP 1.1 or 1.2 envelope.");
  }
  const body = childOf(envelope, "Body", envelope.namespace);
  const call = body?.children[0];
  if (call === undefined) throw new SoapRequestError("The SOAP Body holds no operation.");
  const params: Record<string, string> = {};
  for (const param of call.children) {
    if (param.attributes.get(`{${namespaces.instance}}nil`) === "true") continue;
    params[param.name] = param.text;
  }
  return { version, operation: call.name, params };
}

function envelope(version: SoapVersion, body: string): string {
  return (
    `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${ENVELOPE_NS[version]}" ` +
    `xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">` +
    `<soap:Body>${body}</soap:Body></soap:Envelope>`
  );
}

/** `<OpResponse xmlns="http://removethebackground.com/"><OpResult>…</OpResult></OpResponse>` in an envelope. */
export function writeSoapResult(
  version: SoapVersion,
  operation: string,
  schema: TSchema,
  shaped: Record<string, unknown>,
): string {
  const result = writeDataContractElement(`${operation}Result`, schema, shaped);
  return envelope(
    version,
    `<${operation}Response xmlns="${namespaces.soap}">${result}</${operation}Response>`,
  );
}

/** A fault: Client/Sender unless `errorCode` is InternalError; the ErrorCode travels in the detail. */
export function writeSoapFault(
  version: SoapVersion,
  errorCode: StudioErrorCode,
  message: string,
): { status: number; body: string } {
  const sender = errorCode !== "InternalError";
  const text = escapeXmlText(message);
  const detail = `<ErrorCode xmlns="${namespaces.soap}">${errorCode}</ErrorCode>`;
  if (version === "1.1") {
    const code = sender ? "soap:Client" : "soap:Server";
    return {
      status: 500,
      body: envelope(
        version,
        `<soap:Fault><faultcode>${code}</faultcode><faultstring>${text}</faultstring><detail>${detail}</detail></soap:Fault>`,
      ),
    };
  }
  const code = sender ? "soap:Sender" : "soap:Receiver";
  return {
    status: sender ? 400 : 500,
    body: envelope(
      version,
      `<soap:Fault><soap:Code><soap:Value>${code}</soap:Value></soap:Code><soap:Reason><soap:Text xml:lang="en">${text}</soap:Text></soap:Reason><soap:Detail>${detail}</soap:Detail></soap:Fault>`,
    ),
  };
}

/** The SOAP error boundary (`/soap.asmx`): every error is a fault in the request's SOAP version. */
export const encodeSoapError: ErrorEncoder = (error, request, reply) => {
  const failure = toStudioFailure(error);
  const version = versionOfContentType(request.headers["content-type"]);
  // Fastify's own 404 for wrong verbs and the like keep their status; faults use SOAP's.
  const fault = writeSoapFault(version, failure.errorCode, failure.message);
  const status =
    failure.status === 404 || failure.status === 405 || failure.status === 413
      ? failure.status
      : fault.status;
  return reply.status(status).type(SOAP_CONTENT_TYPE[version]).send(fault.body);
};
