// The Studio API's migrations, in order (also listed in src/migrations/index.ts). Range 0300–0399 (0310–0319: colour work, 0320–0329: the editor hand-off).
import type { MigrationDefinition } from "../core/db/index.js";
import { studioBillingMigration } from "./billing/billing.migration.js";
import { studioContactsMigration } from "./contacts/contacts.migration.js";
import { studioEditorMigration, studioEditorVersionsMigration } from "./editor/editor.migration.js";
import { studioColorwayColorsMigration } from "./images/colorways.migration.js";
import { studioImagesMigration } from "./images/images.migration.js";
import { studioTemplatesMigration } from "./templates/templates.migration.js";

export const studioMigrations: readonly MigrationDefinition[] = [
  studioContactsMigration,
  studioTemplatesMigration,
  studioImagesMigration,
  studioBillingMigration,
  studioColorwayColorsMigration,
  studioEditorMigration,
  studioEditorVersionsMigration,
];
