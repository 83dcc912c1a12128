// Turns a filled-in operation form into the exact HTTP request the console sends, and shows it as text.
import { sessionHeaders, storeAuthHeaders, studioAuthHeaders } from "../api/credentials";
import { isScalar, typeOf, type ApiOperation, type JsonSchema } from "./openapi-model";

export interface BuiltRequest {
  method: string;
  /** Path and query, same origin. */
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** Form values: parameters and scalar body members as typed; complex body members as JSON text. */
export type FormValues = Record<string, string>;

export class RequestBuildError extends Error {
  override name = "RequestBuildError";
}

function coerce(text: string, schema: JsonSchema, name: string): unknown {
  const t = typeOf(schema);
  if (t === "integer" || t === "number") {
    const n = Number(text);
    if (text.trim() === "" || Number.isNaN(n)) throw new RequestBuildError(`${name} must be a number.`);
    return n;
  }
  if (t === "boolean") return text === "true";
  if (isScalar(schema)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new RequestBuildError(`${name} must be JSON (${t}).`);
  }
}

/** The JSON body: the members that were filled in, typed as their schema says. */
export function buildBody(schema: JsonSchema, values: FormValues): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(schema.properties ?? {})) {
    const v = values[`body.${name}`];
    if (v === undefined || v.trim() === "") continue;
    body[name] = coerce(v, member, name);
  }
  return body;
}

/** What the console session adds: the store a Store call acts on when no token is given. */
export interface SessionContext {
  storeSubdomain?: string;
}

/** The request for `op` with `values`; throws RequestBuildError when a required parameter is missing. */
export function buildRequest(
  op: ApiOperation,
  values: FormValues,
  session: SessionContext = {},
): BuiltRequest {
  let path = op.path;
  const query = new URLSearchParams();
  for (const p of op.parameters) {
    const v = values[`${p.in}.${p.name}`] ?? "";
    if (v === "") {
      if (p.required) throw new RequestBuildError(`${p.name} is required.`);
      continue;
    }
    if (p.in === "path") path = path.replace(`{${p.name}}`, encodeURIComponent(v));
    else if (p.in === "query") query.append(p.name, v);
  }
  const headers: Record<string, string> = {
    ...sessionHeaders(op.method),
    ...(op.auth === "store-bearer"
      ? storeAuthHeaders()
      : op.auth === "studio-headers"
        ? studioAuthHeaders()
        : {}),
  };
  // Without a token a Store call runs as the session, on the store this header names.
  if (op.auth === "store-bearer" && headers["authorization"] === undefined && session.storeSubdomain)
    headers["x-pixl-store"] = session.storeSubdomain;
  headers["accept"] = op.produces[0] ?? "application/json";
  const qs = query.toString();
  const request: BuiltRequest = {
    method: op.method,
    url: `${op.server}${path}${qs ? `?${qs}` : ""}`,
    headers,
  };
  if (op.body?.contentType === "application/json") {
    request.headers["content-type"] = "application/json";
    request.body = JSON.stringify(buildBody(op.body.schema, values), null, 2);
  }
  return request;
}

/** The request as HTTP/1.1 text: request line, headers, blank line, body. */
export function formatRequest(r: BuiltRequest, host: string): string {
  const lines = [`${r.method} ${r.url} HTTP/1.1`, `host: ${host}`];
  for (const [k, v] of Object.entries(r.headers)) lines.push(`${k}: ${v}`);
  return `${lines.join("\n")}\n${r.body === undefined ? "" : `\n${r.body}`}`;
}

export interface RawResponse {
  status: number;
  statusText: string;
  headers: [string, string][];
  /** The body as text, or undefined for binary answers (see `blobUrl`). */
  text?: string;
  /** Binary answers (images, ZIPs): an object URL and the size. */
  blobUrl?: string;
  contentType: string;
  bytes: number;
  ms: number;
}

const TEXTUAL = /^(application\/(json|xml|problem\+json|soap\+xml)|text\/)/;

/** Sends the request and reads the raw answer. */
export async function sendRequest(r: BuiltRequest): Promise<RawResponse> {
  const started = performance.now();
  const res = await fetch(r.url, {
    method: r.method,
    headers: r.headers,
    ...(r.body === undefined ? {} : { body: r.body }),
    credentials: "same-origin",
  });
  const contentType = res.headers.get("content-type") ?? "";
  const blob = await res.blob();
  const base = {
    status: res.status,
    statusText: res.statusText,
    headers: [...res.headers.entries()],
    contentType,
    bytes: blob.size,
    ms: Math.round(performance.now() - started),
  };
  if (TEXTUAL.test(contentType) || contentType === "") return { ...base, text: await blob.text() };
  return { ...base, blobUrl: URL.createObjectURL(blob) };
}
