// Structured JSON logs (pino). The only file that imports pino; everything else takes a `Logger`.
import { pino, type Logger as PinoLogger, type LevelWithSilent, type DestinationStream } from "pino";

export type Logger = PinoLogger;

export interface LoggerOptions {
  level: LevelWithSilent;
  /** Extra fields on every line, e.g. `{ process: "worker" }`. */
  base?: Record<string, unknown>;
  /** Where lines go; default stdout. Tests pass a stream to read them back. */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { pid: process.pid, ...options.base },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Secrets never reach the logs, whatever a caller passes.
      redact: {
        paths: [
          "req.headers.authorization",
          "req.headers.cookie",
          'req.headers["x-store-secret"]',
          'req.headers["x-server-secret"]',
          "*.password",
          "*.secret",
          "*.token",
          "*.contactAPIkey",
        ],
        censor: "[redacted]",
      },
    },
    options.destination,
  );
}
