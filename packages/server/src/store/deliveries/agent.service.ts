// What game-server agents do: claim their pending commands under a lease, confirm or fail them (idempotent).
import { randomBytes } from "node:crypto";
import type { Clock } from "../../core/clock.js";
import type { Database, Executor } from "../../core/db/index.js";
import { AppError } from "../../core/errors/index.js";
import type { PublishEvent } from "../store-api.deps.js";
import {
  batchSetDelivered,
  claimCommands,
  findServerCommand,
  findServerCommands,
  insertLog,
  trySetFailed,
  type CommandRow,
} from "./command-queue.repository.js";
import { publishOutcomes } from "./delivery-events.js";
import { markItemsProcessing, refreshOrderDelivery } from "./order-progress.js";
import type { AgentPrincipal } from "./agent-auth.js";
import type { FailOutcome } from "./agent-fail.js";

export interface DeliveryOptions {
  /** How long a claimed command stays the claimant's before it is offered again. Default 120 s. */
  leaseMs: number;
  /** When to poll again when nothing more is waiting. Default 60 s (what official agents do). */
  pollIntervalMs: number;
  /** When to poll again when a full batch was returned (more may be waiting). Default 1 s. */
  busyPollMs: number;
  /** Most commands per poll (`limit` may ask for fewer). Default 100. */
  maxBatch: number;
}

export const DEFAULT_DELIVERY_OPTIONS: DeliveryOptions = {
  leaseMs: 120_000,
  pollIntervalMs: 60_000,
  busyPollMs: 1_000,
  maxBatch: 100,
};

export interface AgentServiceDeps {
  database: Database;
  clock: Clock;
  publish: PublishEvent;
  options: DeliveryOptions;
}

export interface ClaimedCommand {
  id: number;
  command: string;
  kind: string;
  player: string | null;
  require_online: boolean;
  order_id: number | null;
  attempt: number;
  lease_expires_at: string;
}

export interface PollResult {
  commands: CommandRow[];
  leaseMs: number;
  nextPollMs: number;
}

/**
 * Claims up to `limit` commands of the agent's server. Every returned command is leased to this poll for
 * `leaseMs`; one not confirmed or failed by then is offered to the next poll. A command offered again is
 * logged (`claimed`, attempt n).
 */
export async function pollCommands(
  deps: AgentServiceDeps,
  agent: AgentPrincipal,
  limit: number | undefined,
): Promise<PollResult> {
  const now = deps.clock.now();
  const max = Math.min(limit ?? deps.options.maxBatch, deps.options.maxBatch);
  const commands = await claimCommands(deps.database, {
    serverId: agent.serverId,
    now,
    leaseMs: deps.options.leaseMs,
    limit: max,
    leaseToken: randomBytes(12).toString("base64url"),
  });
  const db = deps.database.kysely;
  // Bookkeeping after the claim commits: a lost write here costs a log line, never a second execution.
  await db
    .updateTable("store_delivery_servers")
    .set({ last_polled_at: now })
    .where("id", "=", agent.serverId)
    .where((eb) => eb.or([eb("last_polled_at", "is", null), eb("last_polled_at", "<", now - 10_000)]))
    .execute();
  await markItemsProcessing(
    db,
    commands.flatMap((c) => (c.order_item_id === null ? [] : [c.order_item_id])),
  );
  await insertLog(
    db,
    commands
      .filter((c) => c.attempts > 1)
      .map((c) => ({
        store_id: c.store_id,
        command_id: c.id,
        target: "server" as const,
        event: "claimed" as const,
        message: `offered again after an expired lease (attempt ${c.attempts})`,
        created_at: now,
      })),
  );
  return {
    commands,
    leaseMs: deps.options.leaseMs,
    nextPollMs: commands.length >= max ? deps.options.busyPollMs : deps.options.pollIntervalMs,
  };
}

export type Outcome = { changed: boolean; command: CommandRow };

/** One command's answer in a batch: its new state, or why it could not change (404 / 409 as a single call). */
export type BatchOutcome =
  | { id: number; ok: true; changed: boolean; command: CommandRow }
  | { id: number; ok: false; error: AppError };

