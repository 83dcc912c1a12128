// Tables of the webhook engine: endpoints, the event outbox, deliveries and their attempts.
import type { Generated } from "kysely";

/** Who owns an endpoint, event or delivery: a store (Store API) or a contact (Studio API). */
export type OwnerKind = "store" | "contact";
export type WebhookProfile = "store" | "studio";
export type DeliveryStatus = "pending" | "delivered" | "failed" | "cancelled";

export interface WebhookEndpointsTable {
  id: Generated<number>;
  owner_kind: OwnerKind;
  owner_id: number;
  profile: WebhookProfile;
  url: string;
  /** JSON array of subscribed event types; `["*"]` for every type. */
  events: string;
  secret_sealed: string;
  /** During a rotation the old secret also signs until `previous_secret_expires_at`. */
  previous_secret_sealed: string | null;
  previous_secret_expires_at: number | null;
  is_active: number;
  disabled_reason: string | null;
  /** 1: also send Standard Webhooks headers (webhook-id, webhook-timestamp, webhook-signature). */
  standard_headers: number;
  /** Name of the retry schedule (see schedules.ts). */
  schedule: string;
  max_concurrency: number;
  /** First failure of the current failing streak (null when the last attempt succeeded). */
  failing_since: number | null;
  created_at: number;
  updated_at: number;
}

export interface WebhookEventsTable {
  id: string;
  owner_kind: OwnerKind;
  owner_id: number;
  type: string;
  /** JSON: the event's `data`. */
  payload: string;
  created_at: number;
}

export interface WebhookDeliveriesTable {
  id: string;
  event_id: string;
  event_type: string;
  endpoint_id: number | null;
  owner_kind: OwnerKind;
  owner_id: number;
  profile: WebhookProfile;
  url: string;
  /** The exact bytes sent on every attempt (signatures are over this). */
  body: string;
  content_type: string;
  /** Sealed JSON `{customer, partner?}` for studio deliveries (store deliveries sign with the endpoint's secret). */
  secrets_sealed: string | null;
  /** What the delivery is about, for profile listeners, e.g. `image:<ticket>:<version>`. */
  subject: string | null;
  schedule: string;
  status: DeliveryStatus;
  attempts: number;
  max_attempts: number;
  next_attempt_at: number | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  delivered_at: number | null;
}

export interface WebhookAttemptsTable {
  id: Generated<number>;
  delivery_id: string;
  attempt: number;
  started_at: number;
  duration_ms: number;
  url: string;
  /** JSON object of the request headers sent (signatures included: they are not secrets). */
  request_headers: string;
  response_status: number | null;
  /** First 4 KiB of the response body. */
  response_body: string | null;
  error: string | null;
  outcome: "success" | "failure";
}

declare module "../core/db/tables.js" {
  interface Tables {
    webhook_endpoints: WebhookEndpointsTable;
    webhook_events: WebhookEventsTable;
    webhook_deliveries: WebhookDeliveriesTable;
    webhook_attempts: WebhookAttemptsTable;
  }
}
