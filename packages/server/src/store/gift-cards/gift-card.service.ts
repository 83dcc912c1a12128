// Gift cards: issue (code generated securely unless given), detail, revoke (idempotent) and redeem.
// The spec lists no gift card events, so none are published.
import type { Clock } from "../../core/clock.js";
import { isUniqueViolation, type Database, type Executor } from "../../core/db/index.js";
import { AppError } from "../../core/errors/index.js";
import type { Store } from "../stores/store.repository.js";
import { formatMoney, isCurrency, parseMoney } from "../shared/money.js";
import { parseTimestamp } from "../shared/timestamps.js";
import { invalidField, invalidFields } from "../shared/validation.js";
import { generateGiftCardCode, normalizeGiftCardCode } from "./gift-card-code.js";
import { findStoreRowIds } from "../shared/ownership.js";
import {
  findCustomerEmail,
  findGiftCard,
  findOrderFacts,
  findRedemptions,
  insertGiftCard,
  insertRedemption,
  isGiftCardCodeTaken,
  trySpend,
  tryRevoke,
  type GiftCardRecord,
} from "./gift-card.repository.js";
import {
  toGiftCardDetailJson,
  type GiftCardDetailJson,
  type IssueGiftCardBody,
  type RedeemGiftCardBody,
  type RevokeGiftCardBody,
} from "./gift-card.schema.js";

export interface GiftCardServiceDeps {
  database: Database;
  clock: Clock;
}

/** How often a redemption re-reads the card after losing a race before giving up. */
const MAX_ATTEMPTS = 5;

export async function getGiftCard(db: Executor, storeId: number, id: number): Promise<GiftCardRecord> {
  const g = await findGiftCard(db, storeId, id);
  if (!g) throw new AppError("not_found", "Gift card not found");
  return g;
}

export async function getGiftCardDetail(
  db: Executor,
  storeId: number,
  id: number,
): Promise<GiftCardDetailJson> {
  const g = await getGiftCard(db, storeId, id);
  return toGiftCardDetailJson(g, await findRedemptions(db, id));
}

/** A code no card of the store has (80 random bits: a retry is a formality). */
async function freshCode(db: Executor, storeId: number): Promise<string> {
  for (;;) {
    const code = generateGiftCardCode();
    if (!(await isGiftCardCodeTaken(db, storeId, code))) return code;
  }
}

export async function issueGiftCard(
  deps: GiftCardServiceDeps,
  store: Store,
  body: IssueGiftCardBody,
): Promise<GiftCardDetailJson> {
  return deps.database.kysely.transaction().execute(async (trx) => {
    const errors: Record<string, string[]> = {};
    const now = deps.clock.now();
    const currency = (body.currency ?? store.currency).toUpperCase();
    let balance = 0;
    if (!isCurrency(currency)) errors["currency"] = ["The currency must be a 3-letter ISO 4217 code."];
    else {
      balance = parseMoney(body.initial_balance, currency) ?? 0;
      if (balance <= 0) {
        errors["initial_balance"] = [`The initial balance must be an amount in ${currency} greater than 0.`];
      }
    }
    let expiresAt: number | null = null;
    if (body.expires_at != null) {
      expiresAt = parseTimestamp(body.expires_at) ?? null;
      if (expiresAt === null || expiresAt <= now)
        errors["expires_at"] = ["The expires at must be a date-time in the future."];
    }
    const code = body.code === undefined ? undefined : normalizeGiftCardCode(body.code);
    if (code !== undefined && (await isGiftCardCodeTaken(trx, store.id, code))) {
      errors["code"] = ["The code has already been taken."];
    }
    const customerEmail =
      body.customer_id == null ? undefined : await findCustomerEmail(trx, store.id, body.customer_id);
    if (body.customer_id != null && customerEmail === undefined) {
      errors["customer_id"] = ["The selected customer id is invalid."];
    }
    if (
      body.product_id != null &&
      !(await findStoreRowIds(trx, "store_products", store.id, [body.product_id])).size
    ) {
      errors["product_id"] = ["The selected product id is invalid."];
    }
    const order = body.order_id == null ? undefined : await findOrderFacts(trx, store.id, body.order_id);
    if (body.order_id != null && !order) errors["order_id"] = ["The selected order id is invalid."];
    if (Object.keys(errors).length > 0) throw invalidFields(errors);
    // A card for a customer goes to their email unless another recipient is named.
    const email =
      body.recipient_email === undefined
        ? (customerEmail ?? null)
        : (body.recipient_email?.toLowerCase() ?? null);
    const id = await insertGiftCard(trx, {
      store_id: store.id,
      code: code ?? (await freshCode(trx, store.id)),
      initial_balance: balance,
      balance,
      currency,
      status: "active",
      recipient_email: email,
      recipient_name: body.recipient_name ?? null,
      personal_message: body.personal_message ?? null,
      customer_id: body.customer_id ?? null,
      product_id: body.product_id ?? null,
      order_id: body.order_id ?? null,
      purchased_at: order?.created_at ?? null,
      first_used_at: null,
      last_used_at: null,
      expires_at: expiresAt,
      revoked_at: null,
      revoke_reason: null,
      created_at: now,
      updated_at: now,
    }).catch((e: unknown) => {
      throw isUniqueViolation(e) ? invalidField("code", "The code has already been taken.") : e;
    });
    return getGiftCardDetail(trx, store.id, id);
  });
}

