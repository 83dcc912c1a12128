// One JSON request over fetch: base URL, query encoding, headers, bounded retry on 429, errors by status.
import { PixlConnectionError, RateLimitError, createStoreApiError, type StoreErrorBody } from "./errors.js";
import { parseRetryAfter } from "./retry-after.js";

/** The fetch the SDK uses (the global one by default; pass another for proxies, tests or old runtimes). */
export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export interface RetryOptions {
  /** Retries after a 429 (each waits what `Retry-After` asks). Default 3; 0 turns retrying off. */
  maxRetries?: number;
  /** A `Retry-After` longer than this is not waited for: the RateLimitError is thrown. Default 60 000. */
  maxDelayMs?: number;
  /** Wait used when a 429 carries no usable `Retry-After`. Default 1 000. */
  defaultDelayMs?: number;
}

export interface TransportOptions {
  /** Where the API lives, e.g. `https://shop.example.com/api/external/v1` (no trailing slash needed). */
  baseUrl: string;
  headers: Record<string, string>;
  fetch?: Fetch;
  retry?: RetryOptions;
  /** Per-request deadline in ms. Default 30 000. */
  timeoutMs?: number;
  /** How the transport waits between retries (tests pass a fake). */
  sleep?: (ms: number) => Promise<void>;
  /** Builds the error for a non-2xx answer. Default: the Store API envelope's StoreApiError classes. */
  toError?: (status: number, body: unknown, text: string, headers: Headers) => Error;
}

type RawBody = NonNullable<RequestInit["body"]>;

export type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];

export interface RequestOptions {
  query?: Record<string, QueryValue> | object;
  /** JSON-encoded unless it is a Blob, ArrayBuffer, Uint8Array or string (sent as is). */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface RawResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `?a=1&b=x` from an object, skipping undefined and null; arrays repeat the key. */
export function encodeQuery(query: object | undefined): string {
  if (query === undefined) return "";
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query as Record<string, QueryValue>)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v))
      for (const item of v as readonly (string | number)[]) params.append(k, String(item));
    else params.append(k, String(v));
  }
  const s = params.toString();
  return s === "" ? "" : `?${s}`;
}

function isRawBody(body: unknown): body is RawBody {
  return (
    typeof body === "string" ||
    body instanceof ArrayBuffer ||
    body instanceof Uint8Array ||
    (typeof Blob !== "undefined" && body instanceof Blob) ||
    (typeof FormData !== "undefined" && body instanceof FormData)
  );
}

export interface Transport {
  request<T>(method: string, path: string, options?: RequestOptions): Promise<RawResponse<T>>;
}

/** A transport; errors come back as StoreApiError subclasses (the Store API's envelope). */
export function createTransport(options: TransportOptions): Transport {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const doFetch: Fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const maxRetries = options.retry?.maxRetries ?? 3;
  const maxDelayMs = options.retry?.maxDelayMs ?? 60_000;
  const defaultDelayMs = options.retry?.defaultDelayMs ?? 1_000;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const sleep = options.sleep ?? defaultSleep;

  async function once(
    method: string,
    url: string,
    init: RequestInit,
    signal?: AbortSignal,
  ): Promise<Response> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? anySignal([signal, timeout]) : timeout;
    try {
      return await doFetch(url, { ...init, method, signal: combined });
    } catch (e) {
      if (signal?.aborted) throw e;
      const reason = timeout.aborted ? `timed out after ${timeoutMs} ms` : errorText(e);
      throw new PixlConnectionError(`${method} ${url}: ${reason}`, e);
    }
  }

  return {
    async request<T>(method: string, path: string, o: RequestOptions = {}): Promise<RawResponse<T>> {
      const url = `${baseUrl}${path}${encodeQuery(o.query)}`;
      const headers: Record<string, string> = {
        accept: "application/json",
        ...options.headers,
        ...o.headers,
      };
      let body: RawBody | undefined;
      if (o.body !== undefined) {
        if (isRawBody(o.body)) body = o.body;
        else {
          body = JSON.stringify(o.body);
          headers["content-type"] ??= "application/json";
        }
      }
      for (let attempt = 0; ; attempt++) {
        const res = await once(method, url, { headers, ...(body === undefined ? {} : { body }) }, o.signal);
        if (res.status === 429 && attempt < maxRetries) {
          const wait = parseRetryAfter(res.headers.get("retry-after"), Date.now()) ?? defaultDelayMs;
          if (wait <= maxDelayMs) {
            await res.body?.cancel();
            await sleep(wait);
            continue;
          }
        }
        return read<T>(method, url, res, options.toError ?? storeError);
      }
    },
  };
}

async function read<T>(
  method: string,
  url: string,
  res: Response,
  toError: NonNullable<TransportOptions["toError"]>,
): Promise<RawResponse<T>> {
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text === "" ? undefined : JSON.parse(text);
  } catch {
    if (res.ok)
      throw new PixlConnectionError(`${method} ${url}: HTTP ${res.status} with a body that is not JSON`);
  }
  if (res.ok) return { status: res.status, headers: res.headers, body: parsed as T };
  throw toError(res.status, parsed, text, res.headers);
}

function storeError(status: number, parsed: unknown, text: string, headers: Headers): Error {
  const envelope: StoreErrorBody = isErrorBody(parsed)
    ? parsed
    : { success: false, error: `HTTP ${status}`, message: text.slice(0, 200) || `HTTP ${status}` };
  const error = createStoreApiError(status, envelope, headers.get("x-request-id") ?? undefined);
  if (error instanceof RateLimitError)
    error.retryAfterMs = parseRetryAfter(headers.get("retry-after"), Date.now());
  return error;
}

function isErrorBody(v: unknown): v is StoreErrorBody {
  return (
    typeof v === "object" &&
    v !== null &&
    typeof (v as StoreErrorBody).message === "string" &&
    typeof (v as StoreErrorBody).error === "string"
  );
}

function errorText(e: unknown): string {
  if (e instanceof Error) {
    const cause = (e as { cause?: unknown }).cause;
    return cause instanceof Error ? `${e.message} (${cause.message})` : e.message;
  }
  return String(e);
}

/** AbortSignal.any where available (Node 20.3+, browsers), else a manual merge (Node 18). */
function anySignal(signals: AbortSignal[]): AbortSignal {
  const any = (AbortSignal as { any?: (s: AbortSignal[]) => AbortSignal }).any;
  if (any) return any(signals);
  const controller = new AbortController();
  for (const s of signals) {
    if (s.aborted) {
      controller.abort(s.reason);
      break;
    }
    s.addEventListener("abort", () => controller.abort(s.reason), { once: true });
  }
  return controller.signal;
}
