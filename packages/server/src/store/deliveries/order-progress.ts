// Order items' delivery status from their commands and Discord operations; completes an order when all are done.
import type { Executor } from "../../core/db/index.js";
import type { DeliveryStatus } from "../orders/order.tables.js";
import type { QueueStatus } from "./delivery.tables.js";

/** The kinds that deliver what an order bought (refund, chargeback and expiry commands take it away). */
export const GRANTING_KINDS = ["purchase", "renewal"] as const;

function itemStatus(statuses: QueueStatus[]): DeliveryStatus {
  if (statuses.every((s) => s === "delivered")) return "delivered";
  if (statuses.includes("processing")) return "processing";
  if (statuses.includes("pending")) return "pending";
  return "failed";
}

/**
 * Recomputes the delivery status of each item of the order that has granting commands or operations (a
 * command re-sent counts through its newest copy only), and completes a pending or processing order once
 * every one of them is delivered. Runs in the caller's transaction.
 */
export async function refreshOrderDelivery(db: Executor, orderId: number, now: number): Promise<void> {
  const commands = await db
    .selectFrom("store_delivery_commands as c")
    .select(["c.order_item_id", "c.status"])
    .where("c.order_id", "=", orderId)
    .where("c.kind", "in", GRANTING_KINDS)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom("store_delivery_commands as r").select("r.id").whereRef("r.resend_of", "=", "c.id"),
        ),
      ),
    )
    .execute();
  const operations = await db
    .selectFrom("store_discord_operations")
    .select(["order_item_id", "status"])
    .where("order_id", "=", orderId)
    .where("kind", "in", GRANTING_KINDS)
    .execute();
  const byItem = new Map<number, QueueStatus[]>();
  for (const r of [...commands, ...operations]) {
    if (r.order_item_id === null) continue;
    const list = byItem.get(r.order_item_id) ?? [];
    list.push(r.status);
    byItem.set(r.order_item_id, list);
  }
  const groups = new Map<DeliveryStatus, number[]>();
  for (const [itemId, statuses] of byItem) {
    const s = itemStatus(statuses);
    groups.set(s, [...(groups.get(s) ?? []), itemId]);
  }
  for (const [status, ids] of groups) {
    await db
      .updateTable("store_order_items")
      .set({ delivery_status: status })
      .where("id", "in", ids)
      .where("delivery_status", "!=", status)
      .execute();
  }
  const all = [...commands, ...operations];
  if (all.every((r) => r.status === "delivered")) {
    await db
      .updateTable("store_orders")
      .set({ status: "completed", completed_at: now, updated_at: now })
      .where("id", "=", orderId)
      .where("status", "in", ["pending", "processing"])
      .execute();
  }
}

/** Marks the given items processing (their commands were just claimed). */
export async function markItemsProcessing(db: Executor, itemIds: number[]): Promise<void> {
  if (itemIds.length === 0) return;
  await db
    .updateTable("store_order_items")
    .set({ delivery_status: "processing" })
    .where("id", "in", itemIds)
    .where("delivery_status", "=", "pending")
    .execute();
}
