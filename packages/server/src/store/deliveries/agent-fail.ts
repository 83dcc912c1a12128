// How an agent fails a claimed command or Discord operation: the request body both agent APIs take, and the
// outcome it means (for good, or back to pending, not offered again before `retry_after_seconds`).
import { Type, type Static } from "@sinclair/typebox";

/** The longest deferral an agent may ask for: one day. */
export const MAX_RETRY_AFTER_SECONDS = 86_400;

/** Body of POST /agent/commands/{id}/fail and POST /discord-agent/fail/{id}; may be empty. */
export const AgentFailBody = Type.Union([
  Type.Object({
    reason: Type.Optional(Type.String({ maxLength: 1000 })),
    /** True: not done yet (player offline, server busy, Discord rate limit); offer it again later. */
    retry: Type.Optional(Type.Boolean()),
    /** With `retry`: not offered again for this long (default 0: at the next poll or claim). */
    retry_after_seconds: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_RETRY_AFTER_SECONDS })),
  }),
  Type.Null(),
]);
export type AgentFailBody = Static<typeof AgentFailBody>;

export interface FailOutcome {
  reason: string;
  retry: boolean;
  /** With `retry`: how long it is not offered again (0: at once). */
  retryAfterMs: number;
}

/** The outcome a fail body asks for; a blank reason becomes `fallbackReason`. */
export function failOutcomeOf(body: AgentFailBody | undefined, fallbackReason: string): FailOutcome {
  const b = body ?? {};
  return {
    reason: b.reason?.trim() || fallbackReason,
    retry: b.retry === true,
    retryAfterMs: b.retry === true ? (b.retry_after_seconds ?? 0) * 1000 : 0,
  };
}

/** The row's `available_at` after a fail: `now + retryAfterMs` for a delayed retry, else null (no delay). */
export function availableAtAfter(now: number, outcome: FailOutcome): number | null {
  return outcome.retry && outcome.retryAfterMs > 0 ? now + outcome.retryAfterMs : null;
}