/**
 * Revokes a card: it keeps its balance for the record but can never be used again. Revoking a revoked card
 * changes nothing (the first revocation's time and reason stay), so retries and races are harmless.
 */
export async function revokeGiftCard(
  deps: GiftCardServiceDeps,
  store: Store,
  id: number,
  body: RevokeGiftCardBody,
): Promise<GiftCardDetailJson> {
  return deps.database.kysely.transaction().execute(async (trx) => {
    await getGiftCard(trx, store.id, id);
    await tryRevoke(trx, store.id, id, { now: deps.clock.now(), reason: body.reason ?? null });
    return getGiftCardDetail(trx, store.id, id);
  });
}

/**
 * Spends `amount` of an active, unexpired card, optionally against one of the store's orders in the card's
 * currency, recording a redemption. A card spent to zero becomes `depleted`. 422 for revoked, expired or
 * depleted cards and amounts above the balance; concurrent redemptions can never overdraw it.
 */
export async function redeemGiftCard(
  deps: GiftCardServiceDeps,
  store: Store,
  id: number,
  body: RedeemGiftCardBody,
): Promise<GiftCardDetailJson> {
  return deps.database.kysely.transaction().execute(async (trx) => {
    for (let attempt = 1; ; attempt++) {
      const card = await getGiftCard(trx, store.id, id);
      const now = deps.clock.now();
      if (card.status === "revoked") throw invalidField("status", "A revoked gift card cannot be used.");
      if (card.expires_at !== null && card.expires_at <= now)
        throw invalidField("status", "This gift card has expired.");
      if (card.status === "depleted") throw invalidField("status", "This gift card has no balance left.");
      const amount = parseMoney(body.amount, card.currency);
      if (amount === undefined || amount <= 0) {
        throw invalidField("amount", `The amount must be an amount in ${card.currency} greater than 0.`);
      }
      if (amount > card.balance) {
        throw invalidField(
          "amount",
          `The amount may not be greater than the balance of ${formatMoney(card.balance, card.currency)}.`,
        );
      }
      if (body.order_id != null) {
        const order = await findOrderFacts(trx, store.id, body.order_id);
        if (!order) throw invalidField("order_id", "The selected order id is invalid.");
        if (order.currency !== card.currency) {
          throw invalidField(
            "order_id",
            `The order is in ${order.currency}, the gift card in ${card.currency}.`,
          );
        }
      }
      const after = card.balance - amount;
      const spent = await trySpend(trx, store.id, id, card.balance, {
        balance: after,
        status: after === 0 ? "depleted" : "active",
        first_used_at: card.first_used_at ?? now,
        last_used_at: now,
        updated_at: now,
      });
      if (!spent) {
        if (attempt >= MAX_ATTEMPTS) throw new Error(`redemption of gift card ${id} kept losing races`);
        continue;
      }
      await insertRedemption(trx, {
        gift_card_id: id,
        amount,
        balance_before: card.balance,
        balance_after: after,
        order_id: body.order_id ?? null,
        created_at: now,
      });
      return getGiftCardDetail(trx, store.id, id);
    }
  });
}
