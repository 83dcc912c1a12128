// Analytics queries, computed in SQL: paid revenue and order counts per timeline bucket.
import { sql, type RawBuilder } from "kysely";
import type { Executor } from "../../core/db/index.js";
import type { Bucket } from "./buckets.js";

export interface BucketTotals {
  start: number;
  orders: number;
  revenue: number;
}

/** A run of contiguous buckets of one length: bucket `firstIndex + (t - start) / length` holds instant t. */
interface Segment {
  firstIndex: number;
  start: number;
  end: number;
  length: number;
}

function segmentsOf(buckets: readonly Bucket[]): Segment[] {
  const segments: Segment[] = [];
  buckets.forEach((b, i) => {
    const length = b.end - b.start;
    const last = segments.at(-1);
    if (last && last.length === length && last.end === b.start) last.end = b.end;
    else segments.push({ firstIndex: i, start: b.start, end: b.end, length });
  });
  return segments;
}

/**
 * The bucket index of the instant `at` (default `o.created_at`) as integer arithmetic: one `when` per run of equal-length buckets (a
 * year of days in a zone with DST is five runs: the two 23 h and 25 h days split the 24 h ones; months
 * are a run per length change), so each row costs a few comparisons and a division on either engine.
 */
export function bucketIndex(
  buckets: readonly Bucket[],
  at: RawBuilder<unknown> = sql.ref("o.created_at"),
): RawBuilder<number> {
  const big = (n: number) => sql`cast(${n} as bigint)`;
  const whens = segmentsOf(buckets).map(
    (s) =>
      sql`when ${at} < ${big(s.end)} then ${big(s.firstIndex)} + (${at} - ${big(s.start)}) / ${big(s.length)}`,
  );
  return sql<number>`case ${sql.join(whens, sql` `)} end`;
}

/**
 * Paid orders per bucket in one pass over the store's paid orders in the range (revenue net of partial
 * refunds; fully refunded orders are not paid and drop out). Buckets are contiguous instants computed in
 * the store's zone, so day boundaries follow it (DST included) on both engines. The covering index
 * `store_orders_paid_created` serves the range; grouping by a computed bucket index reads each order once,
 * where joining a VALUES list of buckets (or a subquery per bucket) costs a lookup per bucket and more.
 * Only buckets with orders are returned.
 */
export async function sumPaidOrdersByBucket(
  db: Executor,
  storeId: number,
  currency: string,
  buckets: readonly Bucket[],
): Promise<BucketTotals[]> {
  const first = buckets[0];
  const last = buckets.at(-1);
  if (first === undefined || last === undefined) return [];
  // Raw SQL is untyped: engines may hand 64-bit values back as strings, so convert explicitly.
  const result = await sql<{ bucket: number | string; orders: number | string; revenue: number | string }>`
    select ${bucketIndex(buckets)} as bucket,
           count(*) as orders,
           coalesce(cast(sum(o.total - o.refunded_amount) as bigint), 0) as revenue
    from store_orders o
    where o.store_id = ${storeId}
      and o.payment_status = 'paid'
      and o.currency = ${currency}
      and o.created_at >= ${first.start}
      and o.created_at < ${last.end}
    group by 1`.execute(db);
  return result.rows.flatMap((r) => {
    const bucket = buckets[Number(r.bucket)];
    return bucket ? [{ start: bucket.start, orders: Number(r.orders), revenue: Number(r.revenue) }] : [];
  });
}
