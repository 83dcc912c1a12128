// Wires the webhook engine onto the job queue: one job per delivery attempt, run on the I/O worker pool.
import type { Executor } from "../core/db/index.js";
import { createTaskHandler, defineTask, type JobQueue, type TaskHandler } from "../core/jobs/index.js";
import type { DeliveryRunner } from "./delivery-runner.js";
import type { ScheduleAttempt } from "./outbox.js";

/**
 * One attempt of one delivery. The engine keeps its own retry schedule on the delivery row, so this job
 * is retried by the queue only when its worker died or the database failed mid-attempt (briefly, 3 times).
 */
export const deliverWebhookTask = defineTask<{ deliveryId: string }>("webhooks.deliver", {
  backoff: [1_000, 5_000, 30_000],
});

/** Schedules attempts as jobs in the caller's transaction. */
export function createQueueScheduler(queue: JobQueue): ScheduleAttempt {
  return async (db: Executor, deliveryId: string, runAt: number) => {
    await queue.enqueue(db, deliverWebhookTask, { deliveryId }, { runAt });
  };
}

export function createWebhookTaskHandler(runner: DeliveryRunner): TaskHandler {
  return createTaskHandler(deliverWebhookTask, (payload) => runner.runAttempt(payload.deliveryId));
}
