// What `pixl store seed-demo <subdomain>` runs: finds the store by subdomain and fills it with demo data.
import { SingleBar } from "cli-progress";
import type { Clock } from "../../core/clock.js";
import type { Database } from "../../core/db/index.js";
import { getStoreForCli } from "../stores/store-cli.js";
import { seedDemoStore, type SeedDemoOptions, type SeedDemoReport } from "./demo-seed.js";

/** Seeds the store named `subdomain`. Throws `not_found` for an unknown store, `conflict` when it is not empty. */
export async function seedDemoForCli(
  database: Database,
  clock: Clock,
  subdomain: string,
  options: SeedDemoOptions = {},
): Promise<SeedDemoReport> {
  const store = await getStoreForCli(database.kysely, subdomain);
  return seedDemoStore(database, clock, store, options);
}

/** One human line for the command's stdout. */
export function formatSeedReport(subdomain: string, r: SeedDemoReport): string {
  return `Store ${subdomain}: added ${r.categories} categories, ${r.products} products, ${r.customers} customers and ${r.orders} orders.\n`;
}

/**
 * Progress of `seed-demo` on `stream` (stderr): a bar on a terminal, else one line per 10% so logs and
 * pipes still show that work is going on. Call `stop` when done.
 */
export function createSeedProgress(stream: NodeJS.WriteStream): {
  onProgress: (done: number, total: number) => void;
  stop: () => void;
} {
  if (stream.isTTY) {
    const bar = new SingleBar({ format: "seeding orders [{bar}] {value}/{total}", stream, hideCursor: true });
    let started = false;
    return {
      onProgress: (done, total) => {
        if (!started) bar.start(total, 0);
        started = true;
        bar.update(done);
      },
      stop: () => {
        if (started) bar.stop();
        started = false;
      },
    };
  }
  let lastTenth = 0;
  return {
    onProgress: (done, total) => {
      const tenth = Math.floor((done * 10) / total);
      if (tenth === lastTenth) return;
      lastTenth = tenth;
      stream.write(`seeding orders: ${done}/${total}\n`);
    },
    stop: () => undefined,
  };
}
