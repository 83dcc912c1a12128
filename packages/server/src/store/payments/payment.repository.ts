// Reads and writes of payments, the gateway-event ledger and disputes; state changes are compare-and-set.
import type { Insertable, Selectable } from "kysely";
import type { Executor } from "../../core/db/index.js";
import type { PaymentStatus, StoreDisputesTable, StorePaymentsTable } from "./payment.tables.js";

export type PaymentRecord = Selectable<StorePaymentsTable>;
export type DisputeRecord = Selectable<StoreDisputesTable>;

export async function insertPayment(db: Executor, values: Insertable<StorePaymentsTable>): Promise<number> {
  const row = await db.insertInto("store_payments").values(values).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

export async function findPaymentByReference(
  db: Executor,
  gateway: string,
  reference: string,
): Promise<PaymentRecord | undefined> {
  return db
    .selectFrom("store_payments")
    .selectAll()
    .where("gateway", "=", gateway)
    .where("reference", "=", reference)
    .executeTakeFirst();
}

/** The order's latest payment (a checkout has one; a retried checkout's order is a new order). */
export async function findOrderPayment(
  db: Executor,
  storeId: number,
  orderId: number,
): Promise<PaymentRecord | undefined> {
  return db
    .selectFrom("store_payments")
    .selectAll()
    .where("store_id", "=", storeId)
    .where("order_id", "=", orderId)
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
}

/** Moves a payment from one of `from` to `to`; false when another event or request moved it first. */
export async function tryMovePayment(
  db: Executor,
  id: number,
  from: readonly PaymentStatus[],
  to: PaymentStatus,
  values: Partial<Pick<PaymentRecord, "card_last4" | "payment_method" | "failure_code" | "failure_message">>,
  now: number,
): Promise<boolean> {
  const r = await db
    .updateTable("store_payments")
    .set({ ...values, status: to, updated_at: now })
    .where("id", "=", id)
    .where("status", "in", [...from])
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** Adds `amount` to the payment's refunded total unless that would pass what it collected. */
export async function tryAddPaymentRefund(db: Executor, id: number, amount: number, now: number) {
  const r = await db
    .updateTable("store_payments")
    .set((eb) => ({ refunded_amount: eb("refunded_amount", "+", amount), updated_at: now }))
    .where("id", "=", id)
    .where("status", "=", "succeeded")
    .where((eb) => eb(eb("refunded_amount", "+", amount), "<=", eb.ref("amount")))
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/**
 * Records that `eventId` of `gateway` is being processed. False when it already was: the caller
 * acknowledges the redelivery and does nothing (the unique key decides races between two deliveries).
 */
export async function tryRecordGatewayEvent(
  db: Executor,
  e: { gateway: string; eventId: string; type: string; now: number },
): Promise<boolean> {
  const row = await db
    .insertInto("store_gateway_events")
    .values({ gateway: e.gateway, event_id: e.eventId, type: e.type, received_at: e.now })
    .onConflict((oc) => oc.columns(["gateway", "event_id"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertDispute(db: Executor, values: Insertable<StoreDisputesTable>) {
  const row = await db
    .insertInto("store_disputes")
    .values(values)
    .onConflict((oc) => oc.columns(["payment_id", "reference"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  return row?.id;
}

export async function findDispute(
  db: Executor,
  paymentId: number,
  reference: string,
): Promise<DisputeRecord | undefined> {
  return db
    .selectFrom("store_disputes")
    .selectAll()
    .where("payment_id", "=", paymentId)
    .where("reference", "=", reference)
    .executeTakeFirst();
}

/** Closes an open dispute; false when it was already resolved. */
export async function tryResolveDispute(db: Executor, id: number, outcome: "won" | "lost", now: number) {
  const r = await db
    .updateTable("store_disputes")
    .set({ status: outcome, resolved_at: now })
    .where("id", "=", id)
    .where("status", "=", "open")
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}
