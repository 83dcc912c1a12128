// The studio's background jobs: one descriptor per task (handlers live beside the work they do).
import { Type } from "@sinclair/typebox";
import { defineTask } from "../../core/jobs/index.js";

const MINUTE = 60_000;

/** 10 → 30 (or 12): fetch and check an image's sources. Network trouble is retried, then 12. */
export const downloadTask = defineTask("studio.download", {
  schema: Type.Object({ imageId: Type.Integer() }),
  backoff: [30_000, 2 * MINUTE, 10 * MINUTE],
});

/** 30/40 → 60…66 → 70: edit the photo, store the outputs, charge, call the webhooks. */
export const produceTask = defineTask("studio.produce", {
  schema: Type.Object({ imageId: Type.Integer(), round: Type.Integer() }),
  backoff: [10_000, MINUTE, 5 * MINUTE],
});

/**
 * A focus stack's images (30 → 60 → 70 together): the stacked photo edited once and delivered to each.
 * Scheduled for when the stack's 5-minute window closes.
 */
export const stackTask = defineTask("studio.stack", {
  schema: Type.Object({ contactId: Type.Integer(), stackId: Type.String({ maxLength: 64 }) }),
  backoff: [10_000, MINUTE, 5 * MINUTE],
});

/** Hourly: close finished images after 30 days (100), remove files later (999). Re-enqueues itself. */
export const retentionTask = defineTask("studio.retention", { schema: Type.Null(), maxAttempts: 3 });

/** At each month's start: invoice the month that ended. Re-enqueues itself. */
export const invoicesTask = defineTask("studio.invoices", { schema: Type.Null(), maxAttempts: 3 });
