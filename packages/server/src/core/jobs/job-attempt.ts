// Runs one attempt of a claimed job and decides what its failure means: retry when, or fail for good.
import { messageOf } from "../errors/index.js";
import type { JobRow } from "./jobs.repository.js";
import { retryDelayMs } from "./task.js";
import { JobError, type JobContext, type TaskHandler } from "./task-handler.js";

/** Longest `last_error` kept on a row. */
const MAX_ERROR_LENGTH = 2_000;

export type AttemptOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly error: string; readonly final: boolean; readonly retryInMs: number };

/**
 * Parses and checks the payload, runs the handler and classifies a failure. An invalid payload fails for
 * good (retrying cannot fix it); so does the last allowed attempt and a `JobError` marked permanent.
 */
export async function runAttempt(
  handler: TaskHandler,
  row: JobRow,
  context: JobContext,
  random: () => number,
): Promise<AttemptOutcome> {
  let payload: unknown;
  try {
    payload = JSON.parse(row.payload);
  } catch (e) {
    return failure(`payload is not JSON: ${messageOf(e)}`, true, 0);
  }
  const problem = handler.task.explainInvalid(payload);
  if (problem !== undefined) return failure(`invalid payload: ${problem}`, true, 0);
  try {
    await handler.run(payload, context);
    return { ok: true };
  } catch (e) {
    const final = row.attempts >= row.max_attempts || (e instanceof JobError && e.permanent);
    const retryInMs =
      e instanceof JobError && e.retryInMs !== undefined
        ? Math.max(0, e.retryInMs)
        : retryDelayMs(handler.task.backoff, row.attempts, random);
    return failure(describe(e), final, retryInMs);
  }
}

function failure(error: string, final: boolean, retryInMs: number): AttemptOutcome {
  return { ok: false, error: error.slice(0, MAX_ERROR_LENGTH), final, retryInMs };
}

function describe(e: unknown): string {
  const message = messageOf(e);
  const name = e instanceof Error && e.name !== "Error" ? `${e.name}: ` : "";
  return `${name}${message}`;
}
