// Listeners: store endpoints whose deliveries are pulled (long-poll, cursor, ack) instead of POSTed, for
// `pixl listen`. Deliveries are recorded by the outbox like any other, so nothing is lost while no one pulls.
import { randomBytes } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import { sql } from "kysely";
import type { Executor } from "../core/db/index.js";
import type { DeliveryRow } from "./delivery.repository.js";

/** Listener endpoints carry this pseudo-URL scheme; the runner never sends to them. */
export const LISTENER_SCHEME = "pixl-listen:";

export const isListenerUrl = (url: string): boolean => url.startsWith(LISTENER_SCHEME);

export const createListenerUrl = (): string => `${LISTENER_SCHEME}${randomBytes(12).toString("base64url")}`;

/** Where a pull resumes: after this delivery (creation time, then id). */
export interface ListenCursor {
  createdAt: number;
  id: string;
}

export const formatCursor = (c: ListenCursor): string => `${c.createdAt}.${c.id}`;

export function parseCursor(raw: string | undefined): ListenCursor | undefined {
  const m = raw === undefined ? null : /^(\d{1,16})\.(wh_del_[A-Za-z0-9_-]{1,40})$/.exec(raw);
  return m ? { createdAt: Number(m[1]), id: m[2] ?? "" } : undefined;
}

export interface PullOptions {
  after?: ListenCursor;
  limit: number;
  /** Wait up to this long for a first delivery (long-poll). */
  waitMs: number;
  signal?: AbortSignal;
}

async function pendingAfter(db: Executor, endpointId: number, o: PullOptions): Promise<DeliveryRow[]> {
  let q = db
    .selectFrom("webhook_deliveries")
    .selectAll()
    .where("endpoint_id", "=", endpointId)
    .where("status", "=", "pending");
  const after = o.after;
  if (after)
    q = q.where((eb) =>
      eb.or([
        eb("created_at", ">", after.createdAt),
        eb.and([eb("created_at", "=", after.createdAt), eb("id", ">", after.id)]),
      ]),
    );
  return q.orderBy("created_at").orderBy("id").limit(o.limit).execute();
}

/** Pending deliveries of a listener after the cursor, oldest first; waits for one up to `waitMs`. */
export async function pullDeliveries(
  db: Executor,
  endpointId: number,
  o: PullOptions,
): Promise<DeliveryRow[]> {
  const until = Date.now() + o.waitMs;
  for (;;) {
    const rows = await pendingAfter(db, endpointId, o);
    if (rows.length > 0 || Date.now() >= until || o.signal?.aborted) return rows;
    // Polling the table keeps this correct across processes (a worker elsewhere publishes); 100 ms is cheap.
    await delay(100);
  }
}

/** Marks pulled deliveries delivered (idempotent); returns how many changed. */
export async function ackDeliveries(
  db: Executor,
  endpointId: number,
  acks: readonly { id: string; status: number | null }[],
  now: number,
): Promise<number> {
  let changed = 0;
  for (const a of acks) {
    const r = await sql`update webhook_deliveries set status = 'delivered', attempts = attempts + 1,
      last_status_code = ${a.status}, next_attempt_at = null, updated_at = ${now}, delivered_at = ${now}
      where id = ${a.id} and endpoint_id = ${endpointId} and status = 'pending'`.execute(db);
    changed += Number(r.numAffectedRows ?? 0);
  }
  return changed;
}

/** A removed listener's deliveries will never be pulled: cancel those still pending. */
export async function cancelPendingDeliveries(db: Executor, endpointId: number, now: number): Promise<void> {
  await db
    .updateTable("webhook_deliveries")
    .set({ status: "cancelled", last_error: "listener removed", next_attempt_at: null, updated_at: now })
    .where("endpoint_id", "=", endpointId)
    .where("status", "=", "pending")
    .execute();
}
