// Order totals from `store_order_counts` (kept by triggers): what a status-filtered list reports as total.
import { sql } from "kysely";
import type { Executor } from "../../core/db/index.js";
import { compileOnce } from "../../core/db/compiled-query.js";
import type { OrderStatus, PaymentStatus } from "./order.tables.js";

export interface StoreOrderCountsTable {
  store_id: number;
  status: OrderStatus;
  payment_status: PaymentStatus;
  n: number;
}

declare module "../../core/db/tables.js" {
  interface Tables {
    store_order_counts: StoreOrderCountsTable;
  }
}

// Every order list without date, customer or number filters asks this: compiled once.
const sumCounts = compileOnce(
  (db, p: { storeId: number; status: OrderStatus | null; paymentStatus: PaymentStatus | null }) =>
    db
      .selectFrom("store_order_counts")
      .select(sql<number>`cast(coalesce(sum(n), 0) as bigint)`.as("total"))
      .where("store_id", "=", p.storeId)
      .where(sql<boolean>`(cast(${p.status} as text) is null or status = ${p.status})`)
      .where(sql<boolean>`(cast(${p.paymentStatus} as text) is null or payment_status = ${p.paymentStatus})`),
);

/** How many orders of the store have this status and payment status (either may be left out). */
export async function countOrdersByStatus(
  db: Executor,
  storeId: number,
  status: OrderStatus | undefined,
  paymentStatus: PaymentStatus | undefined,
): Promise<number> {
  const [row] = await sumCounts(db, {
    storeId,
    status: status ?? null,
    paymentStatus: paymentStatus ?? null,
  });
  return row?.total ?? 0;
}
