// Sales queries over paid order items, grouped in SQL.
import { sql } from "kysely";
import type { Executor } from "../../core/db/index.js";

export interface SalesTotals {
  itemsSold: number;
  uniqueCustomers: number;
  topProducts: { id: number | null; name: string; quantity_sold: number; revenue: number }[];
  byCategory: { category: string; quantity: number; revenue: number }[];
}

/** Name used for items whose product has no category (or no longer exists). */
export const UNCATEGORIZED = "Uncategorized";

type Num = number | string;

export async function sumSales(
  db: Executor,
  storeId: number,
  currency: string,
  range: { from: number; to: number },
  limit: number,
): Promise<SalesTotals> {
  const paid = sql`o.store_id = ${storeId} and o.payment_status = 'paid' and o.currency = ${currency}
    and o.created_at >= ${range.from} and o.created_at < ${range.to}`;
  const totals = await sql<{ items: Num | null; customers: Num }>`
    select cast(sum(i.quantity) as bigint) as items, count(distinct o.customer_id) as customers
    from store_orders o join store_order_items i on i.order_id = o.id
    where ${paid}`.execute(db);
  const top = await sql<{ id: Num | null; name: string; quantity: Num; revenue: Num }>`
    select i.product_id as id, coalesce(max(p.name), max(i.product_name)) as name,
           cast(sum(i.quantity) as bigint) as quantity, cast(sum(i.quantity * i.price) as bigint) as revenue
    from store_orders o join store_order_items i on i.order_id = o.id
    left join store_products p on p.id = i.product_id and p.store_id = o.store_id
    where ${paid}
    group by i.product_id
    order by quantity desc, revenue desc, id asc
    limit ${limit}`.execute(db);
  const byCategory = await sql<{ category: string | null; quantity: Num; revenue: Num }>`
    select c.name as category,
           cast(sum(i.quantity) as bigint) as quantity, cast(sum(i.quantity * i.price) as bigint) as revenue
    from store_orders o join store_order_items i on i.order_id = o.id
    left join store_products p on p.id = i.product_id and p.store_id = o.store_id
    left join store_categories c on c.id = p.category_id
    where ${paid}
    group by c.id, c.name
    order by revenue desc, category asc`.execute(db);
  const first = totals.rows[0];
  return {
    itemsSold: Number(first?.items ?? 0),
    uniqueCustomers: Number(first?.customers ?? 0),
    topProducts: top.rows.map((r) => ({
      id: r.id === null ? null : Number(r.id),
      name: r.name,
      quantity_sold: Number(r.quantity),
      revenue: Number(r.revenue),
    })),
    byCategory: byCategory.rows.map((r) => ({
      category: r.category ?? UNCATEGORIZED,
      quantity: Number(r.quantity),
      revenue: Number(r.revenue),
    })),
  };
}
