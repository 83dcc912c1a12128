// What a worker runs: a handler bound to a task, the context it receives, and how it asks for a retry.

import type { Task } from "./task.js";

/** The logging a worker needs; a pino logger fits. */
export interface JobLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Logs nothing. */
export const silentJobLogger: JobLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** What a handler knows about the attempt it runs. */
export interface JobContext {
  readonly jobId: number;
  /** This attempt's number, 1 for the first. */
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly key: string | null;
  /**
   * Aborted when the worker loses this job's lease (another worker may take it) or gives the job back at
   * shutdown. Long handlers should pass it on to what they await.
   */
  readonly signal: AbortSignal;
  readonly logger: JobLogger;
}

/** A task's handler, as registered with a worker. Build it with `createTaskHandler`. */
export interface TaskHandler {
  readonly task: Task<unknown>;
  readonly run: (payload: unknown, context: JobContext) => Promise<void> | void;
}

/** Binds a handler to its task; the handler receives the task's payload type. */
export function createTaskHandler<P>(
  task: Task<P>,
  run: (payload: P, context: JobContext) => Promise<void> | void,
): TaskHandler {
  return {
    task,
    run: run as (payload: unknown, context: JobContext) => Promise<void> | void,
  };
}

export interface JobErrorOptions extends ErrorOptions {
  /** Retry after exactly this long instead of the task's backoff (e.g. an HTTP Retry-After). */
  retryInMs?: number;
  /** Do not retry: the job fails for good now. */
  permanent?: boolean;
}

/** Thrown by a handler to control what happens after its failed attempt. Any other error uses the backoff. */
export class JobError extends Error {
  readonly retryInMs: number | undefined;
  readonly permanent: boolean;

  constructor(message: string, options: JobErrorOptions = {}) {
    super(message, options);
    this.name = "JobError";
    this.retryInMs = options.retryInMs;
    this.permanent = options.permanent ?? false;
  }
}
