// Runs one delivery attempt: sign, POST through the safe client, log the attempt, schedule the next or finish.
import { performance } from "node:perf_hooks";
import type { Clock } from "../core/clock.js";
import { createTransactionBatcher, type Database, type Executor } from "../core/db/index.js";
import { coerceError } from "../core/errors/index.js";
import {
  findDeliveryById,
  insertAttempt,
  recordDeliveryOutcome,
  updateDelivery,
  type DeliveryRow,
} from "./delivery.repository.js";
import {
  createStoreHeaders,
  createStudioHeaders,
  parseRetryAfter,
  type StudioSecrets,
} from "./delivery-headers.js";
import { findEndpointById, updateEndpoint, type EndpointRow } from "./endpoint.repository.js";
import { EndpointLimiter } from "./endpoint-limiter.js";
import { isListenerUrl } from "./listener.js";
import { publishStoreEvent, type ScheduleAttempt } from "./outbox.js";
import { delayAfter, isScheduleName } from "./schedules.js";
import type { SecretBox } from "./secret-box.js";
import type { WebhookTransport } from "./transport.js";
import type { WebhookProfile } from "./webhooks.tables.js";

export interface DeliveryOutcome {
  delivery: DeliveryRow;
  attempt: number;
  success: boolean;
  /** No further attempt will be made (delivered, exhausted, or the endpoint is gone). */
  final: boolean;
  statusCode: number | undefined;
}

/** Called in the attempt's transaction, e.g. the studio moving an image 70 → 72 … 80. */
export type OutcomeListener = (db: Executor, outcome: DeliveryOutcome) => Promise<void>;

export interface DeliveryRunnerOptions {
  database: Database;
  clock: Clock;
  transport: WebhookTransport;
  secretBox: SecretBox;
  scheduleAttempt: ScheduleAttempt;
  listeners?: Partial<Record<WebhookProfile, OutcomeListener>>;
  /** Receiver deadline. Default 30 s (Pixlpay's documented limit). */
  timeoutMs?: number;
  /** Response bytes kept in the attempt log. Default 4 KiB. */
  maxResponseBytes?: number;
  /** An endpoint failing without a success for this long is disabled. Default 5 days. */
  disableAfterMs?: number;
  /** Longest wait a `Retry-After` may impose. Default 24 h. */
  retryAfterCapMs?: number;
  /** Multiplies retry delays (development and chaos tests). Default 1. */
  retryScale?: number;
  /** Per-endpoint slots when an endpoint sets none (studio callbacks: per host). Default 8. */
  defaultMaxConcurrency?: number;
  limiter?: EndpointLimiter;
}

export interface DeliveryRunner {
  /** Makes the next attempt of a pending delivery; does nothing for one that is already finished. */
  runAttempt(deliveryId: string): Promise<void>;
}

const DAY = 86_400_000;

