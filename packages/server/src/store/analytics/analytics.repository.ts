// Analytics queries, computed in SQL: paid revenue and order counts per timeline bucket.
import { sql } from "kysely";
import type { Executor } from "../../core/db/index.js";
import type { Bucket } from "./buckets.js";

export interface BucketTotals {
  start: number;
  orders: number;
  revenue: number;
}

/**
 * Paid orders per bucket in one statement (revenue net of partial refunds; fully refunded orders are not
 * paid and drop out): the buckets are a VALUES list joined to the orders on
 * `created_at` ranges, so day boundaries follow the store's zone (DST included) on both engines.
 */
export async function sumPaidOrdersByBucket(
  db: Executor,
  storeId: number,
  currency: string,
  buckets: readonly Bucket[],
): Promise<BucketTotals[]> {
  if (buckets.length === 0) return [];
  const values = sql.join(buckets.map((b) => sql`(cast(${b.start} as bigint), cast(${b.end} as bigint))`));
  // Raw SQL is untyped: engines may hand 64-bit values back as strings, so convert explicitly.
  const result = await sql<{ start: number | string; orders: number | string; revenue: number | string }>`
    select b.column1 as start,
           count(o.id) as orders,
           coalesce(cast(sum(o.total - o.refunded_amount) as bigint), 0) as revenue
    from (values ${values}) as b
    left join store_orders o
      on o.store_id = ${storeId}
     and o.payment_status = 'paid'
     and o.currency = ${currency}
     and o.created_at >= b.column1
     and o.created_at < b.column2
    group by b.column1
    order by b.column1`.execute(db);
  return result.rows.map((r) => ({
    start: Number(r.start),
    orders: Number(r.orders),
    revenue: Number(r.revenue),
  }));
}
