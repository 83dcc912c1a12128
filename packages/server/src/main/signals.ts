// Graceful shutdown for entry points: the first SIGTERM/SIGINT closes cleanly, a second one exits at once.
import type { Logger } from "../core/logging/logger.js";

/** Runs `shutdown` once on SIGTERM or SIGINT; a second signal exits immediately with status 1. */
export function onShutdownSignal(logger: Logger, shutdown: (signal: string) => Promise<void>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn({ signal }, "second signal: exiting now");
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, "shutting down");
    shutdown(signal).then(
      () => process.exit(0),
      (e: unknown) => {
        logger.error({ err: e }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", handler);
  process.on("SIGINT", handler);
}
