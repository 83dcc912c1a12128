// An order's deliveries as GET /orders/{id} shows them: every command (per server, with its status, attempts and
// times; re-sends included) and every Discord role operation, oldest first.
import type { Executor } from "../../core/db/index.js";
import { batchDeliveryJson } from "./delivery-events.js";
import { toDiscordOperationJson, type DeliveryJson, type DiscordOperationJson } from "./delivery.schema.js";

export interface OrderDeliveries {
  deliveries: DeliveryJson[];
  discord_operations: DiscordOperationJson[];
}

/** Three lookups whatever the number of commands (the order's commands, their servers, its operations). */
export async function findOrderDeliveries(
  db: Executor,
  storeId: number,
  orderId: number,
): Promise<OrderDeliveries> {
  const commands = await db
    .selectFrom("store_delivery_commands")
    .selectAll()
    .where("store_id", "=", storeId)
    .where("order_id", "=", orderId)
    .orderBy("id")
    .execute();
  const operations = await db
    .selectFrom("store_discord_operations")
    .selectAll()
    .where("store_id", "=", storeId)
    .where("order_id", "=", orderId)
    .orderBy("id")
    .execute();
  return {
    deliveries: await batchDeliveryJson(db, commands),
    discord_operations: operations.map(toDiscordOperationJson),
  };
}
