// What the delivery runner needs from the safe HTTP client: one POST with limits, nothing more.

export interface TransportRequest {
  headers: Record<string, string>;
  body: string;
  /** Whole-request deadline (connect + response). */
  timeoutMs: number;
  /** Response body bytes kept (the rest is discarded, not an error). */
  maxResponseBytes: number;
}

export interface TransportResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The first `maxResponseBytes` of the body, as text. */
  body: string;
}

/** Sends a webhook. Throws (an AppError from the safe client) when no HTTP response was received. */
export interface WebhookTransport {
  post(url: string, request: TransportRequest): Promise<TransportResponse>;
}
