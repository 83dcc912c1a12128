// The safe outbound HTTP client: the only way Pixl fetches a user-supplied URL (image downloads, webhook
// deliveries). Checks every hop's scheme and address, bounds redirects, time and body size.
import { performance } from "node:perf_hooks";
import type { Readable } from "node:stream";
import { setImmediate as nextMacrotask } from "node:timers/promises";
import { AppError } from "../errors/index.js";
import {
  createAddressPolicy,
  createAddressRefusedError,
  findIpLiteral,
  parseOutboundUrl,
  type AddressPolicy,
} from "./address-policy.js";
import { createDeadline, type Deadline } from "./deadline.js";
import {
  abandon,
  contentLengthOver,
  createTooLargeError,
  discard,
  firstHeader,
  limitStream,
  readBody,
} from "./response-body.js";
import { createCheckedLookup, systemResolveHost, type ResolveHost } from "./checked-lookup.js";
import {
  createUndiciTransport,
  type HttpTransport,
  type ResponseHeaders,
  type TransportResponse,
} from "./undici.adapter.js";

const MiB = 1024 * 1024;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Headers that must not follow a redirect to another origin. */
const CREDENTIAL_HEADERS = ["authorization", "cookie", "proxy-authorization"];

/** Per-call limits; each defaults to the client's value. */
export interface SafeRequestLimits {
  /**
   * DNS lookup plus TCP/TLS handshake of a new connection, in ms. Client default 10 s. Enforced by
   * undici's coarse timers, so it may fire up to about a second late.
   */
  connectTimeoutMs?: number;
  /** Whole exchange including redirects and reading the body, in ms. Client default 30 s. */
  totalTimeoutMs?: number;
  /** Largest response body accepted, in bytes. Client default 50 MiB. */
  maxBodyBytes?: number;
  /** Most redirects followed before refusing with `too_many_redirects`. Client default 5. */
  maxRedirects?: number;
}

export interface SafeHttpClientOptions extends SafeRequestLimits {
  /** Let loopback and private addresses through (config `allowPrivateNetworks`). Default false. */
  allowPrivateNetworks?: boolean;
  /** CIDR ranges reachable whatever their class (narrow exceptions, tests). Default none. */
  allowedRanges?: readonly string[];
  /** How host names are resolved. Default: the system resolver. Tests inject one to simulate DNS. */
  resolveHost?: ResolveHost;
  /** Sent when the caller sets no `user-agent`. Default `Pixl`. */
  userAgent?: string;
}

export interface SafeRequestOptions extends SafeRequestLimits {
  /** Default GET. */
  method?: string;
  /** Request headers (names case-insensitive). */
  headers?: Record<string, string>;
  /** Raw request body, sent as-is (and re-sent on a 307/308 redirect). */
  body?: string | Uint8Array;
  /** When false, a 3xx answer is returned as the response instead of followed. Default true. */
  followRedirects?: boolean;
  /** Cancels the request; the error is `fetch_failed` with reason `aborted`. */
  signal?: AbortSignal;
}

export interface SafeBufferedRequestOptions extends SafeRequestOptions {
  /**
   * When true, a body over `maxBodyBytes` is cut at the limit (`truncated: true`) instead of refused —
   * what webhook deliveries want for recording the endpoint's answer. Default false.
   */
  truncateBody?: boolean;
}

/** What came back, after redirects. */
export interface SafeResponseHead {
  /** The final URL (after redirects). */
  url: string;
  status: number;
  headers: ResponseHeaders;
  /** Every URL redirected to, in order. */
  redirects: string[];
  /** Milliseconds from the call to the end of the body (buffered) or to the response head (stream). */
  durationMs: number;
}

export interface SafeResponse extends SafeResponseHead {
  body: Buffer;
  /** True when the body was cut at `maxBodyBytes` (only with `truncateBody`). */
  truncated: boolean;
}

export interface SafeStreamResponse extends SafeResponseHead {
  /** Errors with `fetch_too_large` past `maxBodyBytes` and `fetch_timeout` past the total timeout. */
  body: Readable;
}

