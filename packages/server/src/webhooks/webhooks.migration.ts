// Creates the webhook engine's tables.
import type { MigrationDefinition } from "../core/db/index.js";

export const webhooksMigration: MigrationDefinition = {
  name: "0100_webhooks",
  async up({ db, types }) {
    await db.schema
      .createTable("webhook_endpoints")
      .addColumn("id", types.id, types.asId)
      .addColumn("owner_kind", "text", (c) => c.notNull())
      .addColumn("owner_id", types.bigint, (c) => c.notNull())
      .addColumn("profile", "text", (c) => c.notNull())
      .addColumn("url", "text", (c) => c.notNull())
      .addColumn("events", "text", (c) => c.notNull())
      .addColumn("secret_sealed", "text", (c) => c.notNull())
      .addColumn("previous_secret_sealed", "text")
      .addColumn("previous_secret_expires_at", types.bigint)
      .addColumn("is_active", "integer", (c) => c.notNull().defaultTo(1))
      .addColumn("disabled_reason", "text")
      .addColumn("standard_headers", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("schedule", "text", (c) => c.notNull())
      .addColumn("max_concurrency", "integer", (c) => c.notNull().defaultTo(8))
      .addColumn("failing_since", types.bigint)
      .addColumn("created_at", types.bigint, (c) => c.notNull())
      .addColumn("updated_at", types.bigint, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("webhook_endpoints_owner")
      .on("webhook_endpoints")
      .columns(["owner_kind", "owner_id"])
      .execute();

    await db.schema
      .createTable("webhook_events")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("owner_kind", "text", (c) => c.notNull())
      .addColumn("owner_id", types.bigint, (c) => c.notNull())
      .addColumn("type", "text", (c) => c.notNull())
      .addColumn("payload", types.json, (c) => c.notNull())
      .addColumn("created_at", types.bigint, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("webhook_events_owner_created")
      .on("webhook_events")
      .columns(["owner_kind", "owner_id", "created_at"])
      .execute();

    await db.schema
      .createTable("webhook_deliveries")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("event_id", "text", (c) => c.notNull())
      .addColumn("event_type", "text", (c) => c.notNull())
      .addColumn("endpoint_id", types.bigint)
      .addColumn("owner_kind", "text", (c) => c.notNull())
      .addColumn("owner_id", types.bigint, (c) => c.notNull())
      .addColumn("profile", "text", (c) => c.notNull())
      .addColumn("url", "text", (c) => c.notNull())
      .addColumn("body", "text", (c) => c.notNull())
      .addColumn("content_type", "text", (c) => c.notNull())
      .addColumn("secrets_sealed", "text")
      .addColumn("subject", "text")
      .addColumn("schedule", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("max_attempts", "integer", (c) => c.notNull())
      .addColumn("next_attempt_at", types.bigint)
      .addColumn("last_status_code", "integer")
      .addColumn("last_error", "text")
      .addColumn("created_at", types.bigint, (c) => c.notNull())
      .addColumn("updated_at", types.bigint, (c) => c.notNull())
      .addColumn("delivered_at", types.bigint)
      .execute();
    // One delivery per (event, endpoint): the outbox fan-out can be retried without duplicates.
    await db.schema
      .createIndex("webhook_deliveries_event_endpoint")
      .on("webhook_deliveries")
      .columns(["event_id", "endpoint_id"])
      .unique()
      .execute();
    await db.schema
      .createIndex("webhook_deliveries_endpoint_created")
      .on("webhook_deliveries")
      .columns(["endpoint_id", "created_at"])
      .execute();
    await db.schema
      .createIndex("webhook_deliveries_owner_status")
      .on("webhook_deliveries")
      .columns(["owner_kind", "owner_id", "status"])
      .execute();

    await db.schema
      .createTable("webhook_attempts")
      .addColumn("id", types.id, types.asId)
      .addColumn("delivery_id", "text", (c) => c.notNull())
      .addColumn("attempt", "integer", (c) => c.notNull())
      .addColumn("started_at", types.bigint, (c) => c.notNull())
      .addColumn("duration_ms", "integer", (c) => c.notNull())
      .addColumn("url", "text", (c) => c.notNull())
      .addColumn("request_headers", types.json, (c) => c.notNull())
      .addColumn("response_status", "integer")
      .addColumn("response_body", "text")
      .addColumn("error", "text")
      .addColumn("outcome", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("webhook_attempts_delivery")
      .on("webhook_attempts")
      .columns(["delivery_id", "attempt"])
      .execute();
  },
};
