// The one error type that crosses layers: a catalogued code, a human message and optional details.
import { type ErrorCode, statusOf } from "./error-codes.js";

export type ErrorDetails = Record<string, unknown>;

/**
 * A domain error with a code from the catalogue. Features subclass it (or use it directly);
 * the error boundaries map `{code, message, details}` to each API's wire format.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails | undefined;

  constructor(code: ErrorCode, message: string, details?: ErrorDetails, options?: ErrorOptions) {
    super(message, options);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return statusOf(this.code);
  }

  toJSON(): { code: ErrorCode; message: string; details?: ErrorDetails } {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

/** True when `e` is an AppError (optionally with the given code). */
export function isAppError(e: unknown, code?: ErrorCode): e is AppError {
  return e instanceof AppError && (code === undefined || e.code === code);
}

/**
 * Turns anything thrown into an AppError. AppErrors pass through; everything else becomes `internal`
 * with the original kept as `cause` (for logs) and a message that leaks nothing.
 */
export function coerceError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  return new AppError("internal", "Internal server error", undefined, { cause: e });
}

/** The message of anything thrown, for logs and `last_error` columns. */
export function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === "string") return e;
  try {
    return JSON.stringify(e);
  } catch {
    return String(e);
  }
}
