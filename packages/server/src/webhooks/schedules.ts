// Retry schedules for webhook deliveries: delays (ms) after each failed attempt.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * Each schedule lists the wait before attempt 2, 3, …; its length + 1 is the number of attempts.
 * - `store`: Pixlpay's documented 3 retries at +1 min, +5 min, +30 min.
 * - `store-extended`: the Standard Webhooks example (~1.3 days of retries) for stores that prefer it.
 * - `studio`: Pixelz's attempts right away, then +5 min, +1 h, +5 h.
 */
export const retrySchedules = {
  store: [1 * MINUTE, 5 * MINUTE, 30 * MINUTE],
  "store-extended": [5_000, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR],
  studio: [5 * MINUTE, 1 * HOUR, 5 * HOUR],
} as const satisfies Record<string, readonly number[]>;

export type ScheduleName = keyof typeof retrySchedules;

export function isScheduleName(name: string): name is ScheduleName {
  return Object.hasOwn(retrySchedules, name);
}

/** Attempts in total under a schedule. */
export function maxAttemptsOf(schedule: ScheduleName): number {
  return retrySchedules[schedule].length + 1;
}

/** Delay before the attempt after `failedAttempt` (1-based), or undefined when the schedule is exhausted. */
export function delayAfter(schedule: ScheduleName, failedAttempt: number): number | undefined {
  return retrySchedules[schedule][failedAttempt - 1];
}
