// The one error boundary: every error thrown by a route becomes an AppError, logged once, encoded per API.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AppError, coerceError } from "../errors/index.js";

/** How one API writes an error on the wire (JSON envelope, XML, SOAP fault …). */
export type ErrorEncoder = (error: AppError, request: FastifyRequest, reply: FastifyReply) => FastifyReply;

/** Pixl's own JSON shape for errors outside the two APIs: `{"error": code, "message", "details"?}`. */
export const encodeJsonError: ErrorEncoder = (error, _request, reply) =>
  reply
    .status(error.status)
    .type("application/json; charset=utf-8")
    .send({
      error: error.code,
      message: error.message,
      ...(error.details === undefined ? {} : { details: error.details }),
    });

/** Encoders by URL prefix; the longest matching prefix wins, the JSON encoder is the default. */
export class ErrorEncoders {
  readonly #byPrefix: { prefix: string; encoder: ErrorEncoder }[] = [];

  /** Routes under `prefix` (matched case-insensitively) answer errors with `encoder`. */
  add(prefix: string, encoder: ErrorEncoder): void {
    this.#byPrefix.push({ prefix: prefix.toLowerCase(), encoder });
    this.#byPrefix.sort((a, b) => b.prefix.length - a.prefix.length);
  }

  for(url: string): ErrorEncoder {
    const lower = url.toLowerCase();
    return this.#byPrefix.find((e) => lower.startsWith(e.prefix))?.encoder ?? encodeJsonError;
  }
}

/** Maps Fastify's own errors (body parsing, limits, schema validation) to catalogue codes. */
export function toAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  const fe = e as Partial<FastifyError> & { validation?: unknown };
  if (fe.validation !== undefined) {
    return new AppError("validation_failed", fe.message ?? "The given data was invalid", {
      validation: fe.validation,
    });
  }
  switch (fe.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new AppError("payload_too_large", "Request body is too large");
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new AppError("unsupported_media_type", fe.message ?? "Unsupported content type");
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return new AppError("bad_request", fe.message ?? "Malformed request body");
    default:
      break;
  }
  if (e instanceof SyntaxError && typeof fe.statusCode === "number" && fe.statusCode === 400) {
    return new AppError("bad_request", `Malformed JSON: ${e.message}`);
  }
  if (typeof fe.statusCode === "number" && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new AppError(
      fe.statusCode === 413 ? "payload_too_large" : "bad_request",
      fe.message ?? "Bad request",
    );
  }
  return coerceError(e);
}

/** Installs the boundary and the not-found handler on the root instance. */
export function installErrorBoundary(app: FastifyInstance, encoders: ErrorEncoders): void {
  app.setErrorHandler((e, request, reply) => {
    const error = toAppError(e);
    if (error.status >= 500)
      request.log.error({ err: error.cause ?? error, code: error.code }, error.message);
    else request.log.info({ code: error.code }, error.message);
    return encoders.for(request.url)(error, request, reply);
  });
  app.setNotFoundHandler((request, reply) =>
    encoders.for(request.url)(
      new AppError("not_found", `No route for ${request.method} ${request.url.split("?")[0] ?? ""}`),
      request,
      reply,
    ),
  );
}
