// REST encodings of a response (JSON and WCF XML) and the REST error encoder built on them.
import type { TSchema } from "@sinclair/typebox";
import type { ErrorEncoder } from "../../core/http/index.js";
import { studioContract } from "../studio.contract.js";
import { BaseResponse } from "../studio-responses.schema.js";
import { matchRestRoute, splitRestPath, type RestFormat } from "./rest-router.js";
import { shapeResponse } from "./response-shape.js";
import { toStudioFailure } from "./studio-failure.js";
import { writeDataContractXml } from "./xml-writer.js";

export const JSON_TYPE = "application/json; charset=utf-8";
export const XML_TYPE = "application/xml; charset=utf-8";

/** The body and content type of `shaped` (a value shaped by `schema`) in `format`. */
export function encodeRest(
  format: RestFormat,
  schema: TSchema,
  shaped: Record<string, unknown>,
): { contentType: string; body: string } {
  if (format === "json") return { contentType: JSON_TYPE, body: JSON.stringify(shaped) };
  return { contentType: XML_TYPE, body: writeDataContractXml(schema, shaped) };
}

/** The format and the response type a REST URL answers with (`Response` when the method is unknown). */
export function restTarget(method: string, url: string): { format: RestFormat; schema: TSchema } {
  const path = url.split("?")[0] ?? "";
  const at = path.toLowerCase().indexOf(".svc/");
  let rest = at < 0 ? "" : path.slice(at + 5);
  try {
    rest = decodeURIComponent(rest);
  } catch {
    // Keep the raw text: an undecodable path still gets an answer in the right format.
  }
  const { format, segments } = splitRestPath(rest);
  const match = matchRestRoute(method, segments);
  const schema = match.kind === "operation" ? studioContract[match.operation].response : BaseResponse;
  return { format, schema };
}

/**
 * The Studio REST error boundary (`/REST.svc/`): the method's own response type with `ErrorCode` and
 * `Message` set and every other member at its default, in the URL's format, with the failure's status.
 */
export const encodeRestError: ErrorEncoder = (error, request, reply) => {
  const failure = toStudioFailure(error);
  const { format, schema } = restTarget(request.method, request.url);
  const shaped = shapeResponse(schema, { ErrorCode: failure.errorCode, Message: failure.message });
  const { contentType, body } = encodeRest(format, schema, shaped);
  return reply.status(failure.status).type(contentType).send(body);
};
