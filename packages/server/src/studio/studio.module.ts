// The studio, assembled: its operations, task handlers, delivery listener, link routes and scheduled jobs.
import type { FastifyInstance } from "fastify";
import type { TaskHandler } from "../core/jobs/index.js";
import type { OutcomeListener } from "../webhooks/delivery-runner.js";
import { createInvoicesHandler } from "./billing/invoice.task.js";
import { registerStudioConsoleRoutes, type StudioConsoleOptions } from "./console/studio-console.routes.js";
import { registerEditorRoutes, type SessionEditors } from "./editor/editor.routes.js";
import { createDeliveryOutcomeListener } from "./images/delivery.js";
import { createDownloadHandler } from "./images/download.task.js";
import { invoicesTask, retentionTask } from "./images/image.tasks.js";
import { createStudioImaging } from "./images/imaging.js";
import { createProduceHandler, createStackHandler } from "./images/production.task.js";
import { createRetentionHandler } from "./images/retention.task.js";
import type { StudioDeps } from "./studio.deps.js";
import { registerStudioLinkRoutes } from "./studio-links.routes.js";
import type { StudioOperations } from "./studio.contract.js";
import { createStudioOperations } from "./studio-operations.js";

export interface Studio {
  readonly operations: StudioOperations;
  /** Production runs on the cpu pool; downloads and the scheduled jobs on the io pool. */
  readonly handlers: { readonly cpu: readonly TaskHandler[]; readonly io: readonly TaskHandler[] };
  /** For app.onDeliveryOutcome("studio", …): 70 → 72/74/76/78 → 80. */
  readonly onDeliveryOutcome: OutcomeListener;
  /**
   * Final images, thumbnails, invoice PDFs and payment pages behind signed links; the editor API; the
   * console's JSON endpoints (/api/studio/v1: image detail, previews, finals ZIP, the OpenAPI document).
   */
  registerRoutes(
    app: FastifyInstance,
    consoleOptions?: Pick<StudioConsoleOptions, "sessionContacts"> & { sessionEditors?: SessionEditors },
  ): void;
  /** Makes sure the retention and invoice jobs are queued (idempotent; called when a worker starts). */
  ensureScheduledJobs(): Promise<void>;
  close(): Promise<void>;
}

export function createStudio(deps: StudioDeps): Studio {
  const imaging = createStudioImaging();
  return {
    operations: createStudioOperations(deps, imaging),
    handlers: {
      cpu: [createProduceHandler(deps, imaging), createStackHandler(deps, imaging)],
      io: [createDownloadHandler(deps, imaging), createRetentionHandler(deps), createInvoicesHandler(deps)],
    },
    onDeliveryOutcome: createDeliveryOutcomeListener(deps),
    registerRoutes(app, consoleOptions = {}) {
      registerStudioLinkRoutes(app, deps);
      registerEditorRoutes(app, deps, imaging, consoleOptions.sessionEditors);
      registerStudioConsoleRoutes(app, deps, imaging, consoleOptions);
    },
    async ensureScheduledJobs() {
      const db = deps.database.kysely;
      await deps.queue.enqueue(db, retentionTask, null, { key: retentionTask.name, onKeyConflict: "ignore" });
      await deps.queue.enqueue(db, invoicesTask, null, { key: invoicesTask.name, onKeyConflict: "ignore" });
    },
    close: () => imaging.close(),
  };
}
