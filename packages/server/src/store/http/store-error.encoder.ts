// How the Store API writes errors: the Pixlpay envelope `{success:false, error, message, errors?}`.
import type { ErrorEncoder } from "../../core/http/index.js";

const labels: Partial<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  429: "Too Many Requests",
};

/** The `error` label of a status below 500 other than 422 (per-item errors of batch operations). */
export function statusLabel(status: number): string {
  return labels[status] ?? "Bad Request";
}

/**
 * Maps any AppError to the docs' bodies. 422 is `VALIDATION_ERROR` with per-field `errors` (from
 * `details.errors`); 5xx never carries the internal message (it is logged by the boundary instead).
 */
export const encodeStoreError: ErrorEncoder = (error, _request, reply) => {
  const status = error.status;
  let body: Record<string, unknown>;
  if (status === 422) {
    const errors = (error.details?.["errors"] ?? {}) as Record<string, string[]>;
    body = { success: false, error: "VALIDATION_ERROR", message: error.message, errors };
  } else if (status >= 500) {
    const message = status === 503 ? "Service temporarily unavailable" : "Internal server error";
    body = { success: false, error: "Server Error", message };
  } else {
    body = { success: false, error: statusLabel(status), message: error.message };
  }
  return reply.status(status).type("application/json; charset=utf-8").send(body);
};
