// Reads and writes of `store_gift_cards` and their redemptions, scoped to one store.
import type { Insertable, Selectable, Updateable } from "kysely";
import type { Executor } from "../../core/db/index.js";
import { columnContains, nullsAsFuture, type PageRequest } from "../shared/list-query.js";
import type {
  GiftCardStatus,
  StoreGiftCardRedemptionsTable,
  StoreGiftCardsTable,
} from "./gift-card.tables.js";

/** A gift card with its product's name and its order's number (null when none or deleted). */
export type GiftCardRecord = Selectable<StoreGiftCardsTable> & {
  product_name: string | null;
  order_number: string | null;
};
export type RedemptionRecord = Selectable<StoreGiftCardRedemptionsTable> & { order_number: string | null };
export type GiftCardSort = "created_at" | "balance" | "expires_at";

export interface GiftCardListOptions {
  status?: GiftCardStatus | undefined;
  search?: string | undefined;
  email?: string | undefined;
  sort: GiftCardSort;
  direction: "asc" | "desc";
  page: PageRequest;
}

function baseQuery(db: Executor, storeId: number) {
  return db
    .selectFrom("store_gift_cards as g")
    .leftJoin("store_products as p", "p.id", "g.product_id")
    .leftJoin("store_orders as o", "o.id", "g.order_id")
    .where("g.store_id", "=", storeId);
}

function withColumns(q: ReturnType<typeof baseQuery>) {
  return q.selectAll("g").select(["p.name as product_name", "o.order_number as order_number"]);
}

export async function listGiftCards(
  db: Executor,
  storeId: number,
  o: GiftCardListOptions,
): Promise<{ rows: GiftCardRecord[]; total: number }> {
  let counted = db.selectFrom("store_gift_cards as g").where("g.store_id", "=", storeId);
  let q = baseQuery(db, storeId);
  const { status, search, email } = o;
  if (status !== undefined) {
    counted = counted.where("g.status", "=", status);
    q = q.where("g.status", "=", status);
  }
  if (email !== undefined) {
    counted = counted.where("g.recipient_email", "=", email.toLowerCase());
    q = q.where("g.recipient_email", "=", email.toLowerCase());
  }
  if (search !== undefined && search !== "") {
    counted = counted.where(columnContains("g.code", search));
    q = q.where(columnContains("g.code", search));
  }
  const { total } = await counted
    .select((eb) => eb.fn.countAll<number>().as("total"))
    .executeTakeFirstOrThrow();
  let sorted = withColumns(q);
  if (o.sort === "expires_at") sorted = sorted.orderBy(nullsAsFuture("g.expires_at"), o.direction);
  const rows = await sorted
    .orderBy(`g.${o.sort}`, o.direction)
    .orderBy("g.id", o.direction)
    .limit(o.page.perPage)
    .offset(o.page.offset)
    .execute();
  return { rows, total };
}

export async function findGiftCard(
  db: Executor,
  storeId: number,
  id: number,
): Promise<GiftCardRecord | undefined> {
  return withColumns(baseQuery(db, storeId)).where("g.id", "=", id).executeTakeFirst();
}

export async function findRedemptions(db: Executor, giftCardId: number): Promise<RedemptionRecord[]> {
  return db
    .selectFrom("store_gift_card_redemptions as r")
    .leftJoin("store_orders as o", "o.id", "r.order_id")
    .selectAll("r")
    .select("o.order_number as order_number")
    .where("r.gift_card_id", "=", giftCardId)
    .orderBy("r.id")
    .execute();
}

export async function isGiftCardCodeTaken(db: Executor, storeId: number, code: string): Promise<boolean> {
  const row = await db
    .selectFrom("store_gift_cards")
    .select("id")
    .where("store_id", "=", storeId)
    .where("code", "=", code)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertGiftCard(db: Executor, values: Insertable<StoreGiftCardsTable>): Promise<number> {
  const row = await db
    .insertInto("store_gift_cards")
    .values(values)
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Revokes the card unless it already is; false when another request revoked it first. */
export async function tryRevoke(
  db: Executor,
  storeId: number,
  id: number,
  values: { now: number; reason: string | null },
): Promise<boolean> {
  const result = await db
    .updateTable("store_gift_cards")
    .set({ status: "revoked", revoked_at: values.now, revoke_reason: values.reason, updated_at: values.now })
    .where("store_id", "=", storeId)
    .where("id", "=", id)
    .where("status", "!=", "revoked")
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Spends from an active card whose balance is still `expectedBalance` (compare-and-set); false when a
 * revocation or another redemption got there first, and the caller re-reads.
 */
export async function trySpend(
  db: Executor,
  storeId: number,
  id: number,
  expectedBalance: number,
  values: Updateable<StoreGiftCardsTable> & { balance: number },
): Promise<boolean> {
  const result = await db
    .updateTable("store_gift_cards")
    .set(values)
    .where("store_id", "=", storeId)
    .where("id", "=", id)
    .where("status", "=", "active")
    .where("balance", "=", expectedBalance)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function insertRedemption(
  db: Executor,
  values: Insertable<StoreGiftCardRedemptionsTable>,
): Promise<void> {
  await db.insertInto("store_gift_card_redemptions").values(values).execute();
}

/** What a card needs from an order of the store (undefined: not the store's). */
export async function findOrderFacts(db: Executor, storeId: number, id: number) {
  return db
    .selectFrom("store_orders")
    .select(["created_at", "currency"])
    .where("store_id", "=", storeId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/** The email of a customer of the store (undefined: not the store's). */
export async function findCustomerEmail(
  db: Executor,
  storeId: number,
  id: number,
): Promise<string | undefined> {
  const row = await db
    .selectFrom("store_customers")
    .select("email")
    .where("store_id", "=", storeId)
    .where("id", "=", id)
    .executeTakeFirst();
  return row?.email;
}
