// How any error becomes a Studio failure: HTTP status, ErrorCode and a Message safe to show the client.
import type { AppError } from "../../core/errors/index.js";
import { StudioError, type StudioErrorCode } from "../studio-errors.js";

export interface StudioFailure {
  readonly status: number;
  readonly errorCode: StudioErrorCode;
  readonly message: string;
}

/** What a client sees for an internal failure (the cause is logged, never sent). */
export const INTERNAL_MESSAGE = "An internal error occurred. Please try again later.";

/**
 * Application errors (StudioError) are HTTP 200 with their ErrorCode; transport errors keep their status:
 * unreadable bodies 400, oversized 413, unknown methods 404, wrong verbs 405; anything internal is 500
 * `InternalError` with a generic message.
 */
export function toStudioFailure(error: AppError): StudioFailure {
  if (error instanceof StudioError) {
    if (error.errorCode === "InternalError") {
      return { status: 500, errorCode: "InternalError", message: INTERNAL_MESSAGE };
    }
    return { status: 200, errorCode: error.errorCode, message: error.message };
  }
  const status = error.status;
  if (status >= 500) {
    const message = status === 503 ? "The service is temporarily unavailable." : INTERNAL_MESSAGE;
    return { status, errorCode: "InternalError", message };
  }
  switch (error.code) {
    case "payload_too_large":
      return { status: 413, errorCode: "InvalidParameter", message: "The request body is too large." };
    case "unsupported_media_type":
      return { status: 415, errorCode: "InvalidParameter", message: error.message };
    default:
      return { status, errorCode: "InvalidParameter", message: error.message };
  }
}
