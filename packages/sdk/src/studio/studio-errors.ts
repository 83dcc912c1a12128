// Studio API failures: an `ErrorCode` other than NoError (HTTP 200 on the wire) as a typed exception.
import type { StudioErrorCode } from "../generated/studio-api.js";
import { PixlError } from "../core/errors.js";

export type StudioFailureCode = Exclude<StudioErrorCode, "NoError">;

/** A Studio response whose `ErrorCode` is not `NoError`; `code` says which. */
export class StudioApiError extends PixlError {
  override name = "StudioApiError";
  constructor(
    /** The `ErrorCode` (`ImageNotFound`, `InvalidContact` …). */
    readonly code: StudioFailureCode,
    /** The response's `Message`. */
    message: string,
    /** HTTP status: 200 for application errors, 400/404/500 for unparsable, unknown or failed calls. */
    readonly status: number,
    /** The whole response. */
    readonly response: Record<string, unknown>,
  ) {
    super(message === "" ? code : message);
  }
}

/** True when `e` is a StudioApiError, and of `code` when given. */
export function isStudioError<C extends StudioFailureCode>(
  e: unknown,
  code?: C,
): e is StudioApiError & { code: C } {
  return e instanceof StudioApiError && (code === undefined || e.code === code);
}

const known = new Set<string>([
  "MissingRequiredInformation",
  "InvalidContact",
  "InvalidDeveloper",
  "InvalidParameter",
  "TemplateNotFound",
  "ImageNotFound",
  "InvalidImageStatus",
  "InsufficientBalance",
  "FeatureNotEnabled",
  "InternalError",
]);

/** The error a response stands for, or undefined on success (`NoError` or `0`, as clients in the wild accept). */
export function studioErrorOf(status: number, body: unknown): StudioApiError | undefined {
  const r = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const code = r["ErrorCode"];
  if ((code === "NoError" || code === 0 || code === "0") && status < 300) return undefined;
  const name = typeof code === "string" && known.has(code) ? (code as StudioFailureCode) : "InternalError";
  const message = typeof r["Message"] === "string" ? r["Message"] : `HTTP ${status}`;
  return new StudioApiError(name, message, status, r);
}
