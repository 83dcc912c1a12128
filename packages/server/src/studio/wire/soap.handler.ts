// The SOAP handler at `/soap.asmx`: WSDL on `?WSDL`, a short help page on GET, calls on POST (1.1 and 1.2).
import type { FastifyReply, FastifyRequest } from "fastify";
import {
  soapOperations,
  studioContract,
  type SoapOperationName,
  type StudioOperations,
} from "../studio.contract.js";
import type { StudioError } from "../studio-errors.js";
import { namespaces } from "./data-contract.js";
import { callOperation } from "./operation-call.js";
import {
  readSoapCall,
  requestedAction,
  SOAP_CONTENT_TYPE,
  SoapRequestError,
  writeSoapFault,
  writeSoapResult,
} from "./soap-envelope.js";
import { renderWsdl } from "./wsdl.js";

const operationNames = Object.keys(soapOperations) as SoapOperationName[];

function findOperation(name: string): SoapOperationName | undefined {
  const lower = name.toLowerCase();
  return operationNames.find((n) => n.toLowerCase() === lower);
}

/** The absolute URL of this endpoint as the client reached it (what ASMX puts in its WSDL). */
function endpointUrl(request: FastifyRequest): string {
  const path = (request.url.split("?")[0] ?? "/soap.asmx").replace(/[^A-Za-z0-9._~/-]/g, "");
  return `${request.protocol}://${request.host}${path}`;
}

function helpPage(): string {
  const items = operationNames.map((n) => `<li>${n}</li>`).join("");
  return `<!DOCTYPE html><html><head><title>soap</title></head><body><h1>soap</h1><p>Operations (SOAP 1.1 and 1.2, document/literal, namespace ${namespaces.soap}); service description at <a href="?WSDL">?WSDL</a>:</p><ul>${items}</ul></body></html>`;
}

/** GET: the WSDL for `?WSDL` (any case), else a help page listing the operations. */
export function handleSoapGet(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const query = Object.keys((request.query ?? {}) as Record<string, unknown>).map((k) => k.toLowerCase());
  if (query.includes("wsdl")) {
    return reply.type("text/xml; charset=utf-8").send(renderWsdl(endpointUrl(request)));
  }
  return reply.type("text/html; charset=utf-8").send(helpPage());
}

/** POST: one SOAP call. Application errors and returned non-NoError codes answer as faults. */
export async function handleSoapPost(
  operations: StudioOperations,
  publicUrl: string,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const raw = request.body;
  const text = Buffer.isBuffer(raw) ? raw.toString("utf8").replace(/^\uFEFF/, "") : "";
  if (text.trim() === "") throw new SoapRequestError("The request has no SOAP envelope.");
  const call = readSoapCall(text);
  const name = findOperation(call.operation);
  if (name === undefined) {
    throw new SoapRequestError(`Server did not recognize the operation ${call.operation}.`);
  }
  const action = requestedAction(
    typeof request.headers["soapaction"] === "string" ? request.headers["soapaction"] : undefined,
    request.headers["content-type"],
  );
  if (action !== "" && action.toLowerCase() !== `${namespaces.soap}${name}`.toLowerCase()) {
    throw new SoapRequestError(`Server did not recognize the value of SOAPAction: ${action}.`);
  }
  const descriptor = soapOperations[name];
  // Only the operation's declared parameters count (matched ignoring case), as in its WSDL.
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(call.params)) {
    const declared = (descriptor.params as readonly string[]).find(
      (p) => p.toLowerCase() === key.toLowerCase(),
    );
    if (declared !== undefined) params[declared] = value;
  }
  const shaped = await callOperation(
    operations,
    { operation: descriptor.operation, sources: [params], transport: "soap", method: name },
    request,
    publicUrl,
  );
  const errorCode = shaped["ErrorCode"];
  if (errorCode !== "NoError") {
    const fault = writeSoapFault(
      call.version,
      errorCode as StudioError["errorCode"],
      String(shaped["Message"]),
    );
    return reply.status(fault.status).type(SOAP_CONTENT_TYPE[call.version]).send(fault.body);
  }
  const schema = studioContract[descriptor.operation].response;
  return reply
    .type(SOAP_CONTENT_TYPE[call.version])
    .send(writeSoapResult(call.version, name, schema, shaped));
}
