// Building Delivery objects from command rows (server name, order number) and publishing delivery.* events.
import type { Executor } from "../../core/db/index.js";
import type { PublishEvent } from "../store-api.deps.js";
import type { CommandRow } from "./command-queue.repository.js";
import { toDeliveryJson, type DeliveryJson } from "./delivery.schema.js";

/** The Delivery objects of `rows` in order: two lookups whatever their number. */
export async function batchDeliveryJson(db: Executor, rows: readonly CommandRow[]): Promise<DeliveryJson[]> {
  if (rows.length === 0) return [];
  const serverIds = [...new Set(rows.map((r) => r.server_id))];
  const orderIds = [...new Set(rows.flatMap((r) => (r.order_id === null ? [] : [r.order_id])))];
  const servers = new Map(
    (
      await db
        .selectFrom("store_delivery_servers")
        .select(["id", "name"])
        .where("id", "in", serverIds)
        .execute()
    ).map((s) => [s.id, s]),
  );
  const orders =
    orderIds.length === 0
      ? new Map<number, string>()
      : new Map(
          (
            await db
              .selectFrom("store_orders")
              .select(["id", "order_number"])
              .where("id", "in", orderIds)
              .execute()
          ).map((o) => [o.id, o.order_number]),
        );
  return rows.map((r) =>
    toDeliveryJson(
      r,
      servers.get(r.server_id) ?? { id: r.server_id, name: "" },
      r.order_id === null ? null : (orders.get(r.order_id) ?? null),
    ),
  );
}

/** Publishes `delivery.completed` or `delivery.failed` with the Delivery object, in the caller's transaction. */
export async function publishOutcome(db: Executor, publish: PublishEvent, row: CommandRow): Promise<void> {
  await publishOutcomes(db, publish, [row]);
}

/** `publishOutcome` for many rows: their Delivery objects are built with two lookups in all. */
export async function publishOutcomes(
  db: Executor,
  publish: PublishEvent,
  rows: readonly CommandRow[],
): Promise<void> {
  const json = await batchDeliveryJson(db, [...rows]);
  for (const [i, row] of rows.entries()) {
    const data = json[i];
    if (data === undefined) continue;
    await publish(
      db,
      row.store_id,
      row.status === "delivered" ? "delivery.completed" : "delivery.failed",
      data,
    );
  }
}
