// Builds each profile's request headers: the exact names and signatures receivers in the wild check.
import { signStandardWebhook, signStoreBody, signStudioBody } from "./signing.js";
import type { DeliveryRow } from "./delivery.repository.js";

export const STORE_USER_AGENT = "Prism-Webhooks/1.0";
export const STUDIO_USER_AGENT = "Pixl-Webhooks/1.0";

export interface StoreSigning {
  /** The endpoint's current secret, then the previous one while a rotation overlaps. */
  secrets: readonly string[];
  standardHeaders: boolean;
}

/**
 * Store profile: Pixlpay's headers; the hex signature uses the current secret, and during a rotation the
 * previous secret's signature rides along in `X-Webhook-Signature-Previous` (and as a second `v1,` entry
 * of the Standard Webhooks header), so receivers on either secret verify.
 */
export function createStoreHeaders(
  delivery: DeliveryRow,
  signing: StoreSigning,
  nowMs: number,
): Record<string, string> {
  const [current, previous] = signing.secrets;
  if (current === undefined) throw new Error(`delivery ${delivery.id} has no signing secret`);
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "User-Agent": STORE_USER_AGENT,
    "X-Webhook-Signature": signStoreBody(delivery.body, current),
    "X-Webhook-Event": delivery.event_type,
    "X-Webhook-ID": delivery.id,
  };
  if (previous !== undefined)
    headers["X-Webhook-Signature-Previous"] = signStoreBody(delivery.body, previous);
  if (signing.standardHeaders) {
    const ts = Math.floor(nowMs / 1000);
    headers["webhook-id"] = delivery.id;
    headers["webhook-timestamp"] = String(ts);
    headers["webhook-signature"] = signStandardWebhook(delivery.id, ts, delivery.body, signing.secrets);
  }
  return headers;
}

export interface StudioSecrets {
  customer: string;
  partner?: string;
}

/** Studio profile: Pixelz's literal `HTTP_X_PXZ_*_HMAC_SHA256` header names, base64 signatures. */
export function createStudioHeaders(delivery: DeliveryRow, secrets: StudioSecrets): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Type": delivery.content_type,
    "User-Agent": STUDIO_USER_AGENT,
    HTTP_X_PXZ_CUSTOMER_HMAC_SHA256: signStudioBody(delivery.body, secrets.customer),
    "X-Pixl-Delivery-ID": delivery.id,
  };
  if (secrets.partner !== undefined) {
    headers["HTTP_X_PXZ_PARTNER_HMAC_SHA256"] = signStudioBody(delivery.body, secrets.partner);
  }
  return headers;
}

/** Seconds or an HTTP date in `Retry-After`, as milliseconds from `nowMs` (undefined when absent/invalid). */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v.trim() === "") return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
