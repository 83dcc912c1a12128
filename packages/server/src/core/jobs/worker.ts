// A worker: claims due jobs in batches, runs them under renewed leases, records outcomes, stops gracefully.
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Clock } from "../clock.js";
import type { Database } from "../db/index.js";
import { messageOf } from "../errors/index.js";
import { runAttempt } from "./job-attempt.js";
import { JOBS_CHANNEL, type JobQueue } from "./job-queue.js";
import {
  batchClaimJobs,
  failAbandonedFinalAttempts,
  batchCompleteJobs,
  batchReleaseJobs,
  failJob,
  type JobRow,
} from "./jobs.repository.js";
import { createLazyAbort, createLeaseKeeper, type RunningJob } from "./lease-keeper.js";
import { silentJobLogger, type JobContext, type JobLogger, type TaskHandler } from "./task-handler.js";

export interface WorkerOptions {
  database: Database;
  /** Source of "now" for run_at and lease comparisons (a fake clock in tests). */
  clock: Clock;
  /** One handler per task this worker runs; it only claims jobs of these tasks. */
  handlers: readonly TaskHandler[];
  /** The in-process queue, so enqueues here wake the worker at once. */
  queue?: JobQueue;
  /** Jobs run at once. Default 10. */
  concurrency?: number;
  /** Most jobs claimed in one round trip. Default: `concurrency`. */
  batchSize?: number;
  /** Real-time wait between looks for due jobs when nothing wakes the worker (ms). Default 1 s. */
  pollIntervalMs?: number;
  /** A claim's lease (ms): a job whose worker died runs again this long after its last renewal. Default 60 s. */
  leaseMs?: number;
  /** Real-time interval between lease renewals of running jobs (ms). Default `leaseMs / 3`. */
  heartbeatMs?: number;
  logger?: JobLogger;
  /** Shown in `locked_by` and logs. Default `<host>:<pid>:<random>`. */
  id?: string;
  /** [0, 1) source for backoff jitter. Default Math.random. */
  random?: () => number;
}

export interface StopOptions {
  /** How long running jobs may take to finish before their leases are released (ms). Default 10 s. */
  graceMs?: number;
}

export interface StopReport {
  /** Jobs that finished (succeeded or failed) during the grace period. */
  finished: number;
  /** Jobs given back for another worker to run at once. */
  released: number;
}

export interface Worker {
  readonly id: string;
  /** Starts the claim loop (wakes: in-process enqueue, LISTEN where available, polling). */
  start(): Promise<void>;
  /**
   * Stops claiming, waits up to `graceMs` for running jobs, then aborts the rest (their `signal`) and
   * releases their leases so another worker takes them at once, without counting the attempt.
   */
  stop(options?: StopOptions): Promise<StopReport>;
  /** Claims one batch of due jobs, runs it to the end and records outcomes. Returns how many ran (tests). */
  runOnce(): Promise<number>;
  /** `runOnce` until nothing is due. Returns how many ran. */
  drain(): Promise<number>;
}

