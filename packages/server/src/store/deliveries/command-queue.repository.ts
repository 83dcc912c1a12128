// The command queue: race-safe claims with a lease, and the compare-and-set outcomes of confirm and fail.
import type { Selectable } from "kysely";
import type { Database, Executor } from "../../core/db/index.js";
import type { StoreDeliveryCommandsTable } from "./delivery.tables.js";

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
 * Claims up to `limit` commands of a server, oldest first: pending ones and processing ones whose lease has
 * run out. One statement, `UPDATE … WHERE id IN (SELECT … LIMIT n [FOR UPDATE SKIP LOCKED]) AND <claimable>
 * RETURNING *`: on PostgreSQL concurrent pollers skip each other's locked rows and the outer condition is
 * re-checked on the row version they lock (a row another poll just claimed no longer matches); SQLite runs
 * the statement alone. So no row is handed to two polls under one lease.
 */
export async function claimCommands(database: Database, o: ClaimOptions): Promise<CommandRow[]> {
  const db = database.kysely;
  let candidates = db
    .selectFrom("store_delivery_commands")
    .select("id")
    .where("server_id", "=", o.serverId)
    .where((eb) =>
      eb.or([
        eb("status", "=", "pending"),
        eb.and([eb("status", "=", "processing"), eb("lease_expires_at", "<=", o.now)]),
      ]),
    )
    .orderBy("id")
    .limit(o.limit);
  if (database.capabilities.skipLocked) candidates = candidates.forUpdate().skipLocked();
  const rows = await db
    .updateTable("store_delivery_commands")
    .set((eb) => ({
      status: "processing",
      lease_token: o.leaseToken,
      lease_expires_at: o.now + o.leaseMs,
      attempts: eb("attempts", "+", 1),
      updated_at: o.now,
    }))
    .where("id", "in", candidates)
    .where((eb) =>
      eb.or([
        eb("status", "=", "pending"),
        eb.and([eb("status", "=", "processing"), eb("lease_expires_at", "<=", o.now)]),
      ]),
    )
    .returningAll()
    .execute();
  return rows.sort((a, b) => a.id - b.id);
}

/** Marks a claimed (or failed) command delivered. Undefined when it was not in such a state (or not the server's). */
export async function trySetDelivered(
  db: Executor,
  serverId: number,
  id: number,
  now: number,
): Promise<CommandRow | undefined> {
  return db
    .updateTable("store_delivery_commands")
    .set({
      status: "delivered",
      delivered_at: now,
      lease_token: null,
      lease_expires_at: null,
      updated_at: now,
    })
    .where("id", "=", id)
    .where("server_id", "=", serverId)
    .where("status", "in", ["processing", "failed"])
    .returningAll()
    .executeTakeFirst();
}

/**
 * Ends a claim without success: `failed` for good, or back to `pending` when `retry` (the player is offline,
 * the server is restarting). Only a processing command of the server changes.
 */
export async function trySetFailed(
  db: Executor,
  serverId: number,
  id: number,
  now: number,
  reason: string,
  retry: boolean,
): Promise<CommandRow | undefined> {
  return db
    .updateTable("store_delivery_commands")
    .set({
      status: retry ? "pending" : "failed",
      failed_at: retry ? null : now,
      last_error: reason,
      lease_token: null,
      lease_expires_at: null,
      updated_at: now,
    })
    .where("id", "=", id)
    .where("server_id", "=", serverId)
    .where("status", "=", "processing")
    .returningAll()
    .executeTakeFirst();
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
  "id" | "attempts" | "lease_token" | "lease_expires_at" | "delivered_at"
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
