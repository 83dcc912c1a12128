// The seam between the order lifecycle (checkout, payments, refunds, subscriptions) and in-game delivery,
// and its implementation: product commands rendered per item into the queue, Discord role operations beside.
import type { Clock } from "../../core/clock.js";
import type { Executor } from "../../core/db/index.js";
import { formatDecimal, minorUnitExponent } from "../shared/money.js";
import type { PublishEvent } from "../store-api.deps.js";
import { renderCommand, UnsafePlaceholderError, type PlaceholderValues } from "./command-template.js";
import { insertCommands, insertLog, type NewCommand } from "./command-queue.repository.js";
import { publishOutcome } from "./delivery-events.js";
import { queueDiscordOperations } from "./discord-operations.js";
import { GRANTING_KINDS, refreshOrderDelivery } from "./order-progress.js";
import { findIdentity, parseMetadata, pickIdentity } from "./delivery-identity.js";

/** Why commands are sent: the docs' kinds, plus renewal (a subscription's new period). */
export type CommandKind = "purchase" | "refund" | "chargeback" | "renewal" | "expiry";

/**
 * What the order lifecycle asks of the deliveries feature. Every call runs in the caller's transaction, so
 * a payment and the commands it causes commit together (or not at all).
 */
export interface DeliveryScheduler {
  /**
   * Queues the commands of `kind` for every item of the order, per product and delivery server (game-server
   * commands and Discord role operations), and marks the items' delivery status. An order with nothing to
   * deliver is completed at once; otherwise it completes when its last delivery does.
   */
  queueForOrder(trx: Executor, input: { storeId: number; orderId: number; kind: CommandKind }): Promise<void>;
  /** The same for a subscription's renewal or expiry (`orderId`: the renewal's order, when there is one). */
  queueForSubscription(
    trx: Executor,
    input: { storeId: number; subscriptionId: number; orderId?: number; kind: CommandKind },
  ): Promise<void>;
}

/** Used until the deliveries feature is wired in: nothing is queued. */
export const noDeliveries: DeliveryScheduler = {
  queueForOrder: () => Promise.resolve(),
  queueForSubscription: () => Promise.resolve(),
};

export interface DeliverySchedulerDeps {
  clock: Clock;
  publish: PublishEvent;
}

/** One thing bought: an order item, or a subscription's product when a period starts or ends without an order. */
export interface DeliveryLine {
  itemId: number | null;
  productId: number;
  productName: string;
  quantity: number;
  /** Unit price, minor units. */
  price: number;
}

