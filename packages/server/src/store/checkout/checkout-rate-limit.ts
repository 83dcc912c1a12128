// Budgets of the public checkout (no token to count against): per client IP, per store, and a tighter one
// for checkouts themselves (each holds stock, a coupon use and gift card balances until paid or expired).
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Clock } from "../../core/clock.js";
import type { RateLimitDecision, RateLimiter } from "../http/rate-limiter.js";
import { applyRateLimit } from "../http/rate-limit-reply.js";
import { subdomainFromHost } from "../http/store-host.js";

/** Requests per minute. */
export interface CheckoutRateLimits {
  /** Every checkout request (catalogue, baskets, hosted payment pages) from one IP. Default 120. */
  perIp: number;
  /** Every checkout request naming one store, whoever sends it. Default 6,000. */
  perStore: number;
  /** `POST …/checkout` from one IP. Default 10. */
  checkoutsPerIp: number;
}

export const DEFAULT_CHECKOUT_RATE_LIMITS: CheckoutRateLimits = {
  perIp: 120,
  perStore: 6_000,
  checkoutsPerIp: 10,
};

const SUBDOMAIN = /^[a-z0-9-]{1,63}$/;

export type CheckoutRateLimitHook = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/**
 * The hook counting each request against its budgets (through the Store API's rate limiter, so every
 * process on one database shares them). `X-RateLimit-*` describe the budget closest to running out; a spent
 * budget is a 429 in the Store API's error format with `Retry-After`. The store is named by the path
 * (`/stores/{subdomain}/…`) or the Host, as the routes name it; unknown names are counted too (a flood of
 * made-up stores still spends the sender's IP budget).
 */
export function createCheckoutRateLimitHook(options: {
  rateLimiter: RateLimiter;
  clock: Clock;
  limits: CheckoutRateLimits;
  storeDomain: string;
}): CheckoutRateLimitHook {
  const { rateLimiter, limits } = options;
  return async (request, reply) => {
    const now = options.clock.now();
    const hits: Promise<RateLimitDecision>[] = [
      rateLimiter.hit(`checkout-ip:${request.ip}`, limits.perIp, now),
    ];
    const named = (request.params as { store?: unknown }).store;
    const store =
      typeof named === "string" ? named : subdomainFromHost(request.headers.host, options.storeDomain);
    // Only names a store could have: a made-up path cannot grow the counter table with long keys.
    if (store !== undefined && SUBDOMAIN.test(store))
      hits.push(rateLimiter.hit(`checkout-store:${store}`, limits.perStore, now));
    if (request.method === "POST" && request.routeOptions.url?.endsWith("/checkout") === true)
      hits.push(rateLimiter.hit(`checkout-order-ip:${request.ip}`, limits.checkoutsPerIp, now));
    const decisions = await Promise.all(hits);
    const refused = decisions.find((d) => !d.allowed);
    const tightest = decisions.reduce((a, b) => (b.remaining < a.remaining ? b : a));
    applyRateLimit(reply, refused ?? tightest, now);
  };
}
