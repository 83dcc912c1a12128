// Request hooks of the Store API: bearer authentication, Host/token agreement, rate limit, scopes.
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from "fastify";
import type { Clock } from "../../core/clock.js";
import type { Executor } from "../../core/db/index.js";
import { AppError } from "../../core/errors/index.js";
import type { Scope } from "../tokens/scopes.js";
import { assertScope, createTokenAuthenticator, type Principal } from "../tokens/token.service.js";
import type { RateLimiter } from "./rate-limiter.js";
import { applyRateLimit } from "./rate-limit-reply.js";
import { getPrincipal, setPrincipal } from "./request-context.js";
import { subdomainFromHost } from "./store-host.js";

export interface AuthHookOptions {
  db: Executor;
  clock: Clock;
  rateLimiter: RateLimiter;
  /** Stores live at `{subdomain}.<storeDomain>`. */
  storeDomain: string;
  /** How requests without a bearer token may still authenticate (the web console's session). */
  alternative?: AlternativeAuth;
}

/**
 * A second way in for requests without `Authorization: Bearer`: the principal (with the subdomain the
 * Host names, if any) and the key its rate limit is counted under, or undefined (then 401).
 */
export type AlternativeAuth = (
  request: FastifyRequest,
  hostSubdomain: string | undefined,
) => Promise<{ principal: Principal; rateKey: string } | undefined>;

const unauthorized = () => new AppError("unauthorized", "Invalid or missing API token");

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const m = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1];
}

/**
 * Authenticates every request: a valid, unrevoked, unexpired token (else 401); when the Host names a store
 * it must be the token's store (else 401, as the docs say); then one hit on the token's rate limit
 * (429 with `Retry-After` and `X-RateLimit-Reset` when spent). `X-RateLimit-*` headers go on every
 * authenticated response, errors included.
 */
export function createAuthHook(options: AuthHookOptions): onRequestAsyncHookHandler {
  const authenticator = createTokenAuthenticator(options.db, options.clock);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const secret = bearer(request);
    const named = subdomainFromHost(request.headers.host, options.storeDomain);
    let principal: Principal | null;
    let rateKey: string;
    if (secret === undefined) {
      const other = options.alternative ? await options.alternative(request, named) : undefined;
      if (!other) throw unauthorized();
      ({ principal, rateKey } = other);
    } else {
      principal = await authenticator.tryAuthenticate(secret);
      if (!principal) throw unauthorized();
      rateKey = `token:${principal.token.id}`;
    }
    if (named !== undefined && named !== principal.store.subdomain) throw unauthorized();
    const now = options.clock.now();
    const decision = await options.rateLimiter.hit(rateKey, principal.token.rateLimit, now);
    applyRateLimit(reply, decision, now);
    setPrincipal(request, principal);
  };
}

/** A route hook refusing (403) tokens without `scope`. */
export function requireScope(scope: Scope): onRequestAsyncHookHandler {
  return (request: FastifyRequest) => {
    assertScope(getPrincipal(request).token, scope);
    return Promise.resolve();
  };
}
