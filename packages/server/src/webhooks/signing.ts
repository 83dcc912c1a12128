// Webhook signatures for both profiles, and their constant-time verification.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** A new store endpoint secret: `whsec_` + 32 random bytes in base64 (usable as a Standard Webhooks key too). */
export function createEndpointSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/** Pixlpay's `X-Webhook-Signature`: lowercase hex HMAC-SHA256 of the raw body, key = the secret's UTF-8 bytes. */
export function signStoreBody(body: string | Buffer, secret: string): string {
  return createHmac("sha256", Buffer.from(secret, "utf8")).update(body).digest("hex");
}

/** Pixelz's `HTTP_X_PXZ_*_HMAC_SHA256`: base64 HMAC-SHA256 of the raw body, key = the secret's UTF-8 bytes. */
export function signStudioBody(body: string | Buffer, secret: string): string {
  return createHmac("sha256", Buffer.from(secret, "utf8")).update(body).digest("base64");
}

/**
 * Standard Webhooks (`webhook-signature: v1,<base64>`): HMAC-SHA256 of `${id}.${timestamp}.${body}` keyed
 * with the base64 part of a `whsec_` secret. Several secrets (rotation overlap) give several signatures.
 */
export function signStandardWebhook(
  id: string,
  timestampSeconds: number,
  body: string,
  secrets: readonly string[],
): string {
  const content = `${id}.${timestampSeconds}.${body}`;
  return secrets
    .map((s) => `v1,${createHmac("sha256", standardKey(s)).update(content).digest("base64")}`)
    .join(" ");
}

function standardKey(secret: string): Buffer {
  return secret.startsWith("whsec_") ? Buffer.from(secret.slice(6), "base64") : Buffer.from(secret, "utf8");
}

/** Compares two signatures in constant time (different lengths are simply unequal). */
export function isSameSignature(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}
