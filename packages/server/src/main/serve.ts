// `pixl serve`: HTTP on PORT, migrations on start, and (unless --no-worker) an in-process worker.
import { createApp } from "../app.js";
import { loadConfig } from "../core/config/index.js";
import { createDemoOwner } from "../console/demo-owner.js";
import { tryCreateDemoStore } from "../store/stores/demo-store.js";
import { onShutdownSignal } from "./signals.js";

export interface ServeOptions {
  worker: boolean;
  port?: number;
}

export async function runServe(options: ServeOptions): Promise<void> {
  const config = loadConfig(process.env);
  if (options.port !== undefined) config.port = options.port;
  const app = createApp(config);
  const shutdown = new AbortController();
  onShutdownSignal(app.logger, async () => {
    shutdown.abort();
    await app.close();
  });

  // Listen first so /healthz answers and /readyz explains while the database is still coming up.
  const address = await app.http.app.listen({ port: config.port, host: config.host });
  await app.prepareDatabase({ retry: true, signal: shutdown.signal });
  if (options.worker) await app.startWorker();
  printBanner(address, config.publicUrl, app.database.description, config.dataDir, options.worker);
  const demo = await tryCreateDemoStore(app.database, app.clock);
  if (demo !== undefined) {
    const owner = await createDemoOwner(app.database.kysely, app.clock, demo.store.subdomain);
    process.stdout.write(
      [
        "  First start: created a demo store (this token is shown once; keep it):",
        `    store:    ${demo.store.subdomain} (id ${demo.store.id}, ${demo.store.currency})`,
        `    token:    ${demo.token}`,
        `    try:      curl -H "Authorization: Bearer ${demo.token}" ${config.publicUrl}/api/external/v1/products`,
        `    console:  ${config.publicUrl}/login  email ${owner.email}  password ${owner.password}`,
        "",
      ].join("\n") + "\n",
    );
  }
}

function printBanner(
  address: string,
  publicUrl: string,
  database: string,
  dataDir: string,
  worker: boolean,
): void {
  const lines = [
    "",
    `  Pixl is running on ${address} (public URL ${publicUrl})`,
    `  database: ${database}`,
    `  data dir: ${dataDir}`,
    `  worker:   ${worker ? "in-process" : "off (run `pixl worker` separately)"}`,
    `  health:   ${publicUrl}/healthz  ready: ${publicUrl}/readyz`,
    "",
  ];
  process.stdout.write(lines.join("\n") + "\n");
}
