// Customer analytics queries: new vs returning buyers, new buyers per bucket and top customers, in SQL.
import { sql } from "kysely";
import type { Executor } from "../../core/db/index.js";
import { bucketIndex } from "./analytics.repository.js";
import type { Bucket } from "./buckets.js";

type Num = number | string;

export interface CustomerTotals {
  buyers: number;
  newBuyers: number;
  registered: number;
  top: { id: number; email: string; username: string | null; orders: number; total_spent: number }[];
}

/**
 * A buyer is a customer with a paid order in the range; a new buyer's first paid order ever falls in the
 * range, a returning one had paid before it.
 */
export async function sumCustomerActivity(
  db: Executor,
  storeId: number,
  currency: string,
  range: { from: number; to: number },
  limit: number,
): Promise<CustomerTotals> {
  const paid = sql`o.store_id = ${storeId} and o.payment_status = 'paid' and o.currency = ${currency}`;
  const inRange = sql`${paid} and o.created_at >= ${range.from} and o.created_at < ${range.to}`;
  // One pass over the store's paid orders grouped by customer (index `store_orders_paid_first`, read in
  // order): a join of "buyers in range" with "first order per customer" made SQLite loop one over the other.
  const buyers = await sql<{ buyers: Num; new_buyers: Num | null }>`
    select count(*) as buyers,
           sum(case when f.first_at >= ${range.from} then 1 else 0 end) as new_buyers
    from (select o.customer_id, min(o.created_at) as first_at
          from store_orders o where ${paid}
          group by o.customer_id
          having max(case when o.created_at >= ${range.from} and o.created_at < ${range.to} then 1 else 0 end) = 1) f`.execute(
    db,
  );
  const registered = await db
    .selectFrom("store_customers")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("store_id", "=", storeId)
    .where("created_at", ">=", range.from)
    .where("created_at", "<", range.to)
    .executeTakeFirstOrThrow();
  const top = await sql<{ id: Num; email: string; username: string | null; orders: Num; total_spent: Num }>`
    select c.id, c.email, c.username, count(*) as orders, cast(sum(o.total - o.refunded_amount) as bigint) as total_spent
    from store_orders o join store_customers c on c.id = o.customer_id
    where ${inRange}
    group by c.id, c.email, c.username
    order by total_spent desc, c.id asc
    limit ${limit}`.execute(db);
  const first = buyers.rows[0];
  return {
    buyers: Number(first?.buyers ?? 0),
    newBuyers: Number(first?.new_buyers ?? 0),
    registered: registered.n,
    top: top.rows.map((r) => ({
      id: Number(r.id),
      email: r.email,
      username: r.username,
      orders: Number(r.orders),
      total_spent: Number(r.total_spent),
    })),
  };
}

/**
 * New buyers per bucket: customers whose first paid order ever (in the store's currency, as for
 * `sumCustomerActivity`) falls in the bucket. One pass groups the store's paid orders by customer (the
 * `store_orders_paid_first` index, read alone), keeps the customers whose first order is in the buckets' span and
 * counts them by the bucket index of that first order. Only buckets with new buyers are returned.
 */
export async function countNewBuyersByBucket(
  db: Executor,
  storeId: number,
  currency: string,
  buckets: readonly Bucket[],
): Promise<{ start: number; customers: number }[]> {
  const first = buckets[0];
  const last = buckets.at(-1);
  if (first === undefined || last === undefined) return [];
  const result = await sql<{ bucket: Num; customers: Num }>`
    select ${bucketIndex(buckets, sql.ref("f.first_at"))} as bucket, count(*) as customers
    from (select o.customer_id, min(o.created_at) as first_at
          from store_orders o
          where o.store_id = ${storeId} and o.payment_status = 'paid' and o.currency = ${currency}
          group by o.customer_id
          having min(o.created_at) >= ${first.start} and min(o.created_at) < ${last.end}) f
    group by 1`.execute(db);
  return result.rows.flatMap((r) => {
    const bucket = buckets[Number(r.bucket)];
    return bucket ? [{ start: bucket.start, customers: Number(r.customers) }] : [];
  });
}
