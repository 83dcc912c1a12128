// The command queue: race-safe claims with a lease, and the compare-and-set outcomes of confirm and fail.
import type { Selectable } from "kysely";
import type { Database, Executor } from "../../core/db/index.js";
import { claimLeasedRows, LEASE_CLEARED } from "../../core/db/leased-rows.js";
import type { StoreDeliveryCommandsTable } from "./delivery.tables.js";
import { availableAtAfter, type FailOutcome } from "./agent-fail.js";

export type CommandRow = Selectable<StoreDeliveryCommandsTable>;

export interface ClaimOptions {
  serverId: number;
  now: number;
  leaseMs: number;
  limit: number;
  /** Random per claim; stored on the rows. */
  leaseToken: string;
}

/**
 * Claims up to `limit` claimable commands of a server, oldest first: pending ones (not deferred) and
 * processing ones whose lease has run out. Race-safe: see `claimLeasedRows`.
 */
export async function claimCommands(database: Database, o: ClaimOptions): Promise<CommandRow[]> {
  return claimLeasedRows(database, "store_delivery_commands", {
    scope: { column: "server_id", value: o.serverId },
    now: o.now,
    leaseMs: o.leaseMs,
    limit: o.limit,
    leaseToken: o.leaseToken,
  });
}

/**
 * Marks claimed (or failed) commands of the server delivered, in one statement. Returns the rows that
 * changed; ids not in such a state (or not the server's) are left out.
 */
export async function batchSetDelivered(
  db: Executor,
  serverId: number,
  ids: readonly number[],
  now: number,
): Promise<CommandRow[]> {
  if (ids.length === 0) return [];
  return db
    .updateTable("store_delivery_commands")
    .set({ status: "delivered", delivered_at: now, ...LEASE_CLEARED, updated_at: now })
    .where("id", "in", [...ids])
    .where("server_id", "=", serverId)
    .where("status", "in", ["processing", "failed"])
    .returningAll()
    .execute();
}

/**
 * Ends a claim without success: `failed` for good, or back to `pending` when `retry` (the player is offline,
 * the server is restarting), offered again from `now + retryAfterMs`. Only a processing command of the
 * server changes.
 */
export async function trySetFailed(
  db: Executor,
  serverId: number,
  id: number,
  now: number,
  outcome: FailOutcome,
): Promise<CommandRow | undefined> {
  return db
    .updateTable("store_delivery_commands")
    .set({
      status: outcome.retry ? "pending" : "failed",
      failed_at: outcome.retry ? null : now,
      available_at: availableAtAfter(now, outcome),
      last_error: outcome.reason,
      ...LEASE_CLEARED,
      updated_at: now,
    })
    .where("id", "=", id)
    .where("server_id", "=", serverId)
    .where("status", "=", "processing")
    .returningAll()
    .executeTakeFirst();
}

/** The server's commands among `ids`. */
export async function findServerCommands(
  db: Executor,
  serverId: number,
  ids: readonly number[],
): Promise<CommandRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom("store_delivery_commands")
    .selectAll()
    .where("id", "in", [...ids])
    .where("server_id", "=", serverId)
    .execute();
}

export async function findServerCommand(
  db: Executor,
  serverId: number,
  id: number,
): Promise<CommandRow | undefined> {
  return db
    .selectFrom("store_delivery_commands")
    .selectAll()
    .where("id", "=", id)
    .where("server_id", "=", serverId)
    .executeTakeFirst();
}

export async function findStoreCommand(
  db: Executor,
  storeId: number,
  id: number,
): Promise<CommandRow | undefined> {
  return db
    .selectFrom("store_delivery_commands")
    .selectAll()
    .where("id", "=", id)
    .where("store_id", "=", storeId)
    .executeTakeFirst();
}

export type NewCommand = Omit<
  CommandRow,
  "id" | "attempts" | "lease_token" | "lease_expires_at" | "available_at" | "delivered_at"
>;

export async function insertCommands(db: Executor, rows: NewCommand[]): Promise<CommandRow[]> {
  if (rows.length === 0) return [];
  return db.insertInto("store_delivery_commands").values(rows).returningAll().execute();
}

/** Adds one log line per command. */
export async function insertLog(
  db: Executor,
  rows: {
    store_id: number;
    command_id: number;
    target: "server" | "discord";
    event: "queued" | "claimed" | "delivered" | "failed" | "deferred" | "resent";
    message: string | null;
    created_at: number;
  }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto("store_delivery_log").values(rows).execute();
}
