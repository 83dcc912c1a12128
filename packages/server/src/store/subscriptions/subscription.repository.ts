// Reads and writes of `store_subscriptions` (with the customer's public fields), scoped to one store.
import type { Insertable, Selectable, Updateable } from "kysely";
import type { Executor } from "../../core/db/index.js";
import type { PageRequest } from "../shared/list-query.js";
import type { StoreSubscriptionsTable, SubscriptionStatus } from "./subscription.tables.js";

export type SubscriptionRecord = Selectable<StoreSubscriptionsTable> & {
  customer_email: string;
  customer_username: string | null;
};

export interface SubscriptionListOptions {
  status?: SubscriptionStatus | undefined;
  customerId?: number | undefined;
  productId?: number | undefined;
  sort: "created_at" | "current_period_end";
  direction: "asc" | "desc";
  page: PageRequest;
}

function baseQuery(db: Executor, storeId: number) {
  return db
    .selectFrom("store_subscriptions as s")
    .innerJoin("store_customers as c", "c.id", "s.customer_id")
    .where("s.store_id", "=", storeId);
}

function withColumns(q: ReturnType<typeof baseQuery>) {
  return q.selectAll("s").select(["c.email as customer_email", "c.username as customer_username"]);
}

export async function listSubscriptions(
  db: Executor,
  storeId: number,
  o: SubscriptionListOptions,
): Promise<{ rows: SubscriptionRecord[]; total: number }> {
  let counted = db.selectFrom("store_subscriptions as s").where("s.store_id", "=", storeId);
  let q = baseQuery(db, storeId);
  const filters = [
    o.status === undefined ? undefined : (["s.status", "=", o.status] as const),
    o.customerId === undefined ? undefined : (["s.customer_id", "=", o.customerId] as const),
    o.productId === undefined ? undefined : (["s.product_id", "=", o.productId] as const),
  ];
  for (const f of filters) {
    if (!f) continue;
    q = q.where(f[0], f[1], f[2]);
    counted = counted.where(f[0], f[1], f[2]);
  }
  const { total } = await counted
    .select((eb) => eb.fn.countAll<number>().as("total"))
    .executeTakeFirstOrThrow();
  const rows = await withColumns(q)
    .orderBy(`s.${o.sort}`, o.direction)
    .orderBy("s.id", o.direction)
    .limit(o.page.perPage)
    .offset(o.page.offset)
    .execute();
  return { rows, total };
}

export async function findSubscription(
  db: Executor,
  storeId: number,
  id: number,
): Promise<SubscriptionRecord | undefined> {
  return withColumns(baseQuery(db, storeId)).where("s.id", "=", id).executeTakeFirst();
}

/** A customer's subscriptions, newest first, as their detail lists them. */
export async function findCustomerSubscriptions(db: Executor, storeId: number, customerId: number) {
  return db
    .selectFrom("store_subscriptions")
    .select(["id", "product_name", "status", "current_period_end"])
    .where("store_id", "=", storeId)
    .where("customer_id", "=", customerId)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .execute();
}

export async function insertSubscription(
  db: Executor,
  values: Insertable<StoreSubscriptionsTable>,
): Promise<number> {
  const row = await db
    .insertInto("store_subscriptions")
    .values(values)
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Updates a subscription that is not canceled yet; false when it already is (another request won), so a
 * cancellation is applied, and published, once.
 */
export async function tryUpdateLiveSubscription(
  db: Executor,
  storeId: number,
  id: number,
  values: Updateable<StoreSubscriptionsTable>,
): Promise<boolean> {
  const result = await db
    .updateTable("store_subscriptions")
    .set(values)
    .where("store_id", "=", storeId)
    .where("id", "=", id)
    .where("status", "!=", "canceled")
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
