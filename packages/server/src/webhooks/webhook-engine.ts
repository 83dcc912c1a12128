// The webhook engine's public face: endpoints, publishing, redelivery, test deliveries and the delivery log.
import type { Clock } from "../core/clock.js";
import type { Database, Executor } from "../core/db/index.js";
import { AppError } from "../core/errors/index.js";
import {
  countDeliveries,
  findDelivery,
  listAttempts,
  listDeliveries,
  updateDelivery,
  type AttemptRow,
  type DeliveryRow,
  type ListDeliveriesOptions,
} from "./delivery.repository.js";
import {
  deleteEndpoint,
  findEndpoint,
  insertEndpoint,
  listEndpoints,
  updateEndpoint,
  type EndpointRow,
  type Owner,
} from "./endpoint.repository.js";
import { subscribableEventTypes } from "./events.js";
import {
  enqueueStudioDelivery,
  publishStoreEvent,
  type EnqueueStudioDeliveryOptions,
  type PublishedEvent,
  type ScheduleAttempt,
} from "./outbox.js";
import { isScheduleName, type ScheduleName } from "./schedules.js";
import type { PullOptions } from "./listener.js";
import { createListenerService } from "./listener.service.js";
import type { SecretBox } from "./secret-box.js";
import { createEndpointSecret } from "./signing.js";

/** Refuses a URL Pixl must not deliver to (private address, bad scheme…); resolves when it is fine. */
export type UrlGuard = (url: string) => Promise<void>;

export interface WebhookEngineOptions {
  database: Database;
  clock: Clock;
  secretBox: SecretBox;
  scheduleAttempt: ScheduleAttempt;
  assertDeliverableUrl: UrlGuard;
  /** Makes one attempt now (test deliveries answer with their result). */
  runAttempt: (deliveryId: string) => Promise<void>;
}

export interface CreateEndpointInput {
  url: string;
  events: readonly string[];
  schedule?: ScheduleName;
  standardHeaders?: boolean;
  maxConcurrency?: number;
}

export type UpdateEndpointInput = Partial<CreateEndpointInput> & { isActive?: boolean };

export interface WebhookEngine {
  /** Removes listeners nobody has pulled from for an hour (run by the `webhooks.listeners.sweep` job). */
  removeAbandonedListeners(): Promise<number>;
  /** Creates an endpoint and returns its secret (shown once). The URL is checked against the SSRF policy. */
  createEndpoint(
    owner: Owner,
    input: CreateEndpointInput,
  ): Promise<{ endpoint: EndpointRow; secret: string }>;
  getEndpoint(owner: Owner, id: number): Promise<EndpointRow>;
  listEndpoints(owner: Owner): Promise<EndpointRow[]>;
  updateEndpoint(owner: Owner, id: number, input: UpdateEndpointInput): Promise<EndpointRow>;
  deleteEndpoint(owner: Owner, id: number): Promise<void>;
  /** New secret; the old one keeps signing (second signature) for `overlapMs` (default 24 h). */
  rotateSecret(
    owner: Owner,
    id: number,
    overlapMs?: number,
  ): Promise<{ endpoint: EndpointRow; secret: string }>;
  /**
   * Creates a listener: an endpoint whose deliveries are pulled by `pixl listen` instead of sent. A store's
   * subscribes to `events`; a contact's receives every studio callback of the contact. At most
   * MAX_LISTENERS per owner (conflict beyond; abandoned ones make way).
   */
  createListener(owner: Owner, events: readonly string[]): Promise<{ endpoint: EndpointRow; secret: string }>;
  /** A listener's pending deliveries after `options.after`, waiting up to `options.waitMs` for one. */
  pull(owner: Owner, id: number, options: PullOptions): Promise<DeliveryRow[]>;
  /** Marks pulled deliveries delivered, with the status the local receiver answered. */
  ack(owner: Owner, id: number, acks: readonly { id: string; status: number | null }[]): Promise<number>;
  /** Records a store event in `db`'s transaction and fans it out to subscribed endpoints. */
  publish(db: Executor, owner: Owner, type: string, data: unknown): Promise<PublishedEvent>;
  /** Records a studio callback in `db`'s transaction (and a copy for each of the owner's listeners). */
  enqueueStudio(db: Executor, options: Omit<EnqueueStudioDeliveryOptions, "now">): Promise<PublishedEvent>;
  /** Sends a `webhook.test` event to one endpoint now (one attempt, no retries) and returns its result. */
  sendTest(owner: Owner, id: number): Promise<{ delivery: DeliveryRow; attempts: AttemptRow[] }>;
  /** Sends a finished (delivered or failed) delivery again, with the same id and body. */
  redeliver(owner: Owner, deliveryId: string): Promise<DeliveryRow>;
  listDeliveries(owner: Owner, options: ListDeliveriesOptions): Promise<DeliveryRow[]>;
  countDeliveries(
    owner: Owner,
    options: Pick<ListDeliveriesOptions, "endpointId" | "status">,
  ): Promise<number>;
  getDelivery(owner: Owner, id: string): Promise<{ delivery: DeliveryRow; attempts: AttemptRow[] }>;
}

