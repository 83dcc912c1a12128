// The Studio API's ErrorCode list and the error its operations throw; every encoding reads the same pair.
import { AppError, type ErrorCode } from "../core/errors/index.js";

/**
 * Every `ErrorCode` a Studio API response may carry (the public Pixelz list is unknown; this one is kept
 * small and stable). `NoError` is success. Sent as the name in JSON, XML and SOAP alike.
 */
export const studioErrorCodes = [
  "NoError",
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
] as const;

export type StudioErrorCode = (typeof studioErrorCodes)[number];

/** Error codes an operation may fail with (everything but `NoError`). */
export type StudioFailureCode = Exclude<StudioErrorCode, "NoError">;

/**
 * The catalogue code each Studio code stands for, so a StudioError that ever reaches a generic boundary
 * still gets a sensible status. On the Studio wire application errors answer HTTP 200 regardless.
 */
const catalogueCodes: Record<StudioFailureCode, ErrorCode> = {
  MissingRequiredInformation: "validation_failed",
  InvalidContact: "unauthorized",
  InvalidDeveloper: "unauthorized",
  InvalidParameter: "validation_failed",
  TemplateNotFound: "not_found",
  ImageNotFound: "not_found",
  InvalidImageStatus: "conflict",
  InsufficientBalance: "conflict",
  FeatureNotEnabled: "forbidden",
  InternalError: "internal",
};

/**
 * An application error of the Studio API: the wire answers HTTP 200 with `ErrorCode` = `errorCode`,
 * `Message` = `message` and the response's other members at their defaults (a SOAP fault over SOAP).
 * Operations may throw it or return a response with a non-`NoError` code; both encode the same.
 * `InternalError` messages are replaced by a generic one on the wire (the original is logged).
 */
export class StudioError extends AppError {
  readonly errorCode: StudioFailureCode;

  constructor(errorCode: StudioFailureCode, message: string, options?: ErrorOptions) {
    super(catalogueCodes[errorCode], message, { errorCode }, options);
    this.name = "StudioError";
    this.errorCode = errorCode;
  }
}

/** True when `value` is one of the Studio ErrorCodes. */
export function isStudioErrorCode(value: unknown): value is StudioErrorCode {
  return typeof value === "string" && (studioErrorCodes as readonly string[]).includes(value);
}
