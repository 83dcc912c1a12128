// How the console authenticates its Studio and Store calls: the one place that knows.
//
// Today: a studio contact's email + API key, an editor key and a store API token, typed into the console and kept in
// sessionStorage (gone when the tab closes, never in a cookie or the URL). When console sessions land
// (HTTP-only cookie + CSRF header), only this module changes: `studioAuth*` / `storeAuthHeaders` then send
// the CSRF header and leave the key out, and the session cookie does the rest.
import { useSyncExternalStore } from "react";

export interface StudioCredentials {
  contactEmail: string;
  contactAPIkey: string;
}

/** An editor of a contact's queue (`pixl studio editor create`). */
export interface EditorCredentials {
  /** `pxe_…`. */
  key: string;
}

export interface StoreCredentials {
  /** `sk_live_…` / `sk_test_…`. */
  token: string;
}

const STUDIO_KEY = "pixl.studio.credentials";
const STORE_KEY = "pixl.store.credentials";
const EDITOR_KEY = "pixl.editor.credentials";
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

const isEditor = (v: unknown): v is EditorCredentials =>
  typeof v === "object" && v !== null && typeof (v as EditorCredentials).key === "string";

export function getEditorCredentials(): EditorCredentials | undefined {
  return cached(EDITOR_KEY, () => read(EDITOR_KEY, isEditor));
}

export function setEditorCredentials(c: EditorCredentials | undefined): void {
  write(EDITOR_KEY, c && { key: c.key.trim() });
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

export function useEditorCredentials(): EditorCredentials | undefined {
  return useSyncExternalStore(subscribe, getEditorCredentials);
}

/** Headers for the editor API (/studio/editor). */
export function editorAuthHeaders(): Record<string, string> {
  const c = getEditorCredentials();
  return c ? { authorization: `Bearer ${c.key}` } : {};
}

/** Headers for the console's own studio endpoints (/api/studio/v1). */
export function studioAuthHeaders(): Record<string, string> {
  const c = getStudioCredentials();
  return c ? { "x-pixl-contact-email": c.contactEmail, "x-pixl-contact-key": c.contactAPIkey } : {};
}

/** The members every Studio API call carries (GET: the query; other verbs: the JSON body). */
export function studioAuthMembers(): StudioCredentials {
  return getStudioCredentials() ?? { contactEmail: "", contactAPIkey: "" };
}

/** Headers for Store API calls. */
export function storeAuthHeaders(): Record<string, string> {
  const c = getStoreCredentials();
  return c ? { authorization: `Bearer ${c.token}` } : {};
}
