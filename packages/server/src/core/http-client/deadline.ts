// The total deadline of one outbound exchange, merged with the caller's cancellation into one signal.
import { AppError } from "../errors/index.js";

/** The total deadline and the caller's cancellation, as one signal plus a way to name what fired. */
export interface Deadline {
  signal: AbortSignal;
  clear(): void;
  /** The error to surface for `e`: the timeout or abort if one fired, else `e` as an AppError. */
  explain(e: unknown): AppError;
  /** Calls `listener` with the timeout/abort error when one fires. */
  onFire(listener: (error: AppError) => void): void;
}

/**
 * Starts the deadline: after `totalTimeoutMs` (or when `callerSignal` aborts) `signal` aborts and
 * `explain` answers `fetch_timeout` (reason `total_timeout`) or `fetch_failed` (reason `aborted`).
 */
export function createDeadline(totalTimeoutMs: number, callerSignal: AbortSignal | undefined): Deadline {
  const controller = new AbortController();
  let fired: AppError | undefined;
  const listeners: ((error: AppError) => void)[] = [];
  const fire = (error: AppError): void => {
    if (fired !== undefined) return;
    fired = error;
    for (const listener of listeners) listener(error);
    controller.abort(error);
  };
  const timer = setTimeout(() => {
    fire(
      new AppError("fetch_timeout", `No complete response within ${totalTimeoutMs} ms`, {
        reason: "total_timeout",
        timeoutMs: totalTimeoutMs,
      }),
    );
  }, totalTimeoutMs);
  const onCallerAbort = (): void =>
    fire(new AppError("fetch_failed", "The request was cancelled", { reason: "aborted" }));
  if (callerSignal?.aborted) onCallerAbort();
  callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    clear() {
      clearTimeout(timer);
      callerSignal?.removeEventListener("abort", onCallerAbort);
    },
    explain(e) {
      if (fired !== undefined) return fired;
      if (e instanceof AppError) return e;
      return new AppError(
        "fetch_failed",
        "The response could not be read",
        { reason: "network_error" },
        { cause: e },
      );
    },
    onFire(listener) {
      listeners.push(listener);
    },
  };
}
