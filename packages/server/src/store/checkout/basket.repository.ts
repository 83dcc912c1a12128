// Reads and writes of baskets, their lines and the store's checkout settings.
import { createHash } from "node:crypto";
import type { Selectable } from "kysely";
import type { Executor } from "../../core/db/index.js";
import type { StoreBasketsTable } from "./checkout.tables.js";

export type BasketRecord = Selectable<StoreBasketsTable>;

export function hashBasketToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The store's basket with this token (undefined for another store's token: isolation by lookup). */
export async function findBasket(
  db: Executor,
  storeId: number,
  token: string,
): Promise<BasketRecord | undefined> {
  return db
    .selectFrom("store_baskets")
    .selectAll()
    .where("token_hash", "=", hashBasketToken(token))
    .where("store_id", "=", storeId)
    .executeTakeFirst();
}

export async function findBasketLines(db: Executor, basketId: number) {
  return db
    .selectFrom("store_basket_items")
    .select(["product_id", "quantity"])
    .where("basket_id", "=", basketId)
    .orderBy("id")
    .execute();
}

export async function findTaxTerms(
  db: Executor,
  storeId: number,
): Promise<{ rate: number; inclusive: boolean }> {
  const row = await db
    .selectFrom("store_checkout_settings")
    .select(["tax_rate", "tax_inclusive"])
    .where("store_id", "=", storeId)
    .executeTakeFirst();
  return { rate: row?.tax_rate ?? 0, inclusive: row?.tax_inclusive === 1 };
}

export async function saveTaxTerms(
  db: Executor,
  storeId: number,
  terms: { rate: number; inclusive: boolean },
  now: number,
): Promise<void> {
  await db
    .insertInto("store_checkout_settings")
    .values({
      store_id: storeId,
      tax_rate: terms.rate,
      tax_inclusive: terms.inclusive ? 1 : 0,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.column("store_id").doUpdateSet({
        tax_rate: terms.rate,
        tax_inclusive: terms.inclusive ? 1 : 0,
        updated_at: now,
      }),
    )
    .execute();
}
