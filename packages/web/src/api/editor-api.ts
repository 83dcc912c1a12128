// The editor workbench's calls to the editor API (/studio/editor) as the signed-in editor account: the
// console session's cookie, and its CSRF token on changes (editor keys are for scripts).
import type { QueueItemView } from "../../../server/src/studio/editor/editor.view.js";
import { currentCsrfToken, sessionFetch } from "./console-api";
import { ConsoleApiError } from "./studio-api";

export type { QueueItemView };

const EDITOR = "/studio/editor";

/** An item as the editor API details it (the queue entry, its instructions, files and history). */
export interface EditorItem extends QueueItemView {
  instructions: {
    comment: string | null;
    markupImageUrl: string | null;
    rejections: { comment: string | null; markupImageUrl: string | null; at: number }[];
    colorReferenceFileURL: string | null;
    additionalResourceFileURLs: string[];
  };
  files: { name: string; url: string }[];
  history: {
    at: string;
    actor: string;
    action: string;
    fromStatus: number | null;
    toStatus: number | null;
    note: string | null;
  }[];
}

export type QueueState = "queued" | "claimed" | "submitted" | "open";

async function call(path: string, init: RequestInit = {}): Promise<Response> {
  const res = await sessionFetch(`${EDITOR}${path}`, init);
  if (res.ok) return res;
  let code = "error";
  let message = `HTTP ${res.status}`;
  try {
    const body = (await res.json()) as { error?: string; message?: string };
    code = body.error ?? code;
    message = body.message ?? message;
  } catch {
    // not JSON
  }
  throw new ConsoleApiError(res.status, code, message);
}

const json = async <T>(res: Promise<Response>): Promise<T> => (await (await res).json()) as T;

export const editorApi = {
  me: () => json<{ name: string; contactId: number }>(call("/me")),
  queue: (state: QueueState, signal?: AbortSignal) =>
    json<{ items: QueueItemView[]; next: number | null }>(
      call(`/queue?state=${state}&limit=100`, signal ? { signal } : {}),
    ),
  item: (ticket: string, signal?: AbortSignal) =>
    json<EditorItem>(call(`/images/${encodeURIComponent(ticket)}`, signal ? { signal } : {})),
  claim: (ticket: string) =>
    json<EditorItem>(call(`/images/${encodeURIComponent(ticket)}/claim`, { method: "POST" })),
  approve: (ticket: string) =>
    json<{ ticket: string; statusId: number }>(
      call(`/images/${encodeURIComponent(ticket)}/approve`, { method: "POST" }),
    ),
  return: (ticket: string, note: string) =>
    json<EditorItem>(
      call(`/images/${encodeURIComponent(ticket)}/return`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ note }),
      }),
    ),
  /** A file of the item (source, result) as an object URL, for showing or saving. */
  async fileUrl(url: string): Promise<{ url: string; name: string }> {
    const res = await call(url.slice(EDITOR.length));
    const name = /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? "file";
    return { url: URL.createObjectURL(await res.blob()), name };
  },
  /** PUTs the edited file as the result (64 → 66), reporting upload progress. */
  uploadResult(ticket: string, file: Blob, onProgress: (fraction: number) => void): Promise<EditorItem> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open("PUT", `${EDITOR}/images/${encodeURIComponent(ticket)}/result`);
      const csrf = currentCsrfToken();
      if (csrf !== undefined) xhr.setRequestHeader("x-csrf-token", csrf);
      xhr.setRequestHeader(
        "content-type",
        file.type.startsWith("image/") ? file.type : "application/octet-stream",
      );
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) onProgress(e.loaded / e.total);
      };
      xhr.onload = () => {
        let body: unknown;
        try {
          body = JSON.parse(xhr.responseText);
        } catch {
          body = undefined;
        }
        if (xhr.status >= 200 && xhr.status < 300) resolve(body as EditorItem);
        else {
          const b = (body ?? {}) as { error?: string; message?: string };
          reject(new ConsoleApiError(xhr.status, b.error ?? "error", b.message ?? `HTTP ${xhr.status}`));
        }
      };
      xhr.onerror = () => reject(new Error("The upload failed (network error)."));
      xhr.send(file);
    });
  },
};
