// The closed catalogue of Pixl's error codes, each with its HTTP status. Every API encoder maps these.

/** Every error code Pixl raises, with the HTTP status the generic JSON boundary answers with. */
export const errorCodes = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
  /** Configuration could not be read or validated. */
  config_invalid: 500,
  /** The database could not be opened, is not Pixl's, or is unreachable. */
  database_unavailable: 503,
  database_foreign: 500,
  migration_failed: 500,
  /** An outbound request was refused before or while it was made (SSRF guard, limits, timeouts). */
  url_refused: 422,
  fetch_failed: 502,
  fetch_timeout: 504,
  fetch_too_large: 413,
  /** Blob storage errors. */
  blob_not_found: 404,
  blob_write_failed: 507,
  signed_url_expired: 403,
  signed_url_invalid: 403,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof errorCodes;

/** The HTTP status for a code. */
export function statusOf(code: ErrorCode): number {
  return errorCodes[code];
}
