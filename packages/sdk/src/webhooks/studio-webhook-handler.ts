// A ready studio callback receiver (studio-api.md §4): verify `HTTP_X_PXZ_CUSTOMER_HMAC_SHA256` over the raw
// body, read the parameters in whichever encoding the contact chose, dedupe, and hand them over.
import type { DedupeStore } from "./dedupe-store.js";
import { verifyStudioSignature } from "./verify.js";
import type { WebhookRequest, WebhookResult } from "./webhook-adapters.js";

/** What Pixelz posts when an image (or one colour version of it) is finished. */
export interface StudioCallback {
  imageTicket: string;
  processedImageURL: string;
  /** Empty for a colour-change-only version. */
  templateId: string;
  customerImageId: string;
  customerImageColorID: string;
}

export interface StudioWebhookHandlerOptions {
  /** The contact's Application Secret Code (or a partner's, with `header: "partner"`). */
  secret: string;
  /** Which signature to check. Default `customer` (`HTTP_X_PXZ_CUSTOMER_HMAC_SHA256`). */
  header?: "customer" | "partner";
  onImage: (callback: StudioCallback) => unknown;
  /** Remembers callbacks so a repeated attempt runs once (key: the delivery id, else ticket + version). */
  dedupe?: DedupeStore;
  dedupeTtlMs?: number;
}

/** Parameters from a JSON, text/plain (JSON) or form-encoded body; undefined when unreadable. */
export function parseStudioCallback(text: string): StudioCallback | undefined {
  let fields: Record<string, unknown>;
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    try {
      fields = JSON.parse(trimmed) as Record<string, unknown>;
    } catch {
      return undefined;
    }
  } else fields = Object.fromEntries(new URLSearchParams(trimmed));
  const str = (k: string) => (typeof fields[k] === "string" ? fields[k] : "");
  if (str("imageTicket") === "") return undefined;
  return {
    imageTicket: str("imageTicket"),
    processedImageURL: str("processedImageURL"),
    templateId: str("templateId"),
    customerImageId: str("customerImageId"),
    customerImageColorID: str("customerImageColorID"),
  };
}

/** The framework-free handler: 401 unsigned or tampered, 400 unreadable, 200 processed or repeated. */
export function createStudioWebhookHandler(options: StudioWebhookHandlerOptions) {
  const name = `HTTP_X_PXZ_${options.header === "partner" ? "PARTNER" : "CUSTOMER"}_HMAC_SHA256`;
  const ttl = options.dedupeTtlMs ?? 86_400_000;
  return async function handle(req: WebhookRequest): Promise<WebhookResult> {
    if (!(await verifyStudioSignature(req.rawBody, req.header(name), options.secret)))
      return { status: 401, body: "Invalid signature" };
    const text = typeof req.rawBody === "string" ? req.rawBody : new TextDecoder().decode(req.rawBody);
    const callback = parseStudioCallback(text);
    if (callback === undefined) return { status: 400, body: "Unreadable callback" };
    const id =
      req.header("x-pixl-delivery-id") ??
      `${callback.imageTicket}:${callback.templateId}:${callback.customerImageColorID}`;
    if (options.dedupe && !(await options.dedupe.claim(id, ttl)))
      return { status: 200, body: "Already processed" };
    try {
      await options.onImage(callback);
    } catch (e) {
      await options.dedupe?.release(id);
      throw e;
    }
    return { status: 200, body: "OK" };
  };
}

export type StudioWebhookHandler = ReturnType<typeof createStudioWebhookHandler>;
