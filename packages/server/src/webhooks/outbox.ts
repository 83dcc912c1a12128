// The outbox: events are recorded, fanned out to subscribed endpoints and scheduled in the caller's transaction.
import type { Insertable } from "kysely";
import type { Executor } from "../core/db/index.js";
import { batchInsertDeliveries } from "./delivery.repository.js";
import { listActiveEndpoints, type EndpointRow, type Owner } from "./endpoint.repository.js";
import { isSubscribed } from "./events.js";
import { createDeliveryId, createEventId } from "./ids.js";
import { isListenerUrl } from "./listener.js";
import { isScheduleName, maxAttemptsOf, type ScheduleName } from "./schedules.js";
import type { WebhookDeliveriesTable } from "./webhooks.tables.js";

/** Schedules a delivery attempt (a job) in the same transaction. */
export type ScheduleAttempt = (db: Executor, deliveryId: string, runAt: number) => Promise<void>;

export interface PublishedEvent {
  /** Undefined when nothing was recorded (a studio callback with no URL and no listener). */
  eventId: string | undefined;
  deliveryIds: string[];
}

/** `"2025-01-20T14:30:00.000000Z"`: the envelope's microsecond timestamp (Pixlpay's format). */
export function formatEnvelopeTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

/** The store profile's body: `{"id","event_type","created_at","data"}`. */
export function renderStoreEnvelope(
  deliveryId: string,
  type: string,
  createdAt: number,
  data: unknown,
): string {
  return JSON.stringify({
    id: deliveryId,
    event_type: type,
    created_at: formatEnvelopeTime(createdAt),
    data,
  });
}

export interface PublishStoreEventOptions {
  owner: Owner;
  type: string;
  data: unknown;
  now: number;
  /** Only this endpoint (test deliveries), whatever it subscribes to. */
  onlyEndpoint?: EndpointRow;
}

async function insertEvent(
  db: Executor,
  owner: Owner,
  type: string,
  data: unknown,
  now: number,
): Promise<string> {
  const id = createEventId();
  await db
    .insertInto("webhook_events")
    .values({
      id,
      owner_kind: owner.kind,
      owner_id: owner.id,
      type,
      payload: JSON.stringify(data),
      created_at: now,
    })
    .execute();
  return id;
}

type NewDelivery = Insertable<WebhookDeliveriesTable>;

/** A pending delivery about to make its first attempt at `now`. */
function newDelivery(
  fields: Pick<
    NewDelivery,
    | "id"
    | "event_id"
    | "event_type"
    | "endpoint_id"
    | "profile"
    | "url"
    | "body"
    | "content_type"
    | "secrets_sealed"
    | "subject"
  >,
  owner: Owner,
  schedule: ScheduleName,
  now: number,
): NewDelivery {
  return {
    ...fields,
    owner_kind: owner.kind,
    owner_id: owner.id,
    schedule,
    status: "pending",
    attempts: 0,
    max_attempts: maxAttemptsOf(schedule),
    next_attempt_at: now,
    last_status_code: null,
    last_error: null,
    created_at: now,
    updated_at: now,
    delivered_at: null,
  };
}

/**
 * Records a store event and one delivery per subscribed active endpoint, and schedules each delivery's first
 * attempt, all through `db` (pass the transaction of the change that caused the event: if it rolls back,
 * nothing is delivered; once it commits, nothing is lost).
 */
export async function publishStoreEvent(
  db: Executor,
  scheduleAttempt: ScheduleAttempt,
  options: PublishStoreEventOptions,
): Promise<PublishedEvent> {
  const { owner, type, data, now } = options;
  const eventId = await insertEvent(db, owner, type, data, now);
  const endpoints = options.onlyEndpoint
    ? [options.onlyEndpoint]
    : (await listActiveEndpoints(db, owner)).filter(
        (e) => e.profile === "store" && isSubscribed(JSON.parse(e.events) as string[], type),
      );
  const rows = endpoints.map((e) => {
    const id = createDeliveryId();
    const schedule = isScheduleName(e.schedule) ? e.schedule : "store";
    return newDelivery(
      {
        id,
        event_id: eventId,
        event_type: type,
        endpoint_id: e.id,
        profile: "store",
        url: e.url,
        body: renderStoreEnvelope(id, type, now, data),
        content_type: "application/json",
        secrets_sealed: null,
        subject: null,
      },
      owner,
      schedule,
      now,
    );
  });
  await batchInsertDeliveries(db, rows);
  for (const r of rows) await scheduleAttempt(db, r.id, now);
  return { eventId, deliveryIds: rows.map((r) => r.id) };
}

export interface EnqueueStudioDeliveryOptions {
  owner: Owner;
  /** The callback URL; null when the image has none (only the owner's listeners get a copy). */
  url: string | null;
  /** The exact bytes to send on every attempt. */
  body: string;
  contentType: string;
  /** Sealed JSON `{customer, partner?}`. */
  secretsSealed: string;
  /** What the delivery is about, e.g. `image:<ticket>:<version>`; handed to the studio's outcome listener. */
  subject: string;
  eventType: string;
  eventData: unknown;
  now: number;
}

/**
 * Records a studio callback (one per output version) and schedules its first attempt right away; a copy
 * goes to each of the owner's `pixl listen` listeners (pulled, never sent, and without a subject: how a
 * developer's local receiver answers does not move the image's delivery status).
 */
export async function enqueueStudioDelivery(
  db: Executor,
  scheduleAttempt: ScheduleAttempt,
  options: EnqueueStudioDeliveryOptions,
): Promise<PublishedEvent> {
  const { owner, now } = options;
  const listeners = (await listActiveEndpoints(db, owner)).filter(
    (e) => e.profile === "studio" && isListenerUrl(e.url),
  );
  if (options.url === null && listeners.length === 0) return { eventId: undefined, deliveryIds: [] };
  const eventId = await insertEvent(db, owner, options.eventType, options.eventData, now);
  const common = {
    event_id: eventId,
    event_type: options.eventType,
    profile: "studio" as const,
    body: options.body,
    content_type: options.contentType,
    secrets_sealed: options.secretsSealed,
  };
  const sent =
    options.url === null
      ? []
      : [
          newDelivery(
            {
              ...common,
              id: createDeliveryId(),
              endpoint_id: null,
              url: options.url,
              subject: options.subject,
            },
            owner,
            "studio",
            now,
          ),
        ];
  const pulled = listeners.map((e) =>
    newDelivery(
      { ...common, id: createDeliveryId(), endpoint_id: e.id, url: e.url, subject: null },
      owner,
      "studio",
      now,
    ),
  );
  await batchInsertDeliveries(db, [...sent, ...pulled]);
  for (const r of sent) await scheduleAttempt(db, r.id, now);
  return { eventId, deliveryIds: [...sent, ...pulled].map((r) => r.id) };
}
