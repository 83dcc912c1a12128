// Wire shapes of the Store API's webhook endpoints, deliveries and attempts (defined once, TypeBox).
import { Type, type Static } from "@sinclair/typebox";
import type { AttemptRow, DeliveryRow } from "../../webhooks/delivery.repository.js";
import type { EndpointRow } from "../../webhooks/endpoint.repository.js";
import { subscribableEventTypes } from "../../webhooks/events.js";
import { formatOptionalTimestamp, formatTimestamp } from "../shared/timestamps.js";

const EventName = Type.Union(subscribableEventTypes.map((e) => Type.Literal(e)));
const Schedule = Type.Union([Type.Literal("store"), Type.Literal("store-extended")]);

export const WebhookJson = Type.Object({
  id: Type.Integer(),
  url: Type.String(),
  events: Type.Array(Type.String()),
  is_active: Type.Boolean(),
  disabled_reason: Type.Union([Type.String(), Type.Null()]),
  standard_webhooks: Type.Boolean(),
  retry_schedule: Type.String(),
  max_concurrency: Type.Integer(),
  created_at: Type.String(),
  updated_at: Type.String(),
});
export type WebhookJson = Static<typeof WebhookJson>;

export const CreatedWebhookJson = Type.Composite([WebhookJson, Type.Object({ secret: Type.String() })]);

export const CreateWebhookBody = Type.Object({
  url: Type.String({ minLength: 1, maxLength: 2048 }),
  events: Type.Array(EventName, { minItems: 1, maxItems: 50 }),
  is_active: Type.Optional(Type.Boolean()),
  standard_webhooks: Type.Optional(Type.Boolean()),
  retry_schedule: Type.Optional(Schedule),
  max_concurrency: Type.Optional(Type.Integer({ minimum: 1, maximum: 64 })),
});
export type CreateWebhookBody = Static<typeof CreateWebhookBody>;

export const UpdateWebhookBody = Type.Partial(CreateWebhookBody);
export type UpdateWebhookBody = Static<typeof UpdateWebhookBody>;

export const RotateSecretBody = Type.Object({
  overlap_hours: Type.Optional(Type.Number({ minimum: 0, maximum: 168 })),
});
export type RotateSecretBody = Static<typeof RotateSecretBody>;

export const DeliveryJson = Type.Object({
  id: Type.String(),
  event_id: Type.String(),
  event_type: Type.String(),
  status: Type.String(),
  attempts: Type.Integer(),
  max_attempts: Type.Integer(),
  next_attempt_at: Type.Union([Type.String(), Type.Null()]),
  last_status_code: Type.Union([Type.Integer(), Type.Null()]),
  last_error: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String(),
  delivered_at: Type.Union([Type.String(), Type.Null()]),
});

export const AttemptJson = Type.Object({
  attempt: Type.Integer(),
  started_at: Type.String(),
  duration_ms: Type.Integer(),
  url: Type.String(),
  request_headers: Type.Record(Type.String(), Type.String()),
  response_status: Type.Union([Type.Integer(), Type.Null()]),
  response_body: Type.Union([Type.String(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.String(),
});

export const DeliveryDetailJson = Type.Composite([
  DeliveryJson,
  Type.Object({ request_body: Type.String(), attempt_log: Type.Array(AttemptJson) }),
]);

export function toWebhookJson(e: EndpointRow): WebhookJson {
  return {
    id: e.id,
    url: e.url,
    events: JSON.parse(e.events) as string[],
    is_active: e.is_active === 1,
    disabled_reason: e.disabled_reason,
    standard_webhooks: e.standard_headers === 1,
    retry_schedule: e.schedule,
    max_concurrency: e.max_concurrency,
    created_at: formatTimestamp(e.created_at),
    updated_at: formatTimestamp(e.updated_at),
  };
}

export function toDeliveryJson(d: DeliveryRow): Static<typeof DeliveryJson> {
  return {
    id: d.id,
    event_id: d.event_id,
    event_type: d.event_type,
    status: d.status,
    attempts: d.attempts,
    max_attempts: d.max_attempts,
    next_attempt_at: formatOptionalTimestamp(d.next_attempt_at),
    last_status_code: d.last_status_code,
    last_error: d.last_error,
    created_at: formatTimestamp(d.created_at),
    delivered_at: formatOptionalTimestamp(d.delivered_at),
  };
}

export function toAttemptJson(a: AttemptRow): Static<typeof AttemptJson> {
  return {
    attempt: a.attempt,
    started_at: formatTimestamp(a.started_at),
    duration_ms: a.duration_ms,
    url: a.url,
    request_headers: JSON.parse(a.request_headers) as Record<string, string>,
    response_status: a.response_status,
    response_body: a.response_body,
    error: a.error,
    outcome: a.outcome,
  };
}
