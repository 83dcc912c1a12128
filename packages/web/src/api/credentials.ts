// How the console authenticates its Studio and Store calls: the one place that knows. (The editor workbench
// always works as the signed-in editor account; editor keys are for scripts.)
//
// Two ways. A console session (HTTP-only cookie, CSRF header on changes; app/session.tsx): studio calls then
// carry no key at all and the server acts for the session's contact. Or keys typed into the console: a
// studio contact's email + API key, a store API token, kept in sessionStorage (gone when the tab closes,
// never in a cookie or the URL); a key, when given, wins over the session.
import { useSyncExternalStore } from "react";
import { currentCsrfToken } from "./console-api";

export interface StudioCredentials {
  contactEmail: string;
  contactAPIkey: string;
}

export interface StoreCredentials {
  /** `sk_live_…` / `sk_test_…`. */
  token: string;
}

const STUDIO_KEY = "pixl.studio.credentials";
const STORE_KEY = "pixl.store.credentials";
const listeners = new Set<() => void>();

function read<T>(key: string, isValid: (v: unknown) => v is T): T | undefined {
  try {
    const raw = window.sessionStorage.getItem(key);
    if (raw === null) return undefined;
    const value: unknown = JSON.parse(raw);
    return isValid(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function write(key: string, value: unknown): void {
  if (value === undefined) window.sessionStorage.removeItem(key);
  else window.sessionStorage.setItem(key, JSON.stringify(value));
  snapshots.clear();
  for (const l of listeners) l();
}

const isStudio = (v: unknown): v is StudioCredentials =>
  typeof v === "object" &&
  v !== null &&
  typeof (v as StudioCredentials).contactEmail === "string" &&
  typeof (v as StudioCredentials).contactAPIkey === "string";

const isStore = (v: unknown): v is StoreCredentials =>
  typeof v === "object" && v !== null && typeof (v as StoreCredentials).token === "string";

// useSyncExternalStore needs a stable snapshot between changes.
const snapshots = new Map<string, unknown>();
function cached<T>(key: string, load: () => T): T {
  if (!snapshots.has(key)) snapshots.set(key, load());
  return snapshots.get(key) as T;
}

export function getStudioCredentials(): StudioCredentials | undefined {
  return cached(STUDIO_KEY, () => read(STUDIO_KEY, isStudio));
}

export function setStudioCredentials(c: StudioCredentials | undefined): void {
  write(STUDIO_KEY, c && { contactEmail: c.contactEmail.trim(), contactAPIkey: c.contactAPIkey.trim() });
}

export function getStoreCredentials(): StoreCredentials | undefined {
  return cached(STORE_KEY, () => read(STORE_KEY, isStore));
}

export function setStoreCredentials(c: StoreCredentials | undefined): void {
  write(STORE_KEY, c && { token: c.token.trim() });
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The studio credentials, re-rendering when they change. */
export function useStudioCredentials(): StudioCredentials | undefined {
  return useSyncExternalStore(subscribe, getStudioCredentials);
}

export function useStoreCredentials(): StoreCredentials | undefined {
  return useSyncExternalStore(subscribe, getStoreCredentials);
}

/**
 * Headers for the console's own studio endpoints (/api/studio/v1): the key's, or none in a session (the
 * cookie and the CSRF header sent by sessionFetch do it).
 */
export function studioAuthHeaders(): Record<string, string> {
  const c = getStudioCredentials();
  return c ? { "x-pixl-contact-email": c.contactEmail, "x-pixl-contact-key": c.contactAPIkey } : {};
}

/**
 * The credential members a Studio API call carries (GET: the query; other verbs: the JSON body): the key's,
 * or none in a session (the server fills the session's contact).
 */
export function studioAuthMembers(): Partial<StudioCredentials> {
  return getStudioCredentials() ?? {};
}

/** Headers for Store API calls. */
export function storeAuthHeaders(): Record<string, string> {
  const c = getStoreCredentials();
  return c ? { authorization: `Bearer ${c.token}` } : {};
}

/**
 * What a request the console builds itself (the API console) adds for the session: the CSRF header on
 * unsafe methods, when a session is signed in. The cookie goes along by itself (same origin).
 */
export function sessionHeaders(method: string): Record<string, string> {
  const token = currentCsrfToken();
  return token !== undefined && /^(POST|PUT|PATCH|DELETE)$/i.test(method) ? { "x-csrf-token": token } : {};
}
