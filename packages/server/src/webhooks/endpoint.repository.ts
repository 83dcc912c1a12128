// Reads and writes webhook endpoints, always scoped to their owner (tenant isolation by construction).
import type { Selectable } from "kysely";
import type { Executor } from "../core/db/index.js";
import type { OwnerKind, WebhookEndpointsTable, WebhookProfile } from "./webhooks.tables.js";

export type EndpointRow = Selectable<WebhookEndpointsTable>;

export interface Owner {
  kind: OwnerKind;
  id: number;
}

export interface InsertEndpoint {
  owner: Owner;
  profile: WebhookProfile;
  url: string;
  events: readonly string[];
  secretSealed: string;
  schedule: string;
  standardHeaders: boolean;
  maxConcurrency: number;
  now: number;
}

export async function insertEndpoint(db: Executor, e: InsertEndpoint): Promise<EndpointRow> {
  return db
    .insertInto("webhook_endpoints")
    .values({
      owner_kind: e.owner.kind,
      owner_id: e.owner.id,
      profile: e.profile,
      url: e.url,
      events: JSON.stringify(e.events),
      secret_sealed: e.secretSealed,
      previous_secret_sealed: null,
      previous_secret_expires_at: null,
      is_active: 1,
      disabled_reason: null,
      standard_headers: e.standardHeaders ? 1 : 0,
      schedule: e.schedule,
      max_concurrency: e.maxConcurrency,
      failing_since: null,
      created_at: e.now,
      updated_at: e.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findEndpoint(db: Executor, owner: Owner, id: number): Promise<EndpointRow | undefined> {
  return db
    .selectFrom("webhook_endpoints")
    .selectAll()
    .where("owner_kind", "=", owner.kind)
    .where("owner_id", "=", owner.id)
    .where("id", "=", id)
    .executeTakeFirst();
}

/** The endpoint by id alone, for the delivery worker (which already holds a delivery of that owner). */
export async function findEndpointById(db: Executor, id: number): Promise<EndpointRow | undefined> {
  return db.selectFrom("webhook_endpoints").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function listEndpoints(db: Executor, owner: Owner): Promise<EndpointRow[]> {
  return db
    .selectFrom("webhook_endpoints")
    .selectAll()
    .where("owner_kind", "=", owner.kind)
    .where("owner_id", "=", owner.id)
    .orderBy("id")
    .execute();
}

/** Active endpoints of an owner (the outbox filters them by subscription). */
export async function listActiveEndpoints(db: Executor, owner: Owner): Promise<EndpointRow[]> {
  return db
    .selectFrom("webhook_endpoints")
    .selectAll()
    .where("owner_kind", "=", owner.kind)
    .where("owner_id", "=", owner.id)
    .where("is_active", "=", 1)
    .execute();
}

export type EndpointPatch = Partial<
  Pick<
    EndpointRow,
    | "url"
    | "events"
    | "is_active"
    | "disabled_reason"
    | "secret_sealed"
    | "previous_secret_sealed"
    | "previous_secret_expires_at"
    | "standard_headers"
    | "schedule"
    | "max_concurrency"
    | "failing_since"
  >
>;

export async function updateEndpoint(
  db: Executor,
  owner: Owner,
  id: number,
  patch: EndpointPatch,
  now: number,
): Promise<EndpointRow | undefined> {
  return db
    .updateTable("webhook_endpoints")
    .set({ ...patch, updated_at: now })
    .where("owner_kind", "=", owner.kind)
    .where("owner_id", "=", owner.id)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteEndpoint(db: Executor, owner: Owner, id: number): Promise<boolean> {
  const r = await db
    .deleteFrom("webhook_endpoints")
    .where("owner_kind", "=", owner.kind)
    .where("owner_id", "=", owner.id)
    .where("id", "=", id)
    .executeTakeFirst();
  return r.numDeletedRows > 0n;
}
