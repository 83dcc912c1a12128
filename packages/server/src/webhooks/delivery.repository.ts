// Reads and writes deliveries and their attempt log.
import { sql, type Insertable, type Selectable } from "kysely";
import type { Executor } from "../core/db/index.js";
import type { Owner } from "./endpoint.repository.js";
import type { WebhookAttemptsTable, WebhookDeliveriesTable } from "./webhooks.tables.js";

export type DeliveryRow = Selectable<WebhookDeliveriesTable>;
export type AttemptRow = Selectable<WebhookAttemptsTable>;

/** Inserts deliveries; one that already exists for the same (event, endpoint) is left as it is. */
export async function batchInsertDeliveries(
  db: Executor,
  rows: Insertable<WebhookDeliveriesTable>[],
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto("webhook_deliveries")
    .values(rows)
    .onConflict((oc) => oc.columns(["event_id", "endpoint_id"]).doNothing())
    .execute();
}

// The next three run once per delivery attempt: plain SQL templates skip the query builder's
// per-call compilation, which showed up as a tenth of the delivery path's CPU time.

export async function findDeliveryById(db: Executor, id: string): Promise<DeliveryRow | undefined> {
  const r = await sql<DeliveryRow>`select * from webhook_deliveries where id = ${id}`.execute(db);
  return r.rows[0];
}

/** What an attempt changes on its delivery. */
export interface DeliveryOutcomePatch {
  attempts: number;
  status: DeliveryRow["status"];
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: number | null;
  updated_at: number;
  delivered_at: number | null;
}

export async function recordDeliveryOutcome(
  db: Executor,
  id: string,
  p: DeliveryOutcomePatch,
): Promise<void> {
  await sql`update webhook_deliveries set attempts = ${p.attempts}, status = ${p.status},
    last_status_code = ${p.last_status_code}, last_error = ${p.last_error}, next_attempt_at = ${p.next_attempt_at},
    updated_at = ${p.updated_at}, delivered_at = ${p.delivered_at} where id = ${id}`.execute(db);
}

export async function findDelivery(db: Executor, owner: Owner, id: string): Promise<DeliveryRow | undefined> {
  return db
    .selectFrom("webhook_deliveries")
    .selectAll()
    .where("owner_kind", "=", owner.kind)
    .where("owner_id", "=", owner.id)
    .where("id", "=", id)
    .executeTakeFirst();
}

export interface ListDeliveriesOptions {
  endpointId?: number;
  status?: DeliveryRow["status"];
  limit: number;
  offset: number;
}

export async function listDeliveries(
  db: Executor,
  owner: Owner,
  options: ListDeliveriesOptions,
): Promise<DeliveryRow[]> {
  let q = db
    .selectFrom("webhook_deliveries")
    .selectAll()
    .where("owner_kind", "=", owner.kind)
    .where("owner_id", "=", owner.id);
  if (options.endpointId !== undefined) q = q.where("endpoint_id", "=", options.endpointId);
  if (options.status !== undefined) q = q.where("status", "=", options.status);
  return q
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(options.limit)
    .offset(options.offset)
    .execute();
}

export async function countDeliveries(
  db: Executor,
  owner: Owner,
  options: Pick<ListDeliveriesOptions, "endpointId" | "status">,
): Promise<number> {
  let q = db
    .selectFrom("webhook_deliveries")
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .where("owner_kind", "=", owner.kind)
    .where("owner_id", "=", owner.id);
  if (options.endpointId !== undefined) q = q.where("endpoint_id", "=", options.endpointId);
  if (options.status !== undefined) q = q.where("status", "=", options.status);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

export async function updateDelivery(
  db: Executor,
  id: string,
  patch: Partial<Omit<DeliveryRow, "id">>,
): Promise<void> {
  await db.updateTable("webhook_deliveries").set(patch).where("id", "=", id).execute();
}

export async function insertAttempt(db: Executor, row: Insertable<WebhookAttemptsTable>): Promise<void> {
  await sql`insert into webhook_attempts (delivery_id, attempt, started_at, duration_ms, url, request_headers,
    response_status, response_body, error, outcome) values (${row.delivery_id}, ${row.attempt}, ${row.started_at},
    ${row.duration_ms}, ${row.url}, ${row.request_headers}, ${row.response_status ?? null}, ${row.response_body ?? null},
    ${row.error ?? null}, ${row.outcome})`.execute(db);
}

export async function listAttempts(db: Executor, deliveryId: string): Promise<AttemptRow[]> {
  return db
    .selectFrom("webhook_attempts")
    .selectAll()
    .where("delivery_id", "=", deliveryId)
    .orderBy("attempt")
    .execute();
}
