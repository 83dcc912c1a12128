// What `pixl store seed-demo <subdomain>` runs: finds the store by subdomain and fills it with demo data.
import type { Clock } from "../../core/clock.js";
import type { Database } from "../../core/db/index.js";
import { AppError } from "../../core/errors/index.js";
import { findStoreBySubdomain } from "../stores/store.repository.js";
import { seedDemoStore, type SeedDemoOptions, type SeedDemoReport } from "./demo-seed.js";

/** Seeds the store named `subdomain`. Throws `not_found` for an unknown store, `conflict` when already seeded. */
export async function seedDemoForCli(
  database: Database,
  clock: Clock,
  subdomain: string,
  options: SeedDemoOptions = {},
): Promise<SeedDemoReport> {
  const store = await findStoreBySubdomain(database.kysely, subdomain);
  if (!store) throw new AppError("not_found", `No store with subdomain ${subdomain}`);
  return seedDemoStore(database, clock, store, options);
}

/** One human line for the command's stdout. */
export function formatSeedReport(subdomain: string, r: SeedDemoReport): string {
  return `Store ${subdomain}: added ${r.categories} categories, ${r.products} products, ${r.customers} customers and ${r.orders} orders.\n`;
}
