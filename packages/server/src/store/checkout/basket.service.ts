// Baskets of the public checkout: created with an unguessable token, edited while open, priced on read.
import { randomBytes } from "node:crypto";
import type { Clock } from "../../core/clock.js";
import type { Database, Executor } from "../../core/db/index.js";
import { AppError } from "../../core/errors/index.js";
import type { Store } from "../stores/store.repository.js";
import { invalidField } from "../shared/validation.js";
import { normalizeGiftCardCode } from "../gift-cards/gift-card-code.js";
import { sql } from "kysely";
import { findBasket, findBasketLines, hashBasketToken, type BasketRecord } from "./basket.repository.js";
import { isCouponLive, isSpendable, priceBasket, toBasketJson } from "./basket-pricing.js";
import {
  MAX_BASKET_LINES,
  MAX_GIFT_CARDS,
  MAX_LINE_QUANTITY,
  type AddItemBody,
  type BasketIdentityBody,
  type BasketJson,
} from "./basket.schema.js";

export interface BasketDeps {
  database: Database;
  clock: Clock;
}

export async function getBasket(db: Executor, store: Store, token: string): Promise<BasketRecord> {
  const b = await findBasket(db, store.id, token);
  if (!b) throw new AppError("not_found", "Basket not found");
  return b;
}

async function getOpenBasket(db: Executor, store: Store, token: string): Promise<BasketRecord> {
  const b = await getBasket(db, store, token);
  if (b.status !== "open") throw new AppError("conflict", "The basket has been checked out.");
  return b;
}

export async function getBasketJson(db: Executor, store: Store, token: string, now: number, show?: string) {
  const b = await getBasket(db, store, token);
  return toBasketJson(store, b, await priceBasket(db, store, b, now), show);
}

function identityColumns(body: BasketIdentityBody) {
  return {
    ...(body.email === undefined ? {} : { email: body.email.toLowerCase() }),
    ...(body.username === undefined ? {} : { username: body.username }),
    ...(body.minecraft_uuid === undefined ? {} : { minecraft_uuid: body.minecraft_uuid.toLowerCase() }),
    ...(body.steam_id === undefined ? {} : { steam_id: body.steam_id }),
    ...(body.discord_id === undefined ? {} : { discord_id: body.discord_id }),
  };
}

/** A new, empty basket; the token (256 random bits) is returned once, only its hash is kept. */
export async function createBasket(
  deps: BasketDeps,
  store: Store,
  body: BasketIdentityBody,
): Promise<BasketJson> {
  const token = `bsk_${randomBytes(32).toString("base64url")}`;
  const now = deps.clock.now();
  const db = deps.database.kysely;
  await db
    .insertInto("store_baskets")
    .values({
      store_id: store.id,
      token_hash: hashBasketToken(token),
      status: "open",
      email: null,
      username: null,
      minecraft_uuid: null,
      steam_id: null,
      discord_id: null,
      coupon_id: null,
      gift_card_ids: "[]",
      order_id: null,
      created_at: now,
      updated_at: now,
      ...identityColumns(body),
    })
    .execute();
  return getBasketJson(db, store, token, now, token);
}

/** Runs `change` on the open basket in a transaction, then answers with the repriced basket. */
async function edit(
  deps: BasketDeps,
  store: Store,
  token: string,
  change: (trx: Executor, b: BasketRecord, now: number) => Promise<void>,
): Promise<BasketJson> {
  return deps.database.kysely.transaction().execute(async (trx) => {
    const b = await getOpenBasket(trx, store, token);
    const now = deps.clock.now();
    await change(trx, b, now);
    await trx.updateTable("store_baskets").set({ updated_at: now }).where("id", "=", b.id).execute();
    return getBasketJson(trx, store, token, now);
  });
}

export const updateBasketIdentity = (
  deps: BasketDeps,
  store: Store,
  token: string,
  body: BasketIdentityBody,
) =>
  edit(deps, store, token, async (trx, b) => {
    const columns = identityColumns(body);
    if (Object.keys(columns).length > 0)
      await trx.updateTable("store_baskets").set(columns).where("id", "=", b.id).execute();
  });

/** Adds `quantity` (default 1) of an active product; subscriptions come one at a time. */
export const addBasketItem = (deps: BasketDeps, store: Store, token: string, body: AddItemBody) =>
  edit(deps, store, token, async (trx, b) => {
    const p = await trx
      .selectFrom("store_products")
      .select(["id", "type", "is_active"])
      .where("store_id", "=", store.id)
      .where("id", "=", body.product_id)
      .executeTakeFirst();
    if (!p || p.is_active !== 1) throw invalidField("product_id", "The selected product id is invalid.");
    const lines = await findBasketLines(trx, b.id);
    const existing = lines.find((l) => l.product_id === p.id);
    const quantity = (existing?.quantity ?? 0) + (body.quantity ?? 1);
    if (p.type === "subscription" && quantity > 1)
      throw invalidField("quantity", "A subscription can only be bought once per basket.");
    if (quantity > MAX_LINE_QUANTITY)
      throw invalidField("quantity", `The quantity may not be greater than ${MAX_LINE_QUANTITY}.`);
    if (!existing && lines.length >= MAX_BASKET_LINES)
      throw invalidField("product_id", `A basket holds at most ${MAX_BASKET_LINES} products.`);
    await setLine(trx, b.id, p.id, quantity);
  });

