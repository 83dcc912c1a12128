// The monthly invoice run: at the start of each month, close the month that ended. Re-enqueues itself.
import { createTaskHandler, type TaskHandler } from "../../core/jobs/index.js";
import { invoicesTask } from "../images/image.tasks.js";
import { monthStart } from "../studio-dates.js";
import type { StudioDeps } from "../studio.deps.js";
import { closeFinishedMonths } from "./invoice.service.js";

export function createInvoicesHandler(deps: StudioDeps): TaskHandler {
  return createTaskHandler(invoicesTask, async (_payload, ctx) => {
    const created = await closeFinishedMonths(deps.database, deps.clock.now());
    if (created.length > 0) ctx.logger.info({ invoices: created.length }, "studio invoices created");
    await deps.queue.enqueue(deps.database.kysely, invoicesTask, null, {
      key: invoicesTask.name,
      runAt: monthStart(deps.clock.now(), 1) + 60_000,
    });
  });
}
