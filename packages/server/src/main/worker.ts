// `pixl worker`: runs job workers only (no HTTP), for scaling out on PostgreSQL.
import { createApp } from "../app.js";
import { loadConfig } from "../core/config/index.js";
import { onShutdownSignal } from "./signals.js";

export interface WorkerOptions {
  concurrency?: number;
}

export async function runWorker(options: WorkerOptions): Promise<void> {
  const config = loadConfig(process.env);
  if (options.concurrency !== undefined) config.workerConcurrency = options.concurrency;
  const app = createApp(config);
  const shutdown = new AbortController();
  onShutdownSignal(app.logger, async () => {
    shutdown.abort();
    await app.close();
  });
  await app.prepareDatabase({ retry: true, signal: shutdown.signal });
  await app.startWorker();
  app.logger.info(
    { concurrency: config.workerConcurrency, database: app.database.description },
    "worker started",
  );
}