/** Outbound HTTP for user-supplied URLs. Errors are AppErrors: `url_refused`, `fetch_*`. */
export interface SafeHttpClient {
  /** Sends a request and buffers the response body (webhook deliveries, small downloads). */
  request(url: string | URL, options?: SafeBufferedRequestOptions): Promise<SafeResponse>;
  /** Sends a request and streams the response body (image downloads). Consume or destroy `body`. */
  stream(url: string | URL, options?: SafeRequestOptions): Promise<SafeStreamResponse>;
  /** Destroys every pooled keep-alive connection, aborting requests still in flight (shutdown). */
  /**
   * Checks a URL without fetching it: scheme, credentials, and every address its host resolves to now
   * (used when a webhook endpoint or callback URL is registered; each request checks again, since DNS
   * may change). Throws the same `url_refused` / `fetch_failed` (dns_failed) errors a request would.
   */
  assertAllowed(url: string | URL): Promise<void>;
  close(): Promise<void>;
}

interface Exchange {
  head: Omit<SafeResponseHead, "durationMs">;
  response: TransportResponse;
  maxBodyBytes: number;
  startedAt: number;
  deadline: Deadline;
}

/**
 * Creates the client. Defaults: connect 10 s, total 30 s, body 50 MiB, 5 redirects, private networks
 * refused. Connections are kept alive and reused per origin (one pool per connect timeout in use).
 */
export function createSafeHttpClient(options: SafeHttpClientOptions = {}): SafeHttpClient {
  const policy = createAddressPolicy(options);
  const transport = createUndiciTransport({
    lookup: createCheckedLookup(options.resolveHost ?? systemResolveHost, policy),
  });
  const defaults = assertLimits({
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    totalTimeoutMs: options.totalTimeoutMs ?? 30_000,
    maxBodyBytes: options.maxBodyBytes ?? 50 * MiB,
    maxRedirects: options.maxRedirects ?? 5,
  });
  const userAgent = options.userAgent ?? "Pixl";
  const resolveHost = options.resolveHost ?? systemResolveHost;

  async function assertAllowed(input: string | URL): Promise<void> {
    const url = parseOutboundUrl(input);
    const literal = findIpLiteral(url);
    const addresses = literal === undefined ? await resolveOrFail(resolveHost, url.hostname) : [literal];
    for (const address of addresses) {
      const refusal = policy.findRefusal(address);
      if (refusal !== undefined) throw createAddressRefusedError(refusal, url.hostname);
    }
  }

  async function open(input: string | URL, o: SafeRequestOptions, truncate: boolean): Promise<Exchange> {
    const limits = assertLimits({ ...defaults, ...definedOnly(o) });
    const startedAt = performance.now();
    const deadline = createDeadline(limits.totalTimeoutMs, o.signal);
    try {
      const opened = await follow(transport, policy, input, o, limits, deadline.signal, userAgent);
      // A HEAD answer declares the length of a body it does not send.
      const tooLarge =
        opened.method === "HEAD"
          ? undefined
          : contentLengthOver(opened.response.headers, limits.maxBodyBytes);
      if (tooLarge !== undefined && !truncate) {
        abandon(opened.response.body);
        throw createTooLargeError(limits.maxBodyBytes, tooLarge);
      }
      return {
        head: opened.head,
        response: opened.response,
        maxBodyBytes: limits.maxBodyBytes,
        startedAt,
        deadline,
      };
    } catch (e) {
      deadline.clear();
      throw deadline.explain(e);
    }
  }

  return {
    async request(url, o = {}) {
      const truncate = o.truncateBody === true;
      const { head, response, maxBodyBytes, startedAt, deadline } = await open(url, o, truncate);
      try {
        const { body, truncated } = await readBody(response.body, maxBodyBytes, truncate);
        // undici hands the socket back to its pool just after the body ends; without this turn of the
        // event loop a caller's very next request finds it busy and opens a second connection.
        await nextMacrotask();
        return { ...head, body, truncated, durationMs: performance.now() - startedAt };
      } catch (e) {
        throw deadline.explain(e);
      } finally {
        deadline.clear();
      }
    },
    async stream(url, o = {}) {
      const { head, response, maxBodyBytes, startedAt, deadline } = await open(url, o, false);
      const body = limitStream(response.body, maxBodyBytes, deadline);
      return { ...head, body, durationMs: performance.now() - startedAt };
    },
    assertAllowed,
    close: () => transport.close(),
  };
}

