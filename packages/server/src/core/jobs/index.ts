// The durable job queue: tasks, enqueueing in the caller's transaction, workers with leases and retries.
export {
  defineTask,
  retryDelayMs,
  DEFAULT_BACKOFF,
  type Backoff,
  type ExponentialBackoff,
  type PayloadOf,
  type Task,
  type TaskOptions,
} from "./task.js";
export {
  createTaskHandler,
  JobError,
  silentJobLogger,
  type JobContext,
  type JobErrorOptions,
  type JobLogger,
  type TaskHandler,
} from "./task-handler.js";
export {
  createJobQueue,
  JOBS_CHANNEL,
  type EnqueueOptions,
  type JobQueue,
  type JobQueueOptions,
  type JobSpec,
} from "./job-queue.js";
export {
  createWorker,
  type StopOptions,
  type StopReport,
  type Worker,
  type WorkerOptions,
} from "./worker.js";
export { jobsMigration } from "./jobs.migration.js";
export type { JobRow, JobsTable, KeyConflict } from "./jobs.repository.js";
