// The Studio JSON API as the console calls it: the session stands in for contactAPIkey (the server fills
// the contact's email and key), the CSRF header goes on changes; an ErrorCode other than NoError throws.
import { studioRoutes, type StudioMethods } from "@pixl/sdk";
import { ApiError, sessionFetch } from "./console-api";

export type StudioMethod = keyof StudioMethods;
type Credentials = "contactEmail" | "contactAPIkey";
export type StudioParams<M extends StudioMethod> = Omit<StudioMethods[M]["request"], Credentials> & {
  contactEmail?: string;
};
export type StudioResult<M extends StudioMethod> = StudioMethods[M]["response"];

/** A member as text (the API takes strings, numbers and booleans; lists are comma-joined). */
function scalar(v: unknown): string {
  if (v === undefined || v === null) return "";
  if (Array.isArray(v)) return v.map(scalar).join(",");
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}

/** The exact request a call sends: method, URL and body (the API console shows it). */
export function studioRequest(method: StudioMethod, params: Record<string, unknown>) {
  const route = studioRoutes[method];
  const inPath = new Set<string>();
  const path = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    inPath.add(name);
    return encodeURIComponent(scalar(params[name]));
  });
  const rest = Object.fromEntries(Object.entries(params).filter(([k]) => !inPath.has(k)));
  let url = `/REST.svc/JSON/${path}`;
  let body: string | undefined;
  if (route.method === "GET" || route.method === "DELETE") {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(rest)) if (v !== undefined && v !== "") q.append(k, scalar(v));
    const qs = q.toString();
    if (qs !== "") url += `?${qs}`;
  } else body = JSON.stringify(rest);
  return { method: route.method, url, body };
}

export class StudioCallError extends ApiError {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(200, message === "" ? code : `${code}: ${message}`);
  }
}

export async function studioCall<M extends StudioMethod>(
  method: M,
  params: StudioParams<M>,
): Promise<StudioResult<M>> {
  const req = studioRequest(method, params);
  const r = await sessionFetch(req.url, {
    method: req.method,
    ...(req.body === undefined ? {} : { body: req.body, headers: { "content-type": "application/json" } }),
  });
  const text = await r.text();
  let json: { ErrorCode?: string; Message?: string } = {};
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    throw new ApiError(r.status, `The Studio API answered ${r.status}: ${text.slice(0, 200)}`);
  }
  if (json.ErrorCode !== "NoError")
    throw new StudioCallError(json.ErrorCode ?? `HTTP ${r.status}`, json.Message ?? "");
  return json as StudioResult<M>;
}

/** PUTs a file to a presigned URL, reporting progress (0–1); fetch cannot report upload progress. */
export function uploadWithProgress(
  url: string,
  file: Blob,
  onProgress: (fraction: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", url);
    xhr.setRequestHeader("content-type", file.type || "application/octet-stream");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () =>
      xhr.status < 300 ? resolve() : reject(new ApiError(xhr.status, `Upload failed (HTTP ${xhr.status})`));
    xhr.onerror = () => reject(new ApiError(0, "Upload failed (network)"));
    xhr.send(file);
  });
}