/** Sends `input`, following redirects with every hop re-checked. */
async function follow(
  transport: HttpTransport,
  policy: AddressPolicy,
  input: string | URL,
  o: SafeRequestOptions,
  limits: Required<SafeRequestLimits>,
  signal: AbortSignal,
  userAgent: string,
): Promise<Pick<Exchange, "head" | "response"> & { method: string }> {
  let url = parseOutboundUrl(input);
  let method = (o.method ?? "GET").toUpperCase();
  let body = o.body;
  let headers = lowerCaseKeys(o.headers ?? {});
  headers["user-agent"] ??= userAgent;
  const visited = new Set([withoutHash(url)]);
  const redirects: string[] = [];
  for (;;) {
    // IP-literal hosts never reach the lookup hook, so they are checked here.
    const literal = findIpLiteral(url);
    const refusal = literal === undefined ? undefined : policy.findRefusal(literal);
    if (refusal !== undefined) throw createAddressRefusedError(refusal, url.hostname);

    const response = await transport.send({
      url,
      method,
      headers,
      body,
      signal,
      connectTimeoutMs: limits.connectTimeoutMs,
    });
    const location = firstHeader(response.headers, "location");
    if (!REDIRECT_STATUSES.has(response.status) || location === undefined || o.followRedirects === false) {
      return {
        head: { url: url.href, status: response.status, headers: response.headers, redirects },
        response,
        method,
      };
    }
    await discard(response.body);
    if (redirects.length >= limits.maxRedirects) {
      throw new AppError("url_refused", `More than ${limits.maxRedirects} redirects`, {
        reason: "too_many_redirects",
        maxRedirects: limits.maxRedirects,
        redirects,
      });
    }
    const next = parseOutboundUrl(location, url);
    if (visited.has(withoutHash(next))) {
      throw new AppError("url_refused", `Redirect loop back to ${next.href}`, {
        reason: "redirect_loop",
        url: next.href,
        redirects,
      });
    }
    visited.add(withoutHash(next));
    redirects.push(next.href);
    // As browsers do: 303 (and 301/302 after a POST) turn into a GET without body; 307/308 keep both.
    if (
      response.status === 303 ||
      ((response.status === 301 || response.status === 302) && method === "POST")
    ) {
      if (method !== "HEAD") method = "GET";
      body = undefined;
      headers = omitKeys(headers, ["content-type", "content-length"]);
    }
    if (next.origin !== url.origin) headers = omitKeys(headers, CREDENTIAL_HEADERS);
    url = next;
  }
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

function omitKeys(headers: Record<string, string>, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => !names.includes(k)));
}

function withoutHash(url: URL): string {
  return url.href.replace(/#.*$/, "");
}

/** Limits are programmer input: a bad one (negative, NaN, 0 ms) is a bug, thrown as a RangeError. */
function assertLimits(limits: Required<SafeRequestLimits>): Required<SafeRequestLimits> {
  for (const [name, value] of Object.entries(limits)) {
    const min = name === "maxRedirects" ? 0 : 1;
    if (!Number.isInteger(value) || value < min) {
      throw new RangeError(`${name} must be an integer of at least ${min}, got ${value}`);
    }
  }
  return limits;
}

function definedOnly(o: SafeRequestLimits): SafeRequestLimits {
  return Object.fromEntries(
    (["connectTimeoutMs", "totalTimeoutMs", "maxBodyBytes", "maxRedirects"] as const)
      .filter((k) => o[k] !== undefined)
      .map((k) => [k, o[k]]),
  );
}

async function resolveOrFail(resolveHost: ResolveHost, hostname: string): Promise<readonly string[]> {
  let addresses: readonly string[];
  try {
    addresses = await resolveHost(hostname);
  } catch (e) {
    throw new AppError(
      "fetch_failed",
      `Could not resolve ${hostname}`,
      { reason: "dns_failed", host: hostname },
      { cause: e },
    );
  }
  if (addresses.length === 0) {
    throw new AppError("fetch_failed", `Could not resolve ${hostname}`, {
      reason: "dns_failed",
      host: hostname,
    });
  }
  return addresses;
}
