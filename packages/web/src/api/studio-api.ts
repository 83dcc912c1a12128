// The console's Studio calls: every Studio API method (typed from the SDK's generated contract), the
// console's own endpoints (image detail, previews, finals ZIP) and uploads with progress. Credentials come
// from credentials.ts: a key, or the console session.
import { studioRoutes } from "@pixl/sdk";
import type { ImageDetail, PreviewBody } from "../../../server/src/studio/console/studio-console.schema.js";
import { sessionFetch } from "./console-api";
import { studioAuthHeaders, studioAuthMembers } from "./credentials";
import { studioCall, type StudioMethod, type StudioParams, type StudioResult } from "./studio-client";

export type { ImageDetail };

const CONSOLE = "/api/studio/v1";

/** A failed console call, with the server's message (Pixl's `{error, message}` body). */
export class ConsoleApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ConsoleApiError";
  }
}

export type StudioClient = {
  [M in StudioMethod]: (params?: StudioParams<M>) => Promise<StudioResult<M>>;
};

/**
 * The Studio API for the signed-in contact: each method answers its response or throws when ErrorCode is not
 * NoError. Built per use (credentials may change).
 */
export function studioClient(): StudioClient {
  const auth = studioAuthMembers();
  return Object.fromEntries(
    Object.keys(studioRoutes).map((m) => [
      m,
      (params: Record<string, unknown> = {}) => studioCall(m as StudioMethod, { ...auth, ...params }),
    ]),
  ) as StudioClient;
}

async function consoleFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const res = await sessionFetch(`${CONSOLE}${path}`, {
    ...init,
    headers: {
      ...studioAuthHeaders(),
      ...(init.body === undefined ? {} : { "content-type": "application/json" }),
    },
  });
  if (res.ok) return res;
  let code = "error";
  let message = `HTTP ${res.status}`;
  try {
    const body = (await res.json()) as { error?: string; message?: string };
    code = body.error ?? code;
    message = body.message ?? message;
  } catch {
    // not JSON: keep the status
  }
  throw new ConsoleApiError(res.status, code, message);
}

export async function getImageDetail(ticket: string, signal?: AbortSignal): Promise<ImageDetail> {
  const res = await consoleFetch(`/images/${encodeURIComponent(ticket)}`, signal ? { signal } : {});
  return ((await res.json()) as { data: ImageDetail }).data;
}

export interface PreviewImage {
  /** An object URL (revoke it when replaced). */
  url: string;
  width: number;
  height: number;
  /** Preview size over final size. */
  scale: number;
}

export async function previewTemplate(body: PreviewBody, signal?: AbortSignal): Promise<PreviewImage> {
  const res = await consoleFetch("/previews", {
    method: "POST",
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
  const [w, h] = (res.headers.get("x-pixl-preview-size") ?? "0x0").split("x").map(Number);
  return {
    url: URL.createObjectURL(await res.blob()),
    width: w ?? 0,
    height: h ?? 0,
    scale: Number(res.headers.get("x-pixl-preview-scale") ?? "1"),
  };
}

/** Asks for the ZIP of the images' finals and hands it to the browser as a download. */
export async function downloadFinalsZip(tickets: readonly string[]): Promise<void> {
  const res = await consoleFetch("/finals.zip", {
    method: "POST",
    body: JSON.stringify({ imageTickets: tickets }),
  });
  const name = /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? "finals.zip";
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * PUTs `file` to a presigned UploadUrl, reporting progress (0–1). XMLHttpRequest, because fetch cannot
 * report upload progress. Rejects with the HTTP status on failure, or when `signal` aborts.
 */
export function putWithProgress(
  url: string,
  file: Blob,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", url);
    if (file.type !== "") xhr.setRequestHeader("content-type", file.type);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve();
      } else reject(new Error(`The upload answered HTTP ${xhr.status}.`));
    };
    xhr.onerror = () => reject(new Error("The upload failed (network error)."));
    xhr.onabort = () => reject(new DOMException("The upload was cancelled.", "AbortError"));
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

/** Uploads one file by direct upload (RequestPresignUrls + PUT); resolves with its DownloadUrl. */
export async function uploadFile(
  name: string,
  file: Blob,
  onProgress: (fraction: number) => void = () => undefined,
): Promise<string> {
  const { PostingUrls } = await studioClient().requestPresignUrls({ imageNames: [name] });
  const pair = PostingUrls[0];
  if (!pair) throw new Error("No upload URL was given.");
  await putWithProgress(pair.UploadUrl, file, onProgress);
  return pair.DownloadUrl;
}
