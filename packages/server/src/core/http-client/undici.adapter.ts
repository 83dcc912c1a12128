// The undici adapter: the only file that imports undici. Keep-alive pools whose sockets resolve hosts
// through the address-checking lookup hook, and undici's errors translated to AppErrors.
import type { LookupFunction } from "node:net";
import type { Readable } from "node:stream";
import { Agent } from "undici";
import { AppError, messageOf } from "../errors/index.js";

/** Response headers as received; repeated headers become arrays. */
export type ResponseHeaders = Record<string, string | string[] | undefined>;

/** One HTTP exchange, without redirects. */
export interface TransportRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: Uint8Array | string | undefined;
  signal: AbortSignal;
  /** Limit for DNS lookup plus TCP (and TLS) handshake of a new connection. */
  connectTimeoutMs: number;
}

export interface TransportResponse {
  status: number;
  headers: ResponseHeaders;
  body: Readable;
}

/** The port the safe client sends through: just what it uses. */
export interface HttpTransport {
  send(request: TransportRequest): Promise<TransportResponse>;
  close(): Promise<void>;
}

export interface UndiciTransportOptions {
  /** Resolves host names for every new socket; it is where the address policy is enforced. */
  lookup: LookupFunction;
  /** How long an idle keep-alive socket is kept. Default 4 s (below typical server idle timeouts). */
  keepAliveTimeoutMs?: number;
}

/**
 * Creates a transport over undici Agents. One Agent (connection pool) per connect timeout in use, so a
 * per-call connect timeout does not cost keep-alive reuse for callers that keep the same settings.
 * undici's own header/body timeouts are off: the client enforces one total deadline through `signal`.
 */
export function createUndiciTransport(options: UndiciTransportOptions): HttpTransport {
  const agents = new Map<number, Agent>();

  function agentFor(connectTimeoutMs: number): Agent {
    let agent = agents.get(connectTimeoutMs);
    if (agent === undefined) {
      agent = new Agent({
        connect: { timeout: connectTimeoutMs, lookup: options.lookup },
        keepAliveTimeout: options.keepAliveTimeoutMs ?? 4_000,
        headersTimeout: 0,
        bodyTimeout: 0,
      });
      agents.set(connectTimeoutMs, agent);
    }
    return agent;
  }

  return {
    async send(request) {
      const { url } = request;
      try {
        const response = await agentFor(request.connectTimeoutMs).request({
          origin: url.origin,
          path: `${url.pathname}${url.search}`,
          method: request.method,
          headers: request.headers,
          body: request.body,
          signal: request.signal,
        });
        return { status: response.statusCode, headers: response.headers, body: response.body };
      } catch (e) {
        if (request.signal.aborted) throw e;
        throw toTransportError(e, url, request.connectTimeoutMs);
      }
    },
    async close() {
      const all = [...agents.values()];
      agents.clear();
      await Promise.all(all.map((agent) => agent.destroy()));
    },
  };
}

/** Maps undici and socket errors to AppErrors; a refusal raised by the lookup hook passes through. */
function toTransportError(e: unknown, url: URL, connectTimeoutMs: number): AppError {
  const refusal = findAppError(e);
  if (refusal !== undefined) return refusal;
  const code = errorCodeOf(e);
  if (code === "UND_ERR_CONNECT_TIMEOUT") {
    return new AppError(
      "fetch_timeout",
      `Could not connect to ${url.host} within ${connectTimeoutMs} ms`,
      { reason: "connect_timeout", timeoutMs: connectTimeoutMs, host: url.host },
      { cause: e },
    );
  }
  const dns = code === "ENOTFOUND" || code === "EAI_AGAIN";
  return new AppError(
    "fetch_failed",
    dns ? `Could not resolve ${url.hostname}` : `Request to ${url.host} failed: ${messageOf(e)}`,
    { reason: dns ? "dns_failed" : "network_error", host: url.host, ...(code ? { error: code } : {}) },
    { cause: e },
  );
}

function findAppError(e: unknown): AppError | undefined {
  for (let current = e, depth = 0; current instanceof Error && depth < 5; depth++) {
    if (current instanceof AppError) return current;
    current = current.cause;
  }
  return undefined;
}

function errorCodeOf(e: unknown): string | undefined {
  for (let current = e, depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = current.cause;
  }
  return undefined;
}
