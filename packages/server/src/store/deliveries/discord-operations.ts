// Discord role operations: queued beside game-server commands (assign on purchase and renewal, remove on
// refund, chargeback and expiry), claimed, confirmed and failed by the Discord agent.
import type { Selectable } from "kysely";
import type { Database, Executor } from "../../core/db/index.js";
import { claimLeasedRows, findClaimableRows, LEASE_CLEARED } from "../../core/db/leased-rows.js";
import type { CommandKind } from "./delivery-scheduler.js";
import type { StoreDiscordOperationsTable } from "./delivery.tables.js";
import { insertLog } from "./command-queue.repository.js";
import { availableAtAfter, type FailOutcome } from "./agent-fail.js";

export type DiscordOperationRow = Selectable<StoreDiscordOperationsTable>;

const SNOWFLAKE = /^[0-9]{5,20}$/;

/** Queues one operation per Discord role of each line's product. Returns how many were queued. */
export async function queueDiscordOperations(
  trx: Executor,
  input: {
    storeId: number;
    kind: CommandKind;
    discordId: string | null;
    order: { id: number; number: string } | null;
    subscriptionId: number | null;
    lines: { itemId: number | null; productId: number }[];
    now: number;
  },
): Promise<number> {
  const productIds = [...new Set(input.lines.map((l) => l.productId))];
  const roles = await trx
    .selectFrom("store_discord_roles")
    .selectAll()
    .where("store_id", "=", input.storeId)
    .where("product_id", "in", productIds)
    .orderBy("id")
    .execute();
  if (roles.length === 0) return 0;
  const operation: "assign" | "remove" =
    input.kind === "purchase" || input.kind === "renewal" ? "assign" : "remove";
  const valid = input.discordId !== null && SNOWFLAKE.test(input.discordId);
  const rows = input.lines.flatMap((line) =>
    roles
      .filter((r) => r.product_id === line.productId)
      .map((r) => ({
        store_id: input.storeId,
        operation,
        kind: input.kind,
        guild_id: r.guild_id,
        discord_user_id: valid ? (input.discordId ?? "") : "",
        role_id: r.role_id,
        role_name: r.role_name,
        order_id: input.order?.id ?? null,
        order_item_id: line.itemId,
        order_number: input.order?.number ?? null,
        subscription_id: input.subscriptionId,
        status: valid ? ("pending" as const) : ("failed" as const),
        last_error: valid ? null : "Not sent: the buyer has no Discord id",
        lease_token: null,
        lease_expires_at: null,
        created_at: input.now,
        updated_at: input.now,
        completed_at: null,
      })),
  );
  const inserted = await trx
    .insertInto("store_discord_operations")
    .values(rows)
    .returning(["id", "status", "last_error"])
    .execute();
  await insertLog(
    trx,
    inserted.map((r) => ({
      store_id: input.storeId,
      command_id: r.id,
      target: "discord" as const,
      event: r.status === "failed" ? ("failed" as const) : ("queued" as const),
      message: r.last_error,
      created_at: input.now,
    })),
  );
  return inserted.length;
}

/** The store's claimable operations (pending, or leased with the lease run out), oldest first. */
export async function listPendingOperations(
  db: Executor,
  storeId: number,
  now: number,
  limit: number,
): Promise<DiscordOperationRow[]> {
  return findClaimableRows(db, "store_discord_operations", {
    scope: { column: "store_id", value: storeId },
    now,
    limit,
  });
}

/** Claims operations with a lease, race-safe as the command queue's claim (see `claimLeasedRows`). */
export async function claimOperations(
  database: Database,
  o: { storeId: number; now: number; leaseMs: number; limit: number; leaseToken: string; ids?: number[] },
): Promise<DiscordOperationRow[]> {
  return claimLeasedRows(database, "store_discord_operations", {
    scope: { column: "store_id", value: o.storeId },
    now: o.now,
    leaseMs: o.leaseMs,
    limit: o.limit,
    leaseToken: o.leaseToken,
    ...(o.ids === undefined ? {} : { ids: o.ids }),
  });
}

/**
 * Confirms or fails a processing operation (confirm also accepts a failed one); undefined if nothing changed.
 * A retry goes back to pending, not claimable before `retryAfterMs` (as the game-server command queue).
 */
export async function trySetOperationOutcome(
  db: Executor,
  storeId: number,
  id: number,
  now: number,
  outcome: { delivered: true } | ({ delivered: false } & FailOutcome),
): Promise<DiscordOperationRow | undefined> {
  const base = db
    .updateTable("store_discord_operations")
    .where("id", "=", id)
    .where("store_id", "=", storeId);
  if (outcome.delivered) {
    return base
      .set({
        status: "delivered",
        completed_at: now,
        ...LEASE_CLEARED,
        updated_at: now,
      })
      .where("status", "in", ["processing", "failed"])
      .returningAll()
      .executeTakeFirst();
  }
  return base
    .set({
      status: outcome.retry ? "pending" : "failed",
      available_at: availableAtAfter(now, outcome),
      last_error: outcome.reason,
      ...LEASE_CLEARED,
      updated_at: now,
    })
    .where("status", "=", "processing")
    .returningAll()
    .executeTakeFirst();
}

export async function findOperation(
  db: Executor,
  storeId: number,
  id: number,
): Promise<DiscordOperationRow | undefined> {
  return db
    .selectFrom("store_discord_operations")
    .selectAll()
    .where("id", "=", id)
    .where("store_id", "=", storeId)
    .executeTakeFirst();
}