/** Creates the scheduler the order lifecycle calls (wired in store-api.ts). */
export function createDeliveryScheduler(deps: DeliverySchedulerDeps): DeliveryScheduler {
  async function queue(
    trx: Executor,
    input: {
      storeId: number;
      kind: CommandKind;
      customerId: number;
      metadata: Record<string, unknown>;
      currency: string;
      order: { id: number; number: string } | null;
      subscriptionId: number | null;
      lines: DeliveryLine[];
    },
  ): Promise<number> {
    const now = deps.clock.now();
    const productIds = [...new Set(input.lines.map((l) => l.productId))];
    if (productIds.length === 0) return 0;
    const templates = await trx
      .selectFrom("store_product_commands as pc")
      .innerJoin("store_delivery_servers as s", "s.id", "pc.server_id")
      .select([
        "pc.id",
        "pc.product_id",
        "pc.server_id",
        "pc.command",
        "pc.require_online",
        "s.name as server",
      ])
      .where("pc.store_id", "=", input.storeId)
      .where("pc.product_id", "in", productIds)
      .where("pc.kind", "=", input.kind)
      .orderBy("pc.id")
      .execute();
    const who = await findIdentity(trx, input.customerId, input.metadata);
    const exponent = minorUnitExponent(input.currency);
    const rows: (NewCommand & { problem: string | null })[] = [];
    for (const line of input.lines) {
      for (const t of templates.filter((x) => x.product_id === line.productId)) {
        const values: PlaceholderValues = {
          ...who.values,
          quantity: line.quantity,
          order_id: input.order?.id,
          order_number: input.order?.number,
          subscription_id: input.subscriptionId,
          product: line.productName,
          product_id: line.productId,
          price: formatDecimal(line.price, exponent),
          currency: input.currency,
          server: t.server,
        };
        let command = t.command;
        let problem: string | null = null;
        try {
          command = renderCommand(t.command, values);
        } catch (e) {
          if (!(e instanceof UnsafePlaceholderError)) throw e;
          problem = `Not sent: ${e.message}`;
        }
        rows.push({
          store_id: input.storeId,
          server_id: t.server_id,
          order_id: input.order?.id ?? null,
          order_item_id: line.itemId,
          subscription_id: input.subscriptionId,
          product_id: line.productId,
          resend_of: null,
          kind: input.kind,
          command,
          player: who.player,
          require_online: t.require_online,
          status: problem === null ? "pending" : "failed",
          last_error: problem,
          created_at: now,
          updated_at: now,
          failed_at: problem === null ? null : now,
          problem,
        });
      }
    }
    const inserted = await insertCommands(
      trx,
      rows.map(({ problem: _problem, ...r }) => r),
    );
    await insertLog(
      trx,
      inserted.map((r) => ({
        store_id: r.store_id,
        command_id: r.id,
        target: "server" as const,
        event: r.status === "failed" ? ("failed" as const) : ("queued" as const),
        message: r.last_error,
        created_at: now,
      })),
    );
    for (const r of inserted) if (r.status === "failed") await publishOutcome(trx, deps.publish, r);
    const operations = await queueDiscordOperations(trx, {
      storeId: input.storeId,
      kind: input.kind,
      discordId: who.discordId,
      order: input.order,
      subscriptionId: input.subscriptionId,
      lines: input.lines,
      now,
    });
    return inserted.length + operations;
  }

  async function queueOrder(
    trx: Executor,
    input: { storeId: number; orderId: number; kind: CommandKind; subscriptionId: number | null },
  ): Promise<void> {
    const order = await trx
      .selectFrom("store_orders")
      .selectAll()
      .where("id", "=", input.orderId)
      .where("store_id", "=", input.storeId)
      .executeTakeFirst();
    if (!order) return;
    const items = await trx
      .selectFrom("store_order_items")
      .selectAll()
      .where("order_id", "=", order.id)
      .orderBy("id")
      .execute();
    const lines: DeliveryLine[] = items.flatMap((i) =>
      i.product_id === null
        ? []
        : [
            {
              itemId: i.id,
              productId: i.product_id,
              productName: i.product_name,
              quantity: i.quantity,
              price: i.price,
            },
          ],
    );
    const queued = await queue(trx, {
      storeId: input.storeId,
      kind: input.kind,
      customerId: order.customer_id,
      metadata: parseMetadata(order.metadata),
      currency: order.currency,
      order: { id: order.id, number: order.order_number },
      subscriptionId: input.subscriptionId,
      lines,
    });
    if (!(GRANTING_KINDS as readonly string[]).includes(input.kind)) return;
    const now = deps.clock.now();
    // Items with nothing to deliver are delivered now; the rest follow their commands.
    await trx
      .updateTable("store_order_items")
      .set({ delivery_status: "delivered" })
      .where("order_id", "=", order.id)
      .where("delivery_status", "=", "pending")
      .execute();
    if (queued > 0 && (order.status === "pending" || order.status === "processing")) {
      await trx
        .updateTable("store_orders")
        .set({ status: "processing", updated_at: now })
        .where("id", "=", order.id)
        .where("status", "=", "pending")
        .execute();
    }
    await refreshOrderDelivery(trx, order.id, now);
  }

  return {
    queueForOrder: (trx, input) => queueOrder(trx, { ...input, subscriptionId: null }),
    async queueForSubscription(trx, input) {
      if (input.orderId !== undefined) {
        await queueOrder(trx, {
          storeId: input.storeId,
          orderId: input.orderId,
          kind: input.kind,
          subscriptionId: input.subscriptionId,
        });
        return;
      }
      const s = await trx
        .selectFrom("store_subscriptions")
        .selectAll()
        .where("id", "=", input.subscriptionId)
        .where("store_id", "=", input.storeId)
        .executeTakeFirst();
      if (!s || s.product_id === null) return;
      // No order for an expiry: the player is the one the subscription was bought for.
      const start =
        s.order_id === null
          ? undefined
          : await trx
              .selectFrom("store_orders")
              .select("metadata")
              .where("id", "=", s.order_id)
              .executeTakeFirst();
      await queue(trx, {
        storeId: input.storeId,
        kind: input.kind,
        customerId: s.customer_id,
        metadata: pickIdentity(start?.metadata),
        currency: s.currency,
        order: null,
        subscriptionId: s.id,
        lines: [
          { itemId: null, productId: s.product_id, productName: s.product_name, quantity: 1, price: s.price },
        ],
      });
    },
  };
}
