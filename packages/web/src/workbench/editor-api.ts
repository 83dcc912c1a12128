// The studio's editor API (/studio/editor, `Authorization: Bearer pxe_…`): the queue of images waiting for a
// person (status 62), an item's instructions and files, and the steps 62 → 64 (claim) → 66 (result) → 70
// (approve) or back (return).
//
// Wiring note: this API is being built on the studio side (the stack branch) and authenticates editor keys;
// until a console session can act as an editor, the workbench asks for the key (kept for this tab only).
import { ApiError } from "../api/console-api";

export interface QueueItem {
  ticket: string;
  statusId: number;
  statusName: string;
  state: string;
  reason: string;
  round: number;
  customerImageId: string | null;
  deadline: string | null;
  queuedAt: string | null;
  claimedBy: string | null;
}

export interface ItemDetail extends QueueItem {
  instructions: {
    comment: string | null;
    markupImageUrl: string | null;
    /** The customer's rejections, oldest first, each with its comment and markup. */
    rejections: { comment: string | null; markupImageUrl: string | null; at: number }[];
  };
  files: { name: string; url: string }[];
  history: {
    at: string | null;
    actor: string;
    action: string;
    fromStatus: number | null;
    toStatus: number | null;
    note: string | null;
  }[];
}

const KEY = "pixl.editor.key";
const BASE = "/studio/editor";

export function savedEditorKey(): string | undefined {
  return window.sessionStorage.getItem(KEY) ?? undefined;
}

export function saveEditorKey(key: string | undefined): void {
  if (key === undefined) window.sessionStorage.removeItem(KEY);
  else window.sessionStorage.setItem(KEY, key);
}

async function call<T>(key: string, method: string, path: string, body?: Blob): Promise<T> {
  const r = await fetch(BASE + path, {
    method,
    credentials: "omit",
    headers: {
      authorization: `Bearer ${key}`,
      ...(body ? { "content-type": body.type || "application/octet-stream" } : {}),
    },
    ...(body ? { body } : {}),
  });
  const text = await r.text();
  const json = text === "" ? undefined : (JSON.parse(text) as unknown);
  if (!r.ok) {
    const message = (json as { message?: string } | undefined)?.message ?? `HTTP ${r.status}`;
    throw new ApiError(r.status, message, json);
  }
  return json as T;
}

export function editorApi(key: string) {
  const t = (ticket: string) => `/images/${encodeURIComponent(ticket)}`;
  return {
    me: () => call<{ name: string; contactId: number }>(key, "GET", "/me"),
    queue: (state: "queued" | "open") => call<{ items: QueueItem[] }>(key, "GET", `/queue?state=${state}`),
    item: (ticket: string) => call<ItemDetail>(key, "GET", t(ticket)),
    claim: (ticket: string) => call<ItemDetail>(key, "POST", `${t(ticket)}/claim`),
    submit: (ticket: string, file: Blob) => call<ItemDetail>(key, "PUT", `${t(ticket)}/result`, file),
    approve: (ticket: string) => call<unknown>(key, "POST", `${t(ticket)}/approve`),
    /** Returns the image to editing with an optional note. */
    giveBack: (ticket: string, note: string) =>
      call<ItemDetail>(
        key,
        "POST",
        `${t(ticket)}/return`,
        new Blob([JSON.stringify({ note })], { type: "application/json" }),
      ),
    /** Downloads a file (the key must go in a header, so no plain link). */
    async download(url: string, name: string): Promise<void> {
      const r = await fetch(url, { headers: { authorization: `Bearer ${key}` }, credentials: "omit" });
      if (!r.ok) throw new ApiError(r.status, `Download failed (HTTP ${r.status})`);
      const href = URL.createObjectURL(await r.blob());
      const a = document.createElement("a");
      a.href = href;
      a.download = name;
      a.click();
      URL.revokeObjectURL(href);
    },
  };
}

export type EditorApi = ReturnType<typeof editorApi>;
