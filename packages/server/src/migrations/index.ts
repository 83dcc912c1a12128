// Every migration Pixl runs, in order. Each feature owns its migration files; this list only orders them.
import type { MigrationDefinition } from "../core/db/index.js";
import {
  consoleAccountsMigration,
  consoleEditorMembershipsMigration,
} from "../console/accounts.migration.js";
import { consoleInvitationsMigration } from "../console/invitations.migration.js";
import { jobsMigration } from "../core/jobs/jobs.migration.js";
import { storeMigrations } from "../store/store.migrations.js";
import { studioMigrations } from "../studio/studio.migrations.js";
import { webhooksMigration } from "../webhooks/webhooks.migration.js";

export const migrations: readonly MigrationDefinition[] = [
  jobsMigration,
  webhooksMigration,
  ...storeMigrations,
  ...studioMigrations,
  consoleAccountsMigration,
  consoleInvitationsMigration,
  consoleEditorMembershipsMigration,
];
