// The Store API's migrations, in order (also listed in src/migrations/index.ts).
import type { MigrationDefinition } from "../core/db/index.js";
import { catalogMigration } from "./catalog/catalog.migration.js";
import { storesMigration } from "./stores/stores.migration.js";

export const storeMigrations: readonly MigrationDefinition[] = [storesMigration, catalogMigration];
