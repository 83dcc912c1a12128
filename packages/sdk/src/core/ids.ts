// Random identifiers without a runtime dependency (Web Crypto where present).

/** A random UUID v4 for `Idempotency-Key`. */
export function createIdempotencyKey(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID) return c.randomUUID();
  // Node 18 without the global: not a secret, only unique, so time plus Math.random suffices.
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}
