// The REST handler: `/REST.svc/JSON/<Method>` answers JSON, `/REST.svc/<Method>` answers WCF XML.
import type { FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../../core/errors/index.js";
import type { StudioOperations } from "../studio.contract.js";
import { studioContract } from "../studio.contract.js";
import { parseLenientJson } from "./lenient-json.js";
import { callOperation } from "./operation-call.js";
import { encodeRest } from "./rest-codec.js";
import type { ResponseCache } from "./response-cache.js";
import { matchRestRoute, splitRestPath } from "./rest-router.js";

/**
 * A body as the Pixelz REST clients send it: JSON (whatever the content type says, charset or not; a
 * missing comma between members on separate lines repaired, as in a seed example), or a form. Empty
 * means no members. Anything else is a 400 in the API's format.
 */
export function readRestBody(request: FastifyRequest): Record<string, unknown> {
  const raw = request.body;
  if (!Buffer.isBuffer(raw) || raw.length === 0) return {};
  const text = raw.toString("utf8").replace(/^\uFEFF/, "");
  if (text.trim() === "") return {};
  const type = request.headers["content-type"]?.toLowerCase() ?? "";
  if (type.startsWith("application/x-www-form-urlencoded")) {
    const out: Record<string, string | string[]> = {};
    for (const [key, value] of new URLSearchParams(text)) {
      const seen = out[key];
      out[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
    }
    return out;
  }
  let parsed: unknown;
  try {
    parsed = parseLenientJson(text);
  } catch (e) {
    throw new AppError("bad_request", `The request body is not valid JSON: ${(e as Error).message}`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new AppError("bad_request", "The request body must be a JSON object.");
  }
  return parsed as Record<string, unknown>;
}

/**
 * Handles one REST call; `rest` is what follows `/REST.svc/` (already URL-decoded). GETs of cacheable
 * operations are answered from `cache` while the database is unchanged. `defaults` fill members the
 * call left out (a console session's contact).
 */
export async function handleRest(
  operations: StudioOperations,
  publicUrl: string,
  rest: string,
  request: FastifyRequest,
  reply: FastifyReply,
  cache?: ResponseCache,
  defaults: Record<string, string> = {},
): Promise<FastifyReply> {
  const { format, segments } = splitRestPath(rest);
  const method = request.method === "HEAD" ? "GET" : request.method;
  const match = matchRestRoute(method, segments);
  if (match.kind === "none") {
    throw new AppError("not_found", `There is no method ${segments.join("/") || "(none)"} on this service.`);
  }
  if (match.kind === "wrong-method") {
    void reply.header("allow", match.allowed.join(", "));
    throw new AppError(
      "method_not_allowed",
      `${segments.join("/")} answers ${match.allowed.join(", ")} only.`,
    );
  }
  const descriptor = studioContract[match.operation];
  const cached = method === "GET" && descriptor.cacheable ? cache?.lookup(request.url) : undefined;
  if (cached?.hit) return reply.type(cached.hit.contentType).send(cached.hit.body);
  const query = (request.query ?? {}) as Record<string, unknown>;
  const body = method === "GET" ? {} : readRestBody(request);
  const shaped = await callOperation(
    operations,
    {
      operation: match.operation,
      sources: [match.params, body, query, defaults],
      transport: format,
      method: match.label,
    },
    request,
    publicUrl,
  );
  const encoded = encodeRest(format, descriptor.response, shaped);
  if (cached && shaped["ErrorCode"] === "NoError") cached.remember(encoded);
  return reply.type(encoded.contentType).send(encoded.body);
}
