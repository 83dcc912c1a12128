// How a counted request learns its budget: X-RateLimit-* headers on the reply, and a 429 when it is spent.
import type { FastifyReply } from "fastify";
import { AppError } from "../../core/errors/index.js";
import type { RateLimitDecision } from "./rate-limiter.js";

/**
 * Sets `X-RateLimit-Limit` and `X-RateLimit-Remaining` from `decision`; when the request is refused, also
 * `Retry-After` (seconds, at least 1) and `X-RateLimit-Reset` (epoch seconds), and throws the 429 the error
 * encoder writes as `{"success":false,"error":"Too Many Requests","message":"…"}`.
 */
export function applyRateLimit(reply: FastifyReply, decision: RateLimitDecision, now: number): void {
  void reply.header("X-RateLimit-Limit", String(decision.limit));
  void reply.header("X-RateLimit-Remaining", String(decision.remaining));
  if (decision.allowed) return;
  const seconds = Math.max(1, Math.ceil((decision.resetAt - now) / 1000));
  void reply.header("Retry-After", String(seconds));
  void reply.header("X-RateLimit-Reset", String(Math.ceil(decision.resetAt / 1000)));
  throw new AppError("rate_limited", `Too many requests. Retry in ${seconds} seconds.`);
}
