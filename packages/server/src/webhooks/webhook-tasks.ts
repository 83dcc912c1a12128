// Wires the webhook engine onto the job queue: one job per delivery attempt, run on the I/O worker pool.
import { Type } from "@sinclair/typebox";
import type { Clock } from "../core/clock.js";
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

/** How often abandoned `pixl listen` listeners are looked for (they are an hour idle before they count). */
export const LISTENER_SWEEP_INTERVAL_MS = 15 * 60_000;

/** Removes abandoned listeners (a `pixl listen` killed without cleaning up keeps collecting deliveries). */
export const listenerSweepTask = defineTask("webhooks.listeners.sweep", {
  schema: Type.Null(),
  maxAttempts: 3,
});

/** Makes sure a sweep is pending: at `runAt`, or keeps an earlier pending one (`runAt` omitted: now). */
export async function scheduleListenerSweep(
  db: Executor,
  queue: JobQueue,
  clock: Clock,
  runAt?: number,
): Promise<void> {
  await queue.enqueue(db, listenerSweepTask, null, {
    key: listenerSweepTask.name,
    runAt: runAt ?? clock.now(),
    onKeyConflict: runAt === undefined ? "ignore" : "replace",
  });
}

/** The sweep job: removes abandoned listeners, then schedules itself again. */
export function createListenerSweepHandler(
  listeners: { removeAbandonedListeners(): Promise<number> },
  deps: { db: Executor; queue: JobQueue; clock: Clock },
): TaskHandler {
  return createTaskHandler(listenerSweepTask, async (_payload, ctx) => {
    const removed = await listeners.removeAbandonedListeners();
    if (removed > 0) ctx.logger.info({ removed }, "removed abandoned listeners");
    await scheduleListenerSweep(
      deps.db,
      deps.queue,
      deps.clock,
      deps.clock.now() + LISTENER_SWEEP_INTERVAL_MS,
    );
  });
}
