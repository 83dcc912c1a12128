// The token scopes of the Pixlpay docs, plus `*` for full access.

/** Every scope a token can hold. `*` grants all of them. */
export const scopes = [
  "products:read",
  "products:write",
  "orders:read",
  "orders:write",
  "customers:read",
  "customers:write",
  "analytics:read",
  "webhooks:read",
  "webhooks:write",
  "settings:read",
  "settings:write",
  "discord:agent",
  "*",
] as const;

export type Scope = (typeof scopes)[number];

/** The scope of a full-access token. */
export const FULL_ACCESS: Scope = "*";

/** True when a token holding `held` may do what `needed` guards. */
export function hasScope(held: readonly string[], needed: Scope): boolean {
  return held.includes(FULL_ACCESS) || held.includes(needed);
}

export function isScope(s: string): s is Scope {
  return (scopes as readonly string[]).includes(s);
}
