// Webhook signature checks with Web Crypto (Node 18+, edge runtimes), compared in constant time.

// The slice of Web Crypto used here, declared locally so the package needs no DOM lib.
interface Subtle {
  importKey(
    format: "raw",
    key: Uint8Array,
    algorithm: { name: "HMAC"; hash: "SHA-256" },
    extractable: boolean,
    usages: "sign"[],
  ): Promise<unknown>;
  sign(algorithm: "HMAC", key: unknown, data: Uint8Array): Promise<ArrayBuffer>;
}

async function subtle(): Promise<Subtle> {
  const c = (globalThis as { crypto?: { subtle?: Subtle } }).crypto;
  if (c?.subtle) return c.subtle;
  // Node 18 without the global: the same API from node:crypto (kept out of static imports for edge bundlers).
  const name = "node:crypto";
  const mod = (await import(/* @vite-ignore */ name)) as { webcrypto: { subtle: Subtle } };
  return mod.webcrypto.subtle;
}

const encoder = new TextEncoder();
const bytesOf = (v: string | Uint8Array): Uint8Array => (typeof v === "string" ? encoder.encode(v) : v);

async function hmac(key: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  const s = await subtle();
  const k = await s.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return new Uint8Array(await s.sign("HMAC", k, data));
}

const toHex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
const toBase64 = (b: Uint8Array): string => btoa(String.fromCharCode(...b));
function fromBase64(s: string): Uint8Array {
  return Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
}

/** Equal strings, in time independent of where they differ (lengths are not secret). */
export function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** `X-Webhook-Signature`: lowercase hex HMAC-SHA256 of the raw body keyed with the secret's UTF-8 bytes. */
export async function signStoreBody(body: string | Uint8Array, secret: string): Promise<string> {
  return toHex(await hmac(encoder.encode(secret), bytesOf(body)));
}

/** Checks a store delivery's hex signature (or its `X-Webhook-Signature-Previous` during a rotation). */
export async function verifyStoreSignature(
  body: string | Uint8Array,
  signature: string | null | undefined,
  secret: string,
): Promise<boolean> {
  if (!signature) return false;
  return timingSafeEqual(await signStoreBody(body, secret), signature.trim().toLowerCase());
}

/** Pixelz's `HTTP_X_PXZ_*_HMAC_SHA256`: base64 HMAC-SHA256 of the raw body keyed with the secret's UTF-8 bytes. */
export async function signStudioBody(body: string | Uint8Array, secret: string): Promise<string> {
  return toBase64(await hmac(encoder.encode(secret), bytesOf(body)));
}

/** Checks a studio callback's `HTTP_X_PXZ_CUSTOMER_HMAC_SHA256` (or the partner one, with the partner's secret). */
export async function verifyStudioSignature(
  body: string | Uint8Array,
  signature: string | null | undefined,
  secret: string,
): Promise<boolean> {
  if (!signature) return false;
  return timingSafeEqual(await signStudioBody(body, secret), signature.trim());
}

function standardKey(secret: string): Uint8Array {
  return secret.startsWith("whsec_") ? fromBase64(secret.slice(6)) : encoder.encode(secret);
}

/** Standard Webhooks `v1,<base64>` of `${id}.${timestamp}.${body}`. */
export async function signStandardWebhook(
  id: string,
  timestampSeconds: number,
  body: string | Uint8Array,
  secret: string,
): Promise<string> {
  const text = typeof body === "string" ? body : new TextDecoder().decode(body);
  return `v1,${toBase64(await hmac(standardKey(secret), encoder.encode(`${id}.${timestampSeconds}.${text}`)))}`;
}

export interface StandardHeaders {
  "webhook-id"?: string | null;
  "webhook-timestamp"?: string | null;
  "webhook-signature"?: string | null;
}

export type StandardVerdict = "valid" | "missing" | "bad-signature" | "outside-tolerance";

/**
 * Checks Standard Webhooks headers: one of the space-separated `v1,` signatures must match and the
 * timestamp must be within `toleranceSeconds` (default 300) of `nowMs`, so a captured delivery cannot be replayed later.
 */
export async function verifyStandardWebhook(
  body: string | Uint8Array,
  headers: StandardHeaders,
  secret: string,
  options: { toleranceSeconds?: number; nowMs?: number } = {},
): Promise<StandardVerdict> {
  const id = headers["webhook-id"];
  const ts = headers["webhook-timestamp"];
  const sig = headers["webhook-signature"];
  if (!id || !ts || !sig || !/^\d+$/.test(ts)) return "missing";
  const now = Math.floor((options.nowMs ?? Date.now()) / 1000);
  if (Math.abs(now - Number(ts)) > (options.toleranceSeconds ?? 300)) return "outside-tolerance";
  const expected = await signStandardWebhook(id, Number(ts), body, secret);
  return sig.split(" ").some((s) => timingSafeEqual(s, expected)) ? "valid" : "bad-signature";
}
