// Reads and writes of `store_orders` and `store_order_items`, scoped to one store.
import type { Insertable, Selectable, Updateable } from "kysely";
import type { Executor } from "../../core/db/index.js";
import type { PageRequest, TimeRange } from "../shared/list-query.js";
import type { OrderStatus, PaymentStatus, StoreOrderItemsTable, StoreOrdersTable } from "./order.tables.js";
import { countOrdersByStatus } from "./order-counts.repository.js";

/** An order row with its customer's public fields. */
export type OrderRecord = Selectable<StoreOrdersTable> & {
  customer_email: string;
  customer_username: string | null;
};
export type OrderItemRecord = Selectable<StoreOrderItemsTable>;

export interface OrderListOptions {
  status?: OrderStatus | undefined;
  paymentStatus?: PaymentStatus | undefined;
  created?: TimeRange;
  customerEmail?: string | undefined;
  customerId?: number | undefined;
  orderNumber?: string | undefined;
  sort: "created_at" | "total" | "order_number";
  direction: "asc" | "desc";
  page: PageRequest;
}

function baseQuery(db: Executor, storeId: number) {
  return db
    .selectFrom("store_orders as o")
    .innerJoin("store_customers as c", "c.id", "o.customer_id")
    .where("o.store_id", "=", storeId);
}

function withColumns(q: ReturnType<typeof baseQuery>) {
  return q.selectAll("o").select(["c.email as customer_email", "c.username as customer_username"]);
}

export async function listOrders(
  db: Executor,
  storeId: number,
  o: OrderListOptions,
): Promise<{ rows: OrderRecord[]; total: number }> {
  // Email is unique per store: resolve it to the customer id first, so the (store, customer, created_at)
  // index serves the query; and the count never joins customers (on large stores that join dominates).
  let customerId = o.customerId;
  if (o.customerEmail !== undefined) {
    const found = await db
      .selectFrom("store_customers")
      .select("id")
      .where("store_id", "=", storeId)
      .where("email", "=", o.customerEmail.toLowerCase())
      .executeTakeFirst();
    if (!found || (customerId !== undefined && customerId !== found.id)) return { rows: [], total: 0 };
    customerId = found.id;
  }
  let counted = db.selectFrom("store_orders as o").where("o.store_id", "=", storeId);
  let q = baseQuery(db, storeId);
  const filters = [
    o.status === undefined ? undefined : (["o.status", "=", o.status] as const),
    o.paymentStatus === undefined ? undefined : (["o.payment_status", "=", o.paymentStatus] as const),
    o.created?.from === undefined ? undefined : (["o.created_at", ">=", o.created.from] as const),
    o.created?.to === undefined ? undefined : (["o.created_at", "<", o.created.to] as const),
    customerId === undefined ? undefined : (["o.customer_id", "=", customerId] as const),
    o.orderNumber === undefined ? undefined : (["o.order_number", "=", o.orderNumber.toUpperCase()] as const),
  ];
  for (const f of filters) {
    if (!f) continue;
    q = q.where(f[0], f[1], f[2]);
    counted = counted.where(f[0], f[1], f[2]);
  }
  // Status filters alone are answered from the trigger-kept counts (a pending list of a large store would
  // otherwise count thousands of index entries on every page).
  const total =
    o.created?.from === undefined &&
    o.created?.to === undefined &&
    customerId === undefined &&
    o.orderNumber === undefined
      ? await countOrdersByStatus(db, storeId, o.status, o.paymentStatus)
      : (await counted.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow()).total;
  const rows = await withColumns(q)
    .orderBy(`o.${o.sort}`, o.direction)
    .orderBy("o.id", o.direction)
    .limit(o.page.perPage)
    .offset(o.page.offset)
    .execute();
  return { rows, total };
}

export async function findOrder(db: Executor, storeId: number, id: number): Promise<OrderRecord | undefined> {
  return withColumns(baseQuery(db, storeId)).where("o.id", "=", id).executeTakeFirst();
}

/** Items of many orders in one round trip, grouped by order id. */
export async function batchFindOrderItems(
  db: Executor,
  orderIds: readonly number[],
): Promise<Map<number, OrderItemRecord[]>> {
  const byOrder = new Map<number, OrderItemRecord[]>();
  if (orderIds.length === 0) return byOrder;
  const rows = await db
    .selectFrom("store_order_items")
    .selectAll()
    .where("order_id", "in", [...orderIds])
    .orderBy("id")
    .execute();
  for (const r of rows) {
    const list = byOrder.get(r.order_id) ?? [];
    list.push(r);
    byOrder.set(r.order_id, list);
  }
  return byOrder;
}

export async function isOrderNumberTaken(
  db: Executor,
  storeId: number,
  orderNumber: string,
): Promise<boolean> {
  const row = await db
    .selectFrom("store_orders")
    .select("id")
    .where("store_id", "=", storeId)
    .where("order_number", "=", orderNumber)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertOrder(db: Executor, values: Insertable<StoreOrdersTable>): Promise<number> {
  const row = await db.insertInto("store_orders").values(values).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

export async function insertOrderItems(
  db: Executor,
  items: Insertable<StoreOrderItemsTable>[],
): Promise<void> {
  if (items.length > 0) await db.insertInto("store_order_items").values(items).execute();
}

export async function updateOrderRow(
  db: Executor,
  storeId: number,
  id: number,
  values: Updateable<StoreOrdersTable>,
): Promise<void> {
  await db
    .updateTable("store_orders")
    .set(values)
    .where("store_id", "=", storeId)
    .where("id", "=", id)
    .execute();
}

export async function setItemsDelivered(db: Executor, orderId: number): Promise<void> {
  await db
    .updateTable("store_order_items")
    .set({ delivery_status: "delivered" })
    .where("order_id", "=", orderId)
    .execute();
}