export function createDeliveryRunner(options: DeliveryRunnerOptions): DeliveryRunner {
  const { database, clock, transport, secretBox, scheduleAttempt } = options;
  const db = database.kysely;
  const limiter = options.limiter ?? new EndpointLimiter();
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxResponseBytes = options.maxResponseBytes ?? 4096;
  const disableAfterMs = options.disableAfterMs ?? 5 * DAY;
  const retryAfterCapMs = options.retryAfterCapMs ?? DAY;
  // Attempts finishing together record their outcomes in one transaction (group commit).
  const batcher = createTransactionBatcher(db);
  // Opening a sealed secret costs a cipher per delivery; sealed values are immutable, so cache them.
  const opened = new Map<string, string>();
  const openSecret = (sealed: string): string => {
    let plain = opened.get(sealed);
    if (plain === undefined) {
      plain = secretBox.open(sealed);
      if (opened.size >= 1000) opened.clear();
      opened.set(sealed, plain);
    }
    return plain;
  };

  function storeSecrets(endpoint: EndpointRow, now: number): string[] {
    const secrets = [openSecret(endpoint.secret_sealed)];
    if (
      endpoint.previous_secret_sealed !== null &&
      endpoint.previous_secret_expires_at !== null &&
      endpoint.previous_secret_expires_at > now
    ) {
      secrets.push(openSecret(endpoint.previous_secret_sealed));
    }
    return secrets;
  }

  function headersFor(
    delivery: DeliveryRow,
    endpoint: EndpointRow | undefined,
    now: number,
  ): Record<string, string> {
    if (delivery.profile === "store") {
      if (!endpoint) throw new Error(`store delivery ${delivery.id} has no endpoint`);
      return createStoreHeaders(
        delivery,
        { secrets: storeSecrets(endpoint, now), standardHeaders: endpoint.standard_headers === 1 },
        now,
      );
    }
    const secrets = JSON.parse(openSecret(delivery.secrets_sealed ?? "")) as StudioSecrets;
    return createStudioHeaders(delivery, secrets);
  }

  // Endpoints change rarely and are read for every delivery: keep each for a second. A change (URL,
  // rotation, disable) reaches deliveries within that second; rotation keeps the old secret valid anyway.
  const endpointCache = new Map<number, { row: EndpointRow | undefined; until: number }>();
  async function findEndpointCached(id: number): Promise<EndpointRow | undefined> {
    const now = Date.now();
    const hit = endpointCache.get(id);
    if (hit && hit.until > now) return hit.row;
    const row = await findEndpointById(db, id);
    if (endpointCache.size > 10_000) endpointCache.clear();
    endpointCache.set(id, { row, until: now + 1_000 });
    return row;
  }

  async function runAttempt(deliveryId: string): Promise<void> {
    const delivery = await findDeliveryById(db, deliveryId);
    if (delivery?.status !== "pending") return;
    let endpoint: EndpointRow | undefined;
    if (delivery.endpoint_id !== null) {
      endpoint = await findEndpointCached(delivery.endpoint_id);
      if (endpoint?.is_active !== 1) {
        const reason = endpoint
          ? `endpoint disabled: ${endpoint.disabled_reason ?? "by its owner"}`
          : "endpoint deleted";
        await updateDelivery(db, delivery.id, {
          status: "cancelled",
          last_error: reason,
          next_attempt_at: null,
          updated_at: clock.now(),
        });
        return;
      }
    }
    const url = endpoint?.url ?? delivery.url;
    // A listener's deliveries wait to be pulled (`pixl listen`); nothing is sent.
    if (isListenerUrl(url)) return;
    const slotKey = endpoint ? `endpoint:${endpoint.id}` : `host:${new URL(url).host}`;
    const maxSlots = endpoint?.max_concurrency ?? options.defaultMaxConcurrency ?? 8;
    if (!limiter.tryAcquire(slotKey, maxSlots)) {
      // Busy receiver: come back shortly without spending an attempt, leaving this worker slot to others.
      await scheduleAttempt(db, delivery.id, clock.now() + 50 + Math.floor(Math.random() * 200));
      return;
    }
    try {
      await attemptOnce(delivery, endpoint, url);
    } finally {
      limiter.release(slotKey);
    }
  }

  async function attemptOnce(
    delivery: DeliveryRow,
    endpoint: EndpointRow | undefined,
    url: string,
  ): Promise<void> {
    const startedAt = clock.now();
    const headers = headersFor(delivery, endpoint, startedAt);
    const t0 = performance.now();
    let status: number | undefined;
    let responseBody: string | null = null;
    let retryAfterMs: number | undefined;
    let error: string | null = null;
    try {
      const res = await transport.post(url, { headers, body: delivery.body, timeoutMs, maxResponseBytes });
      status = res.status;
      responseBody = res.body;
      if (status === 429 || status === 503)
        retryAfterMs = parseRetryAfter(res.headers["retry-after"], startedAt);
    } catch (e) {
      error = coerceError(e).message === "Internal server error" ? String(e) : coerceError(e).message;
    }
    const durationMs = Math.round(performance.now() - t0);
    const now = clock.now();
    const attempt = delivery.attempts + 1;
    const success =
      status !== undefined && (delivery.profile === "store" ? status >= 200 && status < 300 : status === 200);
    if (!success && error === null) error = `HTTP ${status ?? "?"}`;

    await batcher.run(async (trx) => {
      await insertAttempt(trx, {
        delivery_id: delivery.id,
        attempt,
        started_at: startedAt,
        duration_ms: durationMs,
        url,
        request_headers: JSON.stringify(headers),
        response_status: status ?? null,
        response_body: responseBody,
        error: success ? null : error,
        outcome: success ? "success" : "failure",
      });
      let final = success;
      let next: number | null = null;
      if (!success) {
        const gone = status === 410 && endpoint !== undefined;
        const schedule = isScheduleName(delivery.schedule) ? delivery.schedule : "store";
        const scheduled = gone ? undefined : delayAfter(schedule, attempt);
        const delay = scheduled === undefined ? undefined : Math.round(scheduled * (options.retryScale ?? 1));
        if (delay === undefined || attempt >= delivery.max_attempts) final = true;
        else {
          const wait =
            retryAfterMs === undefined ? delay : Math.min(retryAfterCapMs, Math.max(delay, retryAfterMs));
          next = now + wait;
          await scheduleAttempt(trx, delivery.id, next);
        }
        if (endpoint) await recordEndpointFailure(trx, endpoint, now, gone);
      } else if (endpoint && endpoint.failing_since !== null) {
        endpointCache.delete(endpoint.id);
        await updateEndpoint(
          trx,
          { kind: endpoint.owner_kind, id: endpoint.owner_id },
          endpoint.id,
          { failing_since: null },
          now,
        );
      }
      const patch = {
        attempts: attempt,
        status: success ? ("delivered" as const) : final ? ("failed" as const) : ("pending" as const),
        last_status_code: status ?? null,
        last_error: success ? null : error,
        next_attempt_at: next,
        updated_at: now,
        delivered_at: success ? now : null,
      };
      await recordDeliveryOutcome(trx, delivery.id, patch);
      const listener = options.listeners?.[delivery.profile];
      if (listener)
        await listener(trx, {
          delivery: { ...delivery, ...patch },
          attempt,
          success,
          final,
          statusCode: status,
        });
    });
  }

  async function recordEndpointFailure(
    trx: Executor,
    endpoint: EndpointRow,
    now: number,
    gone: boolean,
  ): Promise<void> {
    endpointCache.delete(endpoint.id);
    const owner = { kind: endpoint.owner_kind, id: endpoint.owner_id };
    const failingSince = endpoint.failing_since ?? now;
    const disable = gone
      ? "the receiver answered 410 Gone"
      : now - failingSince >= disableAfterMs
        ? `failing since ${new Date(failingSince).toISOString()}`
        : undefined;
    if (disable === undefined) {
      if (endpoint.failing_since === null)
        await updateEndpoint(trx, owner, endpoint.id, { failing_since: now }, now);
      return;
    }
    await updateEndpoint(
      trx,
      owner,
      endpoint.id,
      { is_active: 0, disabled_reason: disable, failing_since: failingSince },
      now,
    );
    await publishStoreEvent(trx, scheduleAttempt, {
      owner,
      type: "webhook.endpoint_disabled",
      data: { id: endpoint.id, url: endpoint.url, reason: disable, disabled_at: new Date(now).toISOString() },
      now,
    });
  }

  return { runAttempt };
}
