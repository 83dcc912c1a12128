// Customer analytics queries: new vs returning buyers and top customers over paid orders, in SQL.
import { sql } from "kysely";
import type { Executor } from "../../core/db/index.js";

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
  const buyers = await sql<{ buyers: Num; new_buyers: Num | null }>`
    select count(*) as buyers,
           sum(case when f.first_at >= ${range.from} then 1 else 0 end) as new_buyers
    from (select distinct o.customer_id from store_orders o where ${inRange}) r
    join (select o.customer_id, min(o.created_at) as first_at from store_orders o where ${paid}
          group by o.customer_id) f on f.customer_id = r.customer_id`.execute(db);
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
