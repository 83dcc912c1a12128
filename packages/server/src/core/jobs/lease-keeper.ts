// Keeps a worker's leases: renews them while jobs run (heartbeat) and completes finished jobs in batches.
import type { Clock } from "../clock.js";
import type { Database } from "../db/index.js";
import { messageOf } from "../errors/index.js";
import { batchCompleteJobs, batchRenewLeases, type JobClaim } from "./jobs.repository.js";
import type { JobLogger } from "./task-handler.js";

/** A job a worker is running. `abandoned`: its lease was lost or released; its outcome is not written. */
export interface RunningJob {
  readonly claim: JobClaim;
  readonly abort: LazyAbort;
  abandoned: boolean;
  done: Promise<void>;
}

/** An abort signal created on first use: most handlers never look, and AbortControllers are not free. */
export interface LazyAbort {
  readonly signal: AbortSignal;
  abort(reason: Error): void;
}

export function createLazyAbort(): LazyAbort {
  let controller: AbortController | undefined;
  let reason: Error | undefined;
  return {
    get signal() {
      if (controller === undefined) {
        controller = new AbortController();
        if (reason !== undefined) controller.abort(reason);
      }
      return controller.signal;
    },
    abort(why) {
      reason ??= why;
      controller?.abort(why);
    },
  };
}

export interface LeaseKeeperOptions {
  database: Database;
  clock: Clock;
  leaseMs: number;
  heartbeatMs: number;
  logger: JobLogger;
  /** The worker's running jobs (shared, read only here). */
  running: ReadonlySet<RunningJob>;
}

export interface LeaseKeeper {
  /** Starts the heartbeat if it is not running. */
  ensureRunning(): void;
  /** Stops the heartbeat (no jobs running, or shutdown). */
  pause(): void;
  /** Queues a finished job's deletion; queued completions are written together on the next turn. */
  complete(claim: JobClaim): void;
  /** Writes queued completions now; resolves when every completion queued so far is written. */
  flush(): Promise<void>;
  /** Hands the queued completions to the caller, who writes them (with its next claim, in one commit). */
  takeCompletions(): JobClaim[];
  /** Completions written by the caller: `deleted` holds the ids still held, the others lost their lease. */
  completed(claims: readonly JobClaim[], deleted: ReadonlySet<number>): void;
  /** Puts completions the caller could not write back in the queue. */
  requeue(claims: readonly JobClaim[]): void;
}

/**
 * Completed jobs are deleted (graphile-worker's choice: the table only holds work still to do or failed,
 * so it stays small and the claim index stays short); a deletion only happens while the claim still holds,
 * so a job whose lease was taken over is never deleted under its new owner.
 */
export function createLeaseKeeper(options: LeaseKeeperOptions): LeaseKeeper {
  const { database, clock, logger, running } = options;
  const pending: JobClaim[] = [];
  let scheduled = false;
  let writing: Promise<void> = Promise.resolve();
  let heartbeat: NodeJS.Timeout | undefined;
  let renewing = false;

  async function writeCompletions(): Promise<void> {
    const batch = pending.splice(0);
    if (batch.length === 0) return;
    try {
      reportLost(batch, await batchCompleteJobs(database.kysely, batch));
    } catch (e) {
      logger.error(
        { jobs: batch.length, cause: messageOf(e) },
        "could not record completions; jobs rerun after their leases",
      );
    }
  }

  function reportLost(batch: readonly JobClaim[], deleted: ReadonlySet<number>): void {
    for (const c of batch) {
      if (!deleted.has(c.id))
        logger.warn({ job: c.id, lease: c.token }, "job finished after losing its lease");
    }
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    // A timer, not setImmediate: a worker about to claim takes the completions first and writes them in
    // the claim's transaction (one commit instead of two); this flush only catches what nobody took.
    setTimeout(() => {
      scheduled = false;
      void flush();
    }, 1);
  }

  function flush(): Promise<void> {
    writing = writing.then(writeCompletions);
    return writing;
  }

  async function renew(): Promise<void> {
    if (renewing) return; // a slow renewal is still out; do not pile up
    renewing = true;
    try {
      const live = [...running].filter((j) => !j.abandoned);
      const renewed = await batchRenewLeases(
        database.kysely,
        live.map((j) => j.claim),
        clock.now() + options.leaseMs,
      );
      for (const j of live) {
        // A job that finished meanwhile was deleted, not lost; one still running without a renewal is lost.
        if (renewed.has(j.claim.id) || !running.has(j) || j.abandoned) continue;
        j.abandoned = true;
        j.abort.abort(new Error("lease lost: another worker may run this job"));
        logger.warn({ job: j.claim.id, lease: j.claim.token }, "job lost its lease");
      }
    } catch (e) {
      logger.error({ cause: messageOf(e) }, "lease renewal failed; retrying at the next heartbeat");
    } finally {
      renewing = false;
    }
  }

  return {
    ensureRunning() {
      if (heartbeat !== undefined) return;
      heartbeat = setInterval(() => void renew(), options.heartbeatMs);
      heartbeat.unref();
    },
    pause() {
      clearInterval(heartbeat);
      heartbeat = undefined;
    },
    complete(claim) {
      pending.push(claim);
      schedule();
    },
    flush,
    takeCompletions: () => pending.splice(0),
    completed: reportLost,
    requeue(claims) {
      pending.push(...claims);
      schedule();
    },
  };
}