async function setLine(trx: Executor, basketId: number, productId: number, quantity: number) {
  await trx
    .insertInto("store_basket_items")
    .values({ basket_id: basketId, product_id: productId, quantity })
    .onConflict((oc) => oc.columns(["basket_id", "product_id"]).doUpdateSet({ quantity }))
    .execute();
}

/** Sets a line's quantity; 0 removes it. */
export const setBasketItemQuantity = (
  deps: BasketDeps,
  store: Store,
  token: string,
  productId: number,
  quantity: number,
) =>
  edit(deps, store, token, async (trx, b) => {
    const lines = await findBasketLines(trx, b.id);
    if (!lines.some((l) => l.product_id === productId)) throw new AppError("not_found", "Item not found");
    if (quantity === 0) {
      await trx
        .deleteFrom("store_basket_items")
        .where("basket_id", "=", b.id)
        .where("product_id", "=", productId)
        .execute();
      return;
    }
    const p = await trx
      .selectFrom("store_products")
      .select("type")
      .where("id", "=", productId)
      .executeTakeFirst();
    if (p?.type === "subscription" && quantity > 1)
      throw invalidField("quantity", "A subscription can only be bought once per basket.");
    await setLine(trx, b.id, productId, quantity);
  });

/** Applies a coupon by code (case-insensitive). 422 when it is unknown, not active, or for another currency. */
export const applyBasketCoupon = (deps: BasketDeps, store: Store, token: string, code: string) =>
  edit(deps, store, token, async (trx, b, now) => {
    const c = await trx
      .selectFrom("store_coupons")
      .selectAll()
      .where("store_id", "=", store.id)
      .where(sql<boolean>`lower(code) = ${code.trim().toLowerCase()}`)
      .executeTakeFirst();
    if (!c || !isCouponLive(c, store.currency, now)) throw invalidField("coupon", "The coupon is not valid.");
    await trx.updateTable("store_baskets").set({ coupon_id: c.id }).where("id", "=", b.id).execute();
  });

export const removeBasketCoupon = (deps: BasketDeps, store: Store, token: string) =>
  edit(deps, store, token, async (trx, b) => {
    await trx.updateTable("store_baskets").set({ coupon_id: null }).where("id", "=", b.id).execute();
  });

/** Adds a gift card by code. Unknown, spent, revoked and expired cards get the same 422 (no code oracle). */
export const addBasketGiftCard = (deps: BasketDeps, store: Store, token: string, code: string) =>
  edit(deps, store, token, async (trx, b, now) => {
    const g = await trx
      .selectFrom("store_gift_cards")
      .select(["id", "code", "balance", "status", "currency", "expires_at"])
      .where("store_id", "=", store.id)
      .where("code", "=", normalizeGiftCardCode(code))
      .executeTakeFirst();
    const hold = g && { ...g, expiresAt: g.expires_at };
    if (!hold || !isSpendable(hold, store.currency, now))
      throw invalidField("gift_card", "The gift card is not valid or has no balance.");
    const ids = JSON.parse(b.gift_card_ids) as number[];
    if (ids.includes(hold.id)) return;
    if (ids.length >= MAX_GIFT_CARDS)
      throw invalidField("gift_card", `At most ${MAX_GIFT_CARDS} gift cards can be used at once.`);
    await trx
      .updateTable("store_baskets")
      .set({ gift_card_ids: JSON.stringify([...ids, hold.id]) })
      .where("id", "=", b.id)
      .execute();
  });

/** Removes a gift card by its code or its last four symbols. */
export const removeBasketGiftCard = (deps: BasketDeps, store: Store, token: string, code: string) =>
  edit(deps, store, token, async (trx, b) => {
    const ids = JSON.parse(b.gift_card_ids) as number[];
    if (ids.length === 0) return;
    const wanted = normalizeGiftCardCode(code).replace(/^…/, "");
    const cards = await trx
      .selectFrom("store_gift_cards")
      .select(["id", "code"])
      .where("id", "in", ids)
      .execute();
    const keep = ids.filter((id) => {
      const c = cards.find((x) => x.id === id);
      return !(c && (c.code === wanted || c.code.endsWith(wanted)));
    });
    await trx
      .updateTable("store_baskets")
      .set({ gift_card_ids: JSON.stringify(keep) })
      .where("id", "=", b.id)
      .execute();
  });
