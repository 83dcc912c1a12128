// The SDK's errors: one base class, the Store API's envelope errors by status, and transport failures.

/** Every error the SDK throws on purpose. */
export class PixlError extends Error {
  override name = "PixlError";
}

/** No HTTP answer (DNS, connection reset, timeout) or an answer that is not the API's JSON. */
export class PixlConnectionError extends PixlError {
  override name = "PixlConnectionError";
  constructor(
    message: string,
    /** The underlying failure (a fetch TypeError, an AbortError …). */
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

/** Messages per field of a 422 (`{"url": ["The url must be a valid URL."]}`), dotted paths for items. */
export type FieldErrors = Record<string, string[]>;

export interface StoreErrorBody {
  success: false;
  error: string;
  message: string;
  errors?: FieldErrors;
}

/** A Store API error response: `{success:false, error, message, errors?}` with its HTTP status. */
export class StoreApiError extends PixlError {
  override name = "StoreApiError";
  /** The HTTP status (401, 404, 422, 429 …). */
  readonly status: number;
  /** The envelope's `error` (`"Not Found"`, `"VALIDATION_ERROR"` …). */
  readonly error: string;
  /** Per-field messages (422 only; empty otherwise). */
  readonly errors: FieldErrors;
  /** The request id the server logged the failure under (`x-request-id`), when it sent one. */
  readonly requestId: string | undefined;
  constructor(status: number, body: StoreErrorBody, requestId?: string) {
    super(body.message);
    this.status = status;
    this.error = body.error;
    this.errors = body.errors ?? {};
    this.requestId = requestId;
  }
}

/** 400: malformed request. */
export class BadRequestError extends StoreApiError {
  override name = "BadRequestError";
}
/** 401: the token is missing, invalid, revoked or expired. */
export class AuthenticationError extends StoreApiError {
  override name = "AuthenticationError";
}
/** 403: the token lacks the scope. */
export class PermissionError extends StoreApiError {
  override name = "PermissionError";
}
/** 404: not found (or another store's). */
export class NotFoundError extends StoreApiError {
  override name = "NotFoundError";
}
/** 409: conflict (an idempotent request with the same key still running, a state that forbids it). */
export class ConflictError extends StoreApiError {
  override name = "ConflictError";
}
/** 422: validation failed; `errors` has the messages per field. */
export class ValidationError extends StoreApiError {
  override name = "ValidationError";
}
/** 429 after the retries allowed were used; `retryAfterMs` is what the server asked for last. */
export class RateLimitError extends StoreApiError {
  override name = "RateLimitError";
  retryAfterMs: number | undefined;
}
/** 5xx. */
export class ServerError extends StoreApiError {
  override name = "ServerError";
}

const byStatus: Record<number, typeof StoreApiError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionError,
  404: NotFoundError,
  409: ConflictError,
  422: ValidationError,
  429: RateLimitError,
};

/** The error class for a status and its body. */
export function createStoreApiError(status: number, body: StoreErrorBody, requestId?: string): StoreApiError {
  const Class = byStatus[status] ?? (status >= 500 ? ServerError : StoreApiError);
  return new Class(status, body, requestId);
}
