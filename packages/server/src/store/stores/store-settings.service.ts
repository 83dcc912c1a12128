// A store's own settings (name, currency, time zone): read and changed through the Store API.
import type { Kysely } from "kysely";
import type { Clock } from "../../core/clock.js";
import type { Tables } from "../../core/db/index.js";
import { isCurrency, minorUnitExponent } from "../shared/money.js";
import { canonicalTimeZone } from "../shared/time-zone.js";
import { invalidField } from "../shared/validation.js";
import { findStoreById, lockStoreRow, type Store } from "./store.repository.js";

export interface StoreSettingsInput {
  name?: string | undefined;
  currency?: string | undefined;
  time_zone?: string | undefined;
}

async function hasAny(
  db: Kysely<Tables>,
  table: "store_orders" | "store_subscriptions" | "store_products" | "store_coupons",
  storeId: number,
) {
  const row = await db
    .selectFrom(table)
    .select("id")
    .where("store_id", "=", storeId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Changes the store's name, currency (ISO 4217) or time zone (IANA, kept in its canonical spelling).
 * Amounts are integer minor units of the store's currency, so the currency is fixed once money has been
 * recorded in it (orders, subscriptions); before that it may change, but not to one with another number
 * of decimals while products or coupons hold amounts (2999 cents would become ¥2999). The store row's
 * trigger moves both read versions, so cached reads show the change at once.
 */
export async function updateStoreSettings(
  db: Kysely<Tables>,
  clock: Clock,
  storeId: number,
  input: StoreSettingsInput,
): Promise<Store> {
  const name = input.name?.trim();
  if (name !== undefined && name === "") throw invalidField("name", "The name field is required.");
  const currency = input.currency?.trim().toUpperCase();
  if (currency !== undefined && !isCurrency(currency))
    throw invalidField("currency", "The currency must be an ISO 4217 code.");
  const timeZone = input.time_zone === undefined ? undefined : canonicalTimeZone(input.time_zone.trim());
  if (input.time_zone !== undefined && timeZone === undefined)
    throw invalidField("time_zone", "The time zone must be an IANA time zone, such as Europe/Berlin.");
  return db.transaction().execute(async (trx) => {
    await lockStoreRow(trx, storeId);
    const store = await findStoreById(trx, storeId);
    if (!store) throw invalidField("store", "The store no longer exists.");
    if (currency !== undefined && currency !== store.currency) {
      if ((await hasAny(trx, "store_orders", storeId)) || (await hasAny(trx, "store_subscriptions", storeId)))
        throw invalidField(
          "currency",
          `The currency cannot change once the store has orders or subscriptions (they are in ${store.currency}).`,
        );
      if (
        minorUnitExponent(currency) !== minorUnitExponent(store.currency) &&
        ((await hasAny(trx, "store_products", storeId)) || (await hasAny(trx, "store_coupons", storeId)))
      )
        throw invalidField(
          "currency",
          `${currency} has another number of decimals than ${store.currency}, and the store's prices are recorded in ${store.currency}.`,
        );
    }
    await trx
      .updateTable("stores")
      .set({
        ...(name === undefined ? {} : { name: name.slice(0, 100) }),
        ...(currency === undefined ? {} : { currency }),
        ...(timeZone === undefined ? {} : { time_zone: timeZone }),
        updated_at: clock.now(),
      })
      .where("id", "=", storeId)
      .execute();
    const updated = await findStoreById(trx, storeId);
    if (!updated) throw invalidField("store", "The store no longer exists.");
    return updated;
  });
}
