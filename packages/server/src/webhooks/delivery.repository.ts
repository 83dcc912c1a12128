// Reads and writes deliveries and their attempt log.
import type { Insertable, Selectable } from "kysely";
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

export async function findDeliveryById(db: Executor, id: string): Promise<DeliveryRow | undefined> {
  return db.selectFrom("webhook_deliveries").selectAll().where("id", "=", id).executeTakeFirst();
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
  await db.insertInto("webhook_attempts").values(row).execute();
}

export async function listAttempts(db: Executor, deliveryId: string): Promise<AttemptRow[]> {
  return db
    .selectFrom("webhook_attempts")
    .selectAll()
    .where("delivery_id", "=", deliveryId)
    .orderBy("attempt")
    .execute();
}