/** Creates a worker. Several may run in one process and in many processes against the same database. */
export function createWorker(options: WorkerOptions): Worker {
  const { database, clock } = options;
  const concurrency = options.concurrency ?? 10;
  const batchSize = Math.max(1, Math.min(options.batchSize ?? concurrency, concurrency));
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const leaseMs = options.leaseMs ?? 60_000;
  const logger = options.logger ?? silentJobLogger;
  const random = options.random ?? Math.random;
  const id = options.id ?? `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  const handlers = new Map<string, TaskHandler>();
  for (const h of options.handlers) {
    if (handlers.has(h.task.name)) throw new Error(`two handlers for task ${h.task.name}`);
    handlers.set(h.task.name, h);
  }
  const tasks = [...handlers.keys()];
  const running = new Set<RunningJob>();
  const leases = createLeaseKeeper({
    database,
    clock,
    leaseMs,
    heartbeatMs: options.heartbeatMs ?? Math.max(1, Math.floor(leaseMs / 3)),
    logger,
    running,
  });
  let claims = 0;

  // Loop state. `hint` means "a claim may find work": set by enqueue/notify/poll and by a full batch.
  let hint = true;
  let stopping = false;
  let started = false;
  let signal: (() => void) | undefined;
  let loopDone: Promise<void> = Promise.resolve();
  let poller: NodeJS.Timeout | undefined;
  let unsubscribe: (() => void) | undefined;
  let unlisten: (() => Promise<void>) | undefined;

  function wake(reason: "work" | "slot"): void {
    if (reason === "work") hint = true;
    else if (!hint) return; // a free slot only matters when there may be work
    const resolve = signal;
    signal = undefined;
    resolve?.();
  }

  // Final attempts whose worker died are swept at most once per lease period (a cheap scan of stuck rows).
  const sweepIntervalMs = Math.min(leaseMs, 60_000);
  let lastSweep = Number.NEGATIVE_INFINITY;

  async function sweepAbandoned(now: number): Promise<void> {
    if (now - lastSweep < sweepIntervalMs) return;
    lastSweep = now;
    const failed = await failAbandonedFinalAttempts(database.kysely, now);
    if (failed > 0) logger.warn({ worker: id, failed }, "failed jobs whose final attempt was abandoned");
  }

  async function claim(limit: number): Promise<number> {
    const now = clock.now();
    await sweepAbandoned(now);
    const token = `${id}#${++claims}`;
    const claimOptions = { tasks, limit, now, leaseUntil: now + leaseMs, token };
    const done = leases.takeCompletions();
    let rows: JobRow[];
    if (done.length === 0) {
      rows = await batchClaimJobs(database, claimOptions);
    } else {
      // Finished jobs are deleted in the same transaction as the next claim: one commit per cycle.
      try {
        rows = await database.kysely.transaction().execute(async (trx) => {
          leases.completed(done, await batchCompleteJobs(trx, done));
          return batchClaimJobs(database, claimOptions, trx);
        });
      } catch (e) {
        leases.requeue(done);
        throw e;
      }
    }
    for (const row of rows) startJob(row, token);
    return rows.length;
  }

  function startJob(row: JobRow, token: string): void {
    const handler = handlers.get(row.task);
    if (handler === undefined) return; // cannot happen: claims are limited to `tasks`
    const job: RunningJob = {
      claim: { id: row.id, token },
      abort: createLazyAbort(),
      abandoned: false,
      done: Promise.resolve(),
    };
    running.add(job);
    leases.ensureRunning();
    job.done = execute(job, handler, row).finally(() => {
      running.delete(job);
      if (running.size === 0) leases.pause();
      wake("slot");
    });
  }

  async function execute(job: RunningJob, handler: TaskHandler, row: JobRow): Promise<void> {
    const context: JobContext = {
      jobId: row.id,
      attempt: row.attempts,
      maxAttempts: row.max_attempts,
      key: row.key,
      get signal() {
        return job.abort.signal;
      },
      logger,
    };
    const outcome = await runAttempt(handler, row, context, random);
    if (job.abandoned) return; // released at shutdown or lease lost: the row is no longer ours to write
    if (outcome.ok) {
      leases.complete(job.claim);
      return;
    }
    const now = clock.now();
    const fields = { job: row.id, task: row.task, attempt: row.attempts, error: outcome.error };
    try {
      const held = await failJob(database.kysely, job.claim, {
        error: outcome.error,
        runAt: now + outcome.retryInMs,
        now,
        final: outcome.final,
      });
      if (!held) logger.warn({ ...fields, worker: id }, "job lost its lease before its failure was recorded");
      else if (outcome.final) logger.error(fields, "job failed for good");
      else logger.warn({ ...fields, retry_in_ms: outcome.retryInMs }, "job attempt failed; will retry");
    } catch (e) {
      logger.error(
        { ...fields, cause: messageOf(e) },
        "could not record a failed attempt; it reruns after its lease",
      );
    }
  }

  async function loop(): Promise<void> {
    while (!stopping) {
      const free = concurrency - running.size;
      if (free > 0 && hint) {
        hint = false;
        const limit = Math.min(free, batchSize);
        try {
          if ((await claim(limit)) === limit) hint = true;
        } catch (e) {
          logger.error(
            { worker: id, cause: messageOf(e) },
            "claiming jobs failed; trying again at the next poll",
          );
        }
        continue;
      }
      await new Promise<void>((resolve) => (signal = resolve));
      // Let jobs that finish in the same tick free their slots, so the next claim is one batch, not many.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  async function runOnce(): Promise<number> {
    const n = await claim(Math.max(0, concurrency - running.size));
    await Promise.allSettled([...running].map((j) => j.done));
    await leases.flush();
    return n;
  }

  return {
    id,
    async start() {
      if (started) throw new Error(`worker ${id} is already started`);
      if (tasks.length === 0) throw new Error("a worker needs at least one task handler");
      started = true;
      stopping = false;
      hint = true;
      unsubscribe = options.queue?.onEnqueued(() => wake("work"));
      if (database.capabilities.notifications) {
        try {
          unlisten = await database.listen(JOBS_CHANNEL, () => wake("work"));
        } catch (e) {
          logger.warn({ worker: id, cause: messageOf(e) }, "LISTEN failed; relying on polling");
        }
      }
      poller = setInterval(() => wake("work"), pollIntervalMs);
      loopDone = loop();
      logger.info({ worker: id, tasks, concurrency }, "worker started");
    },

    async stop(stopOptions = {}) {
      if (!started) return { finished: 0, released: 0 };
      stopping = true;
      clearInterval(poller);
      unsubscribe?.();
      wake("work");
      await loopDone;
      await unlisten?.().catch(() => undefined);
      const inFlight = [...running];
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled(inFlight.map((j) => j.done)),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, stopOptions.graceMs ?? 10_000))),
      ]);
      clearTimeout(timer);
      const unfinished = [...running].filter((j) => !j.abandoned);
      for (const j of unfinished) {
        j.abandoned = true;
        j.abort.abort(new Error("worker stopping: job released"));
      }
      let released = 0;
      try {
        released = (
          await batchReleaseJobs(
            database.kysely,
            unfinished.map((j) => j.claim),
            clock.now(),
          )
        ).size;
        // Wake idle workers elsewhere: released jobs are due now.
        if (released > 0 && database.capabilities.notifications) {
          await database.notify(database.kysely, JOBS_CHANNEL);
        }
      } catch (e) {
        logger.error(
          { worker: id, cause: messageOf(e) },
          "could not release jobs; they rerun after their leases",
        );
      }
      await leases.flush();
      leases.pause();
      started = false;
      const report = { finished: inFlight.length - unfinished.length, released };
      logger.info({ worker: id, ...report }, "worker stopped");
      return report;
    },

    runOnce,

    async drain() {
      let total = 0;
      for (;;) {
        const n = await runOnce();
        if (n === 0) return total;
        total += n;
      }
    },
  };
}
