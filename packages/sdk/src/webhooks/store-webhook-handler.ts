// A ready store webhook receiver: verify the raw body, dedupe by delivery id, dispatch typed events (mount it
// with the adapters in webhook-adapters.ts).
import type { StoreEvent, StoreEventType } from "../store/store-types.js";
import type { DedupeStore } from "./dedupe-store.js";
import { verifyStandardWebhook, verifyStoreSignature } from "./verify.js";
import type { WebhookRequest, WebhookResult } from "./webhook-adapters.js";

type Handlers = { [E in StoreEventType]?: (event: StoreEvent<E>) => unknown };

export interface StoreWebhookHandlerOptions {
  /** The webhook's `whsec_…` secret; several during a rotation (any may match). */
  secret: string | readonly string[];
  /** One function per event type. */
  on: Handlers;
  /** Called for events without a handler. */
  onOther?: (event: StoreEvent) => unknown;
  /** Remembers delivery ids so a retried delivery runs once. Without it every delivery runs. */
  dedupe?: DedupeStore;
  /** How long a delivery id is remembered. Default 24 h. */
  dedupeTtlMs?: number;
  /**
   * Require the Standard Webhooks headers and their timestamp within `toleranceSeconds` (replay protection;
   * the webhook must be created with `standard_webhooks: true`). Default false: the hex signature suffices.
   */
  requireTimestamp?: boolean;
  toleranceSeconds?: number;
  now?: () => number;
}

/** The framework-free handler: 401 unsigned/tampered/stale, 400 unreadable, 200 processed or repeated. */
export function createStoreWebhookHandler(options: StoreWebhookHandlerOptions) {
  const secrets = typeof options.secret === "string" ? [options.secret] : options.secret;
  const ttl = options.dedupeTtlMs ?? 86_400_000;
  async function verified(req: WebhookRequest): Promise<boolean> {
    for (const secret of secrets) {
      if (options.requireTimestamp) {
        const verdict = await verifyStandardWebhook(
          req.rawBody,
          {
            "webhook-id": req.header("webhook-id"),
            "webhook-timestamp": req.header("webhook-timestamp"),
            "webhook-signature": req.header("webhook-signature"),
          },
          secret,
          {
            ...(options.toleranceSeconds === undefined ? {} : { toleranceSeconds: options.toleranceSeconds }),
            ...(options.now === undefined ? {} : { nowMs: options.now() }),
          },
        );
        if (verdict === "valid") return true;
      } else if (await verifyStoreSignature(req.rawBody, req.header("x-webhook-signature"), secret))
        return true;
    }
    return false;
  }
  return async function handle(req: WebhookRequest): Promise<WebhookResult> {
    if (!(await verified(req))) return { status: 401, body: "Invalid signature" };
    let event: StoreEvent;
    try {
      const text = typeof req.rawBody === "string" ? req.rawBody : new TextDecoder().decode(req.rawBody);
      event = JSON.parse(text) as StoreEvent;
    } catch {
      return { status: 400, body: "Invalid JSON" };
    }
    const id = req.header("x-webhook-id") ?? req.header("webhook-id") ?? event.id;
    if (options.dedupe && !(await options.dedupe.claim(id, ttl)))
      return { status: 200, body: "Already processed" };
    try {
      const fn = options.on[event.event_type] as ((e: StoreEvent) => unknown) | undefined;
      await (fn ?? options.onOther)?.(event);
    } catch (e) {
      // Not processed: let the retry run it again.
      await options.dedupe?.release(id);
      throw e;
    }
    return { status: 200, body: "OK" };
  };
}

export type StoreWebhookHandler = ReturnType<typeof createStoreWebhookHandler>;