/** Most ids one batch confirmation may carry. */
export const MAX_CONFIRM_BATCH = 100;

async function afterOutcomes(
  deps: AgentServiceDeps,
  trx: Executor,
  rows: CommandRow[],
  message: string | null,
): Promise<void> {
  if (rows.length === 0) return;
  const now = deps.clock.now();
  await insertLog(
    trx,
    rows.map((row) => ({
      store_id: row.store_id,
      command_id: row.id,
      target: "server" as const,
      event:
        row.status === "delivered"
          ? ("delivered" as const)
          : row.status === "failed"
            ? ("failed" as const)
            : ("deferred" as const),
      message,
      created_at: now,
    })),
  );
  await publishOutcomes(
    trx,
    deps.publish,
    rows.filter((r) => r.status !== "pending"),
  );
  const orders = [...new Set(rows.flatMap((r) => (r.order_id === null ? [] : [r.order_id])))];
  for (const orderId of orders.sort((a, b) => a - b)) await refreshOrderDelivery(trx, orderId, now);
}

/**
 * Confirms that commands ran, in one transaction for the batch. The first confirmation of a command marks it
 * delivered (never offered again), logs it, publishes `delivery.completed` and may complete its order;
 * repeating it answers the same command with `changed: false`. A late confirmation after the lease ran out
 * still counts (the command did run). Per id: not found (another server's or unknown) or not claimed
 * (conflict) is reported for that id alone.
 */
export async function confirmCommands(
  deps: AgentServiceDeps,
  agent: AgentPrincipal,
  ids: readonly number[],
): Promise<BatchOutcome[]> {
  const unique = [...new Set(ids)].sort((a, b) => a - b);
  return deps.database.kysely.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    const changed = await batchSetDelivered(trx, agent.serverId, unique, now);
    await afterOutcomes(deps, trx, changed, null);
    const byId = new Map(changed.map((r) => [r.id, r]));
    const rest = unique.filter((id) => !byId.has(id));
    const current = new Map(
      (await findServerCommands(trx, agent.serverId, rest)).map((r) => [r.id, r] as const),
    );
    return ids.map((id): BatchOutcome => {
      const row = byId.get(id);
      if (row) return { id, ok: true, changed: true, command: row };
      const found = current.get(id);
      if (!found) return { id, ok: false, error: new AppError("not_found", "Command not found") };
      if (found.status === "delivered") return { id, ok: true, changed: false, command: found };
      return {
        id,
        ok: false,
        error: new AppError("conflict", "The command is not claimed; poll for it first."),
      };
    });
  });
}

/**
 * Confirms one command (see `confirmCommands`). 404 for another server's or unknown ids, 409 for a command
 * that is not claimed.
 */
export async function confirmCommand(
  deps: AgentServiceDeps,
  agent: AgentPrincipal,
  id: number,
): Promise<Outcome> {
  const [r] = await confirmCommands(deps, agent, [id]);
  if (!r) throw new Error("confirmCommands returned nothing");
  if (!r.ok) throw r.error;
  return { changed: r.changed, command: r.command };
}

/**
 * Reports that a command did not run: `failed` (logged, `delivery.failed`), or with `retry` back to pending
 * (logged as deferred, no event), offered again after `retryAfterMs` (default at once). Repeating a failure
 * answers `changed: false`; failing a delivered command is 409.
 */
export async function failCommand(
  deps: AgentServiceDeps,
  agent: AgentPrincipal,
  id: number,
  outcome: FailOutcome,
): Promise<Outcome> {
  return deps.database.kysely.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    const row = await trySetFailed(trx, agent.serverId, id, now, outcome);
    if (row) {
      await afterOutcomes(deps, trx, [row], outcome.reason);
      return { changed: true, command: row };
    }
    const current = await findServerCommand(trx, agent.serverId, id);
    if (!current) throw new AppError("not_found", "Command not found");
    if (current.status === "failed") return { changed: false, command: current };
    if (current.status === "delivered") throw new AppError("conflict", "The command was already delivered.");
    throw new AppError("conflict", "The command is not claimed; poll for it first.");
  });
}
