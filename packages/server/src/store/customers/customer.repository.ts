// Reads and writes of `store_customers`, with order statistics computed from paid orders.
import { sql, type Insertable, type Selectable, type Updateable } from "kysely";
import type { Executor } from "../../core/db/index.js";
import { columnContains, type PageRequest } from "../shared/list-query.js";
import type { StoreCustomersTable } from "./customer.tables.js";

/** A customer with the statistics of their paid orders. */
export type CustomerRecord = Selectable<StoreCustomersTable> & {
  total_orders: number;
  total_spent: number;
  first_order_at: number | null;
  last_order_at: number | null;
};

export interface CustomerListOptions {
  search?: string | undefined;
  sort: "created_at" | "total_spent";
  direction: "asc" | "desc";
  page: PageRequest;
}

/**
 * Customers joined with per-customer aggregates of paid orders: `total_spent` counts paid orders only, net
 * of partial refunds (fully refunded orders are no longer paid).
 */
function baseQuery(db: Executor, storeId: number, customerId?: number) {
  let stats = db
    .selectFrom("store_orders")
    .select((eb) => [
      "customer_id",
      eb.fn.countAll<number>().as("total_orders"),
      sql<number>`cast(sum(total - refunded_amount) as bigint)`.as("total_spent"),
      eb.fn.min("created_at").as("first_order_at"),
      eb.fn.max("created_at").as("last_order_at"),
    ])
    .where("store_id", "=", storeId)
    .where("payment_status", "=", "paid");
  // One customer: aggregate only their orders (index on customer_id), not the whole store's.
  if (customerId !== undefined) stats = stats.where("customer_id", "=", customerId);
  const grouped = stats.groupBy("customer_id").as("s");
  return db
    .selectFrom("store_customers as c")
    .leftJoin(grouped, "s.customer_id", "c.id")
    .where("c.store_id", "=", storeId);
}

function withColumns(q: ReturnType<typeof baseQuery>) {
  return q
    .selectAll("c")
    .select([
      sql<number>`coalesce(s.total_orders, 0)`.as("total_orders"),
      sql<number>`coalesce(s.total_spent, 0)`.as("total_spent"),
      sql<number | null>`s.first_order_at`.as("first_order_at"),
      sql<number | null>`s.last_order_at`.as("last_order_at"),
    ]);
}

export async function listCustomers(
  db: Executor,
  storeId: number,
  o: CustomerListOptions,
): Promise<{ rows: CustomerRecord[]; total: number }> {
  let q = db.selectFrom("store_customers as c").where("c.store_id", "=", storeId);
  const search = o.search;
  if (search !== undefined && search !== "") {
    q = q.where((eb) => eb.or([columnContains("c.email", search), columnContains("c.username", search)]));
  }
  const { total } = await q.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow();
  let rq = baseQuery(db, storeId);
  if (search !== undefined && search !== "") {
    rq = rq.where((eb) => eb.or([columnContains("c.email", search), columnContains("c.username", search)]));
  }
  const order = o.sort === "total_spent" ? sql`coalesce(s.total_spent, 0)` : sql.ref("c.created_at");
  const rows = await withColumns(rq)
    .orderBy(order, o.direction)
    .orderBy("c.id", o.direction)
    .limit(o.page.perPage)
    .offset(o.page.offset)
    .execute();
  return { rows, total };
}

export async function findCustomer(
  db: Executor,
  storeId: number,
  id: number,
): Promise<CustomerRecord | undefined> {
  return withColumns(baseQuery(db, storeId, id))
    .where("c.id", "=", id)
    .executeTakeFirst();
}

export async function findCustomerIdByEmail(db: Executor, storeId: number, email: string) {
  const row = await db
    .selectFrom("store_customers")
    .select("id")
    .where("store_id", "=", storeId)
    .where("email", "=", email.toLowerCase())
    .executeTakeFirst();
  return row?.id;
}

export async function insertCustomer(db: Executor, values: Insertable<StoreCustomersTable>): Promise<number> {
  const row = await db.insertInto("store_customers").values(values).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

export async function updateCustomerRow(
  db: Executor,
  storeId: number,
  id: number,
  values: Updateable<StoreCustomersTable>,
): Promise<void> {
  await db
    .updateTable("store_customers")
    .set(values)
    .where("store_id", "=", storeId)
    .where("id", "=", id)
    .execute();
}

/** True when the store has a customer with this id (no statistics computed). */
export async function isStoreCustomer(db: Executor, storeId: number, id: number): Promise<boolean> {
  const row = await db
    .selectFrom("store_customers")
    .select("id")
    .where("store_id", "=", storeId)
    .where("id", "=", id)
    .executeTakeFirst();
  return row !== undefined;
}