function assertEvents(events: readonly string[]): void {
  const bad = events.map((e, i) => ({ e, i })).filter(({ e }) => !subscribableEventTypes.includes(e));
  if (events.length === 0 || bad.length > 0) {
    const errors: Record<string, string[]> =
      events.length === 0 ? { events: ["The events field is required."] } : {};
    for (const { i } of bad) errors[`events.${i}`] = [`The selected events.${i} is invalid.`];
    throw new AppError("validation_failed", "The given data was invalid", { errors });
  }
}

async function assertUrl(guard: UrlGuard, url: string): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError("validation_failed", "The given data was invalid", {
      errors: { url: ["The url must be a valid URL."] },
    });
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new AppError("validation_failed", "The given data was invalid", {
      errors: { url: ["The url must be a valid URL."] },
    });
  }
  try {
    await guard(url);
  } catch (e) {
    const reason = e instanceof AppError ? e.message : "The url is not allowed.";
    throw new AppError("validation_failed", "The given data was invalid", { errors: { url: [reason] } });
  }
}

export function createWebhookEngine(options: WebhookEngineOptions): WebhookEngine {
  const { database, clock, secretBox, scheduleAttempt } = options;
  const db = database.kysely;
  const listeners = createListenerService({ db, clock, secretBox });

  async function getEndpoint(owner: Owner, id: number): Promise<EndpointRow> {
    const e = await findEndpoint(db, owner, id);
    if (!e) throw new AppError("not_found", "Webhook not found");
    return e;
  }

  async function getDeliveryRow(owner: Owner, deliveryId: string): Promise<DeliveryRow> {
    const delivery = await findDelivery(db, owner, deliveryId);
    if (!delivery) throw new AppError("not_found", "Delivery not found");
    return delivery;
  }

  return {
    async createEndpoint(owner, input) {
      assertEvents(input.events);
      await assertUrl(options.assertDeliverableUrl, input.url);
      const secret = createEndpointSecret();
      const endpoint = await insertEndpoint(db, {
        owner,
        profile: owner.kind === "store" ? "store" : "studio",
        url: input.url,
        events: input.events,
        secretSealed: secretBox.seal(secret),
        schedule: input.schedule ?? "store",
        standardHeaders: input.standardHeaders ?? false,
        maxConcurrency: input.maxConcurrency ?? 8,
        now: clock.now(),
      });
      return { endpoint, secret };
    },
    removeAbandonedListeners: () => listeners.removeAbandonedListeners(),
    createListener: async (owner, events) => {
      if (owner.kind === "store") assertEvents(events);
      return listeners.createListener(owner, events);
    },
    pull: (owner, id, o) => listeners.pull(owner, id, o),
    ack: (owner, id, acks) => listeners.ack(owner, id, acks),
    getEndpoint,
    listEndpoints: (owner) => listEndpoints(db, owner),
    async updateEndpoint(owner, id, input) {
      await getEndpoint(owner, id);
      if (input.events !== undefined) assertEvents(input.events);
      if (input.url !== undefined) await assertUrl(options.assertDeliverableUrl, input.url);
      if (input.schedule !== undefined && !isScheduleName(input.schedule)) {
        throw new AppError("validation_failed", "The given data was invalid", {
          errors: { schedule: ["Unknown schedule."] },
        });
      }
      const updated = await updateEndpoint(
        db,
        owner,
        id,
        {
          ...(input.url === undefined ? {} : { url: input.url }),
          ...(input.events === undefined ? {} : { events: JSON.stringify(input.events) }),
          ...(input.schedule === undefined ? {} : { schedule: input.schedule }),
          ...(input.standardHeaders === undefined ? {} : { standard_headers: input.standardHeaders ? 1 : 0 }),
          ...(input.maxConcurrency === undefined ? {} : { max_concurrency: input.maxConcurrency }),
          ...(input.isActive === undefined
            ? {}
            : {
                is_active: input.isActive ? 1 : 0,
                disabled_reason: null,
                ...(input.isActive ? { failing_since: null } : {}),
              }),
        },
        clock.now(),
      );
      if (!updated) throw new AppError("not_found", "Webhook not found");
      return updated;
    },
    async deleteEndpoint(owner, id) {
      const endpoint = await getEndpoint(owner, id);
      if (!(await deleteEndpoint(db, owner, id))) throw new AppError("not_found", "Webhook not found");
      await listeners.afterDelete(endpoint);
    },
    async rotateSecret(owner, id, overlapMs = 86_400_000) {
      const current = await getEndpoint(owner, id);
      const secret = createEndpointSecret();
      const now = clock.now();
      const endpoint = await updateEndpoint(
        db,
        owner,
        id,
        {
          secret_sealed: secretBox.seal(secret),
          previous_secret_sealed: current.secret_sealed,
          previous_secret_expires_at: now + overlapMs,
        },
        now,
      );
      if (!endpoint) throw new AppError("not_found", "Webhook not found");
      return { endpoint, secret };
    },
    publish: (tx, owner, type, data) =>
      publishStoreEvent(tx, scheduleAttempt, { owner, type, data, now: clock.now() }),
    enqueueStudio: (tx, o) => enqueueStudioDelivery(tx, scheduleAttempt, { ...o, now: clock.now() }),
    async sendTest(owner, id) {
      const endpoint = await getEndpoint(owner, id);
      const now = clock.now();
      // Recorded like any delivery (it shows in the log), but attempted here, once, so the caller sees
      // the receiver's answer; no job is scheduled for it.
      const { deliveryIds } = await db.transaction().execute(async (trx) => {
        const published = await publishStoreEvent(trx, () => Promise.resolve(), {
          owner,
          type: "webhook.test",
          data: {
            webhook_id: endpoint.id,
            message: "This is a test delivery from Pixl.",
            sent_at: new Date(now).toISOString(),
          },
          now,
          onlyEndpoint: endpoint,
        });
        for (const d of published.deliveryIds) await updateDelivery(trx, d, { max_attempts: 1 });
        return published;
      });
      const deliveryId = deliveryIds[0] ?? "";
      await options.runAttempt(deliveryId);
      return {
        delivery: await getDeliveryRow(owner, deliveryId),
        attempts: await listAttempts(db, deliveryId),
      };
    },
    async redeliver(owner, deliveryId) {
      const delivery = await findDelivery(db, owner, deliveryId);
      if (!delivery) throw new AppError("not_found", "Delivery not found");
      if (delivery.status === "pending") throw new AppError("conflict", "Delivery is still being attempted");
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        // A manual redelivery gets one more attempt beyond what it has used.
        await updateDelivery(trx, delivery.id, {
          status: "pending",
          max_attempts: delivery.attempts + 1,
          next_attempt_at: now,
          updated_at: now,
        });
        await scheduleAttempt(trx, delivery.id, now);
      });
      return { ...delivery, status: "pending", max_attempts: delivery.attempts + 1, next_attempt_at: now };
    },
    listDeliveries: (owner, o) => listDeliveries(db, owner, o),
    countDeliveries: (owner, o) => countDeliveries(db, owner, o),
    async getDelivery(owner, id) {
      return { delivery: await getDeliveryRow(owner, id), attempts: await listAttempts(db, id) };
    },
  };
}
