// Reads and writes of `store_order_refunds` and the refunded total on `store_orders`.
import type { Insertable, Selectable } from "kysely";
import type { Executor } from "../../core/db/index.js";
import type { OrderStatus, PaymentStatus } from "../orders/order.tables.js";
import type { StoreOrderRefundsTable } from "./refund.tables.js";

export type RefundRecord = Selectable<StoreOrderRefundsTable>;

/** Refunds of one order, oldest first. */
export async function findOrderRefunds(db: Executor, orderId: number): Promise<RefundRecord[]> {
  return db
    .selectFrom("store_order_refunds")
    .selectAll()
    .where("order_id", "=", orderId)
    .orderBy("id")
    .execute();
}

export async function insertRefund(
  db: Executor,
  values: Insertable<StoreOrderRefundsTable>,
): Promise<number> {
  const row = await db
    .insertInto("store_order_refunds")
    .values(values)
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface RefundUpdate {
  /** The refunded total the caller read: the update only applies if no other refund landed since. */
  expectedRefunded: number;
  refunded: number;
  status: OrderStatus;
  paymentStatus: PaymentStatus;
  now: number;
}

/**
 * Moves the order's refunded total from `expectedRefunded` to `refunded` (compare-and-set). False when
 * another refund changed it first: the caller re-reads and re-validates. Under PostgreSQL's READ COMMITTED
 * the losing update waits for the winner's row lock and then sees the new value, so two refunds can never
 * both pass the "not more than what remains" check.
 */
export async function trySetRefunded(
  db: Executor,
  storeId: number,
  orderId: number,
  u: RefundUpdate,
): Promise<boolean> {
  const result = await db
    .updateTable("store_orders")
    .set({
      refunded_amount: u.refunded,
      status: u.status,
      payment_status: u.paymentStatus,
      updated_at: u.now,
    })
    .where("store_id", "=", storeId)
    .where("id", "=", orderId)
    .where("payment_status", "=", "paid")
    .where("refunded_amount", "=", u.expectedRefunded)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
