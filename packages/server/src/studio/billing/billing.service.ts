// Money movements of a contact: reserving at submission, charging when finished, releasing, deposits.
//
// Every movement is one conditional UPDATE of the contact row (atomic on both engines, so two concurrent
// submissions can never both spend the last of a balance) plus, for balance changes, a ledger row in the
// same transaction. `balance` is the ledger's running sum; `reserved` is what accepted, not yet charged
// images will cost; a submission is accepted while balance + credit limit − reserved covers its price.
import { sql } from "kysely";
import type { Executor } from "../../core/db/index.js";
import { StudioError } from "../studio-errors.js";
import type { Contact } from "../contacts/contact.repository.js";
import { formatAmount } from "./currencies.js";
import type { LedgerKind } from "./billing.tables.js";

/** How an accepted image is paid for. */
export interface Reservation {
  isTrial: boolean;
  /** Minor units to charge when finished (0 for a trial image). */
  price: number;
}

/**
 * Takes a trial image if the contact has one left, else reserves `price` against balance + credit.
 * Throws InsufficientBalance when neither covers it. Call in the submission's transaction.
 */
export async function reserveForImage(db: Executor, contact: Contact, price: number): Promise<Reservation> {
  const trial = await db
    .updateTable("studio_contacts")
    .set((eb) => ({ trial_images: eb("trial_images", "-", 1) }))
    .where("id", "=", contact.id)
    .where("trial_images", ">", 0)
    .executeTakeFirst();
  if (trial.numUpdatedRows > 0n) return { isTrial: true, price: 0 };
  const reserved = await db
    .updateTable("studio_contacts")
    .set((eb) => ({ reserved: eb("reserved", "+", price) }))
    .where("id", "=", contact.id)
    .where(sql<boolean>`balance + credit_limit - reserved >= ${price}`)
    .executeTakeFirst();
  if (reserved.numUpdatedRows > 0n) return { isTrial: false, price };
  const current = await db
    .selectFrom("studio_contacts")
    .select(["balance", "credit_limit", "reserved", "currency"])
    .where("id", "=", contact.id)
    .executeTakeFirstOrThrow();
  const available = current.balance + current.credit_limit - current.reserved;
  throw new StudioError(
    "InsufficientBalance",
    `This image costs ${formatAmount(price)} ${current.currency} but only ${formatAmount(Math.max(0, available))} ` +
      `${current.currency} is available (balance ${formatAmount(current.balance)} plus credit ` +
      `${formatAmount(current.credit_limit)}, less ${formatAmount(current.reserved)} for images in progress).`,
  );
}

/** Gives back what an image that will never be charged reserved (deleted, download failed, refused). */
export async function releaseForImage(db: Executor, contactId: number, r: Reservation): Promise<void> {
  await db
    .updateTable("studio_contacts")
    .set((eb) =>
      r.isTrial ? { trial_images: eb("trial_images", "+", 1) } : { reserved: eb("reserved", "-", r.price) },
    )
    .where("id", "=", contactId)
    .execute();
}

async function moveBalance(
  db: Executor,
  contactId: number,
  entry: {
    kind: LedgerKind;
    amount: number;
    reservedDelta: number;
    imageId: number | null;
    description: string;
  },
  now: number,
): Promise<number> {
  const row = await db
    .updateTable("studio_contacts")
    .set((eb) => ({
      balance: eb("balance", "+", entry.amount),
      reserved: eb("reserved", "+", entry.reservedDelta),
      updated_at: now,
    }))
    .where("id", "=", contactId)
    .returning("balance")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("studio_ledger")
    .values({
      contact_id: contactId,
      kind: entry.kind,
      amount: entry.amount,
      balance_after: row.balance,
      image_id: entry.imageId,
      description: entry.description,
      created_at: now,
    })
    .execute();
  return row.balance;
}

/**
 * Charges a finished image once (a redo after a rejection is not charged again): a ledger entry, the
 * reservation consumed, `IsPaid` set when the balance covered it (otherwise its invoice pays it later).
 * Trial images are marked paid without a charge. Call in the transaction that finishes the image.
 */
export async function chargeImage(
  db: Executor,
  image: {
    id: number;
    contactId: number;
    ticket: string;
    isTrial: boolean;
    price: number;
    description: string;
  },
  now: number,
): Promise<void> {
  const claimed = await db
    .updateTable("studio_images")
    .set({ charged_at: now })
    .where("id", "=", image.id)
    .where("charged_at", "is", null)
    .executeTakeFirst();
  if (claimed.numUpdatedRows === 0n) return;
  if (image.isTrial || image.price === 0) {
    await db.updateTable("studio_images").set({ is_paid: 1 }).where("id", "=", image.id).execute();
    return;
  }
  const balance = await moveBalance(
    db,
    image.contactId,
    {
      kind: "charge",
      amount: -image.price,
      reservedDelta: -image.price,
      imageId: image.id,
      description: `${image.description} (image ${image.ticket})`,
    },
    now,
  );
  if (balance >= 0)
    await db.updateTable("studio_images").set({ is_paid: 1 }).where("id", "=", image.id).execute();
}

/**
 * Adds funds. Open invoices are then settled oldest first while the deposit covers their amount due (all
 * of them once the balance is back at or above zero), and their images become paid.
 */
export async function deposit(
  db: Executor,
  contactId: number,
  amount: number,
  description: string,
  now: number,
): Promise<number> {
  if (!Number.isSafeInteger(amount) || amount <= 0)
    throw new StudioError("InvalidParameter", "A deposit must be a positive amount.");
  const balance = await moveBalance(
    db,
    contactId,
    { kind: "deposit", amount, reservedDelta: 0, imageId: null, description },
    now,
  );
  const open = await db
    .selectFrom("studio_invoices")
    .select(["id", "amount_due"])
    .where("contact_id", "=", contactId)
    .where("paid_at", "is", null)
    .orderBy("period_start")
    .execute();
  let left = amount;
  const paid: number[] = [];
  for (const invoice of open) {
    if (balance < 0 && invoice.amount_due > left) break;
    left -= invoice.amount_due;
    paid.push(invoice.id);
  }
  if (paid.length > 0) {
    await db.updateTable("studio_invoices").set({ paid_at: now }).where("id", "in", paid).execute();
    await db.updateTable("studio_images").set({ is_paid: 1 }).where("invoice_id", "in", paid).execute();
  }
  if (balance >= 0) {
    // Everything charged on credit since the last invoice is covered too.
    await db
      .updateTable("studio_images")
      .set({ is_paid: 1 })
      .where("contact_id", "=", contactId)
      .where("charged_at", "is not", null)
      .where("is_paid", "=", 0)
      .execute();
  }
  return balance;
}
