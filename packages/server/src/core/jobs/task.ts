// Task descriptors: a name, a typed payload (optionally checked by a TypeBox schema) and a retry policy.
import type { Static, TSchema } from "@sinclair/typebox";
import { TypeCompiler } from "@sinclair/typebox/compiler";

/** Delays that double after each failed attempt, capped, each shortened by up to `jitter` (0..1) of itself. */
export interface ExponentialBackoff {
  /** Delay after the first failed attempt (ms). */
  baseMs: number;
  /** Longest delay (ms). */
  maxMs: number;
  /** Fraction of each delay removed at random: the delay lies in [d·(1−jitter), d]. Default 0. */
  jitter?: number;
  /** Growth per attempt. Default 2. */
  factor?: number;
}

/**
 * How long to wait before the next attempt: exponential, or an exact schedule of delays (ms) after failed
 * attempt 1, 2, … with no jitter (the last delay repeats when `maxAttempts` allows more attempts).
 */
export type Backoff = ExponentialBackoff | readonly number[];

/** A task's retry policy. */
export interface RetryPolicy {
  /** Attempts in total, the first included. Default: schedule length + 1, or 12 for exponential backoff. */
  maxAttempts?: number;
  /** Default: exponential from 5 s, doubling, capped at 1 h, with 20 % jitter. */
  backoff?: Backoff;
}

export interface TaskOptions extends RetryPolicy {
  /** Payload schema; payloads are checked when enqueued and again before the handler runs. */
  schema?: TSchema;
}

/** A task's descriptor. `P` is the payload type; it only exists for the type checker. */
export interface Task<P> {
  readonly name: string;
  readonly maxAttempts: number;
  readonly backoff: Backoff;
  /** Returns why `payload` is invalid, or undefined when it is fine (always fine without a schema). */
  readonly explainInvalid: (payload: unknown) => string | undefined;
  /** Phantom member carrying the payload type; never set. */
  readonly payloadType?: P;
}

/** The payload type of a task descriptor. */
export type PayloadOf<T> = T extends Task<infer P> ? P : never;

export const DEFAULT_BACKOFF: ExponentialBackoff = { baseMs: 5_000, maxMs: 3_600_000, jitter: 0.2 };
const DEFAULT_EXPONENTIAL_ATTEMPTS = 12;

/**
 * Declares a task. With a TypeBox `schema` the payload type is the schema's static type; otherwise pass it:
 * `defineTask<{ deliveryId: string }>("webhooks.deliver", { backoff: [60_000, 300_000, 1_800_000] })`.
 */
export function defineTask<S extends TSchema>(
  name: string,
  options: RetryPolicy & { schema: S },
): Task<Static<S>>;
export function defineTask<P>(name: string, options?: RetryPolicy): Task<P>;
export function defineTask<P>(name: string, options: TaskOptions = {}): Task<P> {
  if (!/^[a-z0-9][a-z0-9._:-]{0,99}$/i.test(name))
    throw new Error(`invalid task name ${JSON.stringify(name)}`);
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const maxAttempts =
    options.maxAttempts ?? (isSchedule(backoff) ? backoff.length + 1 : DEFAULT_EXPONENTIAL_ATTEMPTS);
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new Error(`task ${name}: maxAttempts must be a positive integer`);
  }
  if (isSchedule(backoff) && (backoff.length === 0 || backoff.some((d) => !(d >= 0)))) {
    throw new Error(`task ${name}: a retry schedule needs at least one non-negative delay`);
  }
  const checker = options.schema === undefined ? undefined : TypeCompiler.Compile(options.schema);
  return {
    name,
    maxAttempts,
    backoff,
    explainInvalid: (payload) => {
      if (checker === undefined || checker.Check(payload)) return undefined;
      const first = checker.Errors(payload).First();
      return first === undefined ? "invalid payload" : `${first.path || "/"}: ${first.message}`;
    },
  };
}

/**
 * The wait (ms) before the attempt that follows failed attempt `failedAttempt` (1-based). `random` returns
 * a number in [0, 1) and only affects exponential backoff with jitter.
 */
export function retryDelayMs(
  backoff: Backoff,
  failedAttempt: number,
  random: () => number = Math.random,
): number {
  if (isSchedule(backoff)) {
    return backoff[Math.min(failedAttempt, backoff.length) - 1] ?? 0;
  }
  const factor = backoff.factor ?? 2;
  const full = Math.min(backoff.maxMs, backoff.baseMs * factor ** Math.max(0, failedAttempt - 1));
  const jitter = Math.min(1, Math.max(0, backoff.jitter ?? 0));
  return Math.round(full * (1 - jitter * random()));
}

function isSchedule(backoff: Backoff): backoff is readonly number[] {
  return Array.isArray(backoff);
}
