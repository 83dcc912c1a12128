// Enqueueing jobs through the caller's executor, so a job commits or rolls back with the change that causes it.
import type { Clock } from "../clock.js";
import type { Database, Executor } from "../db/index.js";
import { AppError } from "../errors/index.js";
import { batchInsertJobs, findJob, type JobRow, type KeyConflict, type NewJob } from "./jobs.repository.js";
import type { Task } from "./task.js";

/** The PostgreSQL notification channel workers LISTEN on. */
export const JOBS_CHANNEL = "pixl_jobs";

export interface EnqueueOptions {
  /** Not before this time (epoch ms). Default: now. */
  runAt?: number;
  /** Dedupe key: at most one pending job per key (see `onKeyConflict`). */
  key?: string;
  /** What a pending job with the same key becomes. Default "replace". */
  onKeyConflict?: KeyConflict;
  /** Overrides the task's `maxAttempts` for this job. */
  maxAttempts?: number;
}

/** One job of a `batchEnqueue`. */
export interface JobSpec<P> extends EnqueueOptions {
  payload: P;
}

export interface JobQueueOptions {
  database: Database;
  clock: Clock;
}

export interface JobQueue {
  /**
   * Adds a job through `executor` (pass the transaction of the change that causes it). Throws an AppError
   * `validation_failed` when the task's schema rejects the payload. Returns the job id, or undefined when
   * `onKeyConflict: "ignore"` kept an existing pending job.
   */
  enqueue<P>(
    executor: Executor,
    task: Task<P>,
    payload: P,
    options?: EnqueueOptions,
  ): Promise<number | undefined>;
  /** Adds many jobs of one task in one round trip (keys, if any, must differ). Ids in input order. */
  batchEnqueue<P>(
    executor: Executor,
    task: Task<P>,
    jobs: readonly JobSpec<P>[],
    onKeyConflict?: KeyConflict,
  ): Promise<(number | undefined)[]>;
  /** The job's row (pending, running or failed), or undefined once completed. */
  findJob(executor: Executor, id: number): Promise<JobRow | undefined>;
  /** Calls `listener` after every enqueue in this process (workers use it to wake at once). */
  onEnqueued(listener: () => void): () => void;
}

/** Creates the queue's enqueueing side. Workers are separate (`createWorker`) and may live in other processes. */
export function createJobQueue(options: JobQueueOptions): JobQueue {
  const { database, clock } = options;
  const listeners = new Set<() => void>();

  function toRow<P>(task: Task<P>, spec: JobSpec<P>, now: number): NewJob {
    const problem = task.explainInvalid(spec.payload);
    if (problem !== undefined) {
      throw new AppError("validation_failed", `invalid payload for task ${task.name}: ${problem}`, {
        task: task.name,
      });
    }
    const maxAttempts = spec.maxAttempts ?? task.maxAttempts;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
      throw new AppError("validation_failed", `maxAttempts must be a positive integer (task ${task.name})`);
    }
    return {
      task: task.name,
      // JSON.stringify(undefined) is undefined at run time, whatever its declared type says.
      payload: spec.payload === undefined ? "null" : JSON.stringify(spec.payload),
      key: spec.key ?? null,
      run_at: spec.runAt ?? now,
      max_attempts: maxAttempts,
      created_at: now,
    };
  }

  async function batchEnqueue<P>(
    executor: Executor,
    task: Task<P>,
    jobs: readonly JobSpec<P>[],
    onKeyConflict: KeyConflict = "replace",
  ): Promise<(number | undefined)[]> {
    if (jobs.length === 0) return [];
    const now = clock.now();
    const ids = await batchInsertJobs(
      executor,
      jobs.map((j) => toRow(task, j, now)),
      onKeyConflict,
    );
    // On PostgreSQL the notification is delivered when the caller's transaction commits. The local wake may
    // come before the commit; the worker then finds nothing and the notification wakes it again.
    if (database.capabilities.notifications) await database.notify(executor, JOBS_CHANNEL);
    for (const l of listeners) l();
    return ids;
  }

  return {
    async enqueue(executor, task, payload, enqueueOptions = {}) {
      const ids = await batchEnqueue(
        executor,
        task,
        [{ ...enqueueOptions, payload }],
        enqueueOptions.onKeyConflict,
      );
      return ids[0];
    },
    batchEnqueue,
    findJob,
    onEnqueued(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
