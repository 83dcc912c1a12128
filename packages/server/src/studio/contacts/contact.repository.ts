// Reads and writes of studio contacts and partners. Keys are only ever stored as hashes.
import type { Selectable } from "kysely";
import type { Executor } from "../../core/db/index.js";
import type { StudioContactsTable, StudioPartnersTable, WebhookBodyEncoding } from "./contact.tables.js";

/** A contact as the studio sees it. Money in minor units of `currency`. */
export interface Contact {
  id: number;
  email: string;
  name: string;
  company: string;
  countryCode: string;
  address: Record<string, string>;
  keyHash: string;
  secretSealed: string;
  partnerId: number | null;
  currency: string;
  creditDays: number;
  creditLimit: number;
  balance: number;
  reserved: number;
  trialImages: number;
  directUpload: boolean;
  minDeadlineHours: number;
  webhookEncoding: WebhookBodyEncoding;
  createdAt: number;
}

export interface Partner {
  id: number;
  email: string;
  name: string;
  keyHash: string;
  secretSealed: string;
  createdAt: number;
}

export function toContact(row: Selectable<StudioContactsTable>): Contact {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    company: row.company,
    countryCode: row.country_code,
    address: JSON.parse(row.address) as Record<string, string>,
    keyHash: row.key_hash,
    secretSealed: row.secret_sealed,
    partnerId: row.partner_id,
    currency: row.currency,
    creditDays: row.credit_days,
    creditLimit: row.credit_limit,
    balance: row.balance,
    reserved: row.reserved,
    trialImages: row.trial_images,
    directUpload: row.direct_upload === 1,
    minDeadlineHours: row.min_deadline_hours,
    webhookEncoding: row.webhook_encoding,
    createdAt: row.created_at,
  };
}

function toPartner(row: Selectable<StudioPartnersTable>): Partner {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    keyHash: row.key_hash,
    secretSealed: row.secret_sealed,
    createdAt: row.created_at,
  };
}

export type NewContactRow = Omit<Contact, "id" | "balance" | "reserved" | "createdAt">;

export async function insertContact(db: Executor, c: NewContactRow, now: number): Promise<Contact> {
  const row = await db
    .insertInto("studio_contacts")
    .values({
      email: c.email,
      name: c.name,
      company: c.company,
      country_code: c.countryCode,
      address: JSON.stringify(c.address),
      key_hash: c.keyHash,
      secret_sealed: c.secretSealed,
      partner_id: c.partnerId,
      currency: c.currency,
      credit_days: c.creditDays,
      credit_limit: c.creditLimit,
      balance: 0,
      reserved: 0,
      trial_images: c.trialImages,
      direct_upload: c.directUpload ? 1 : 0,
      min_deadline_hours: c.minDeadlineHours,
      webhook_encoding: c.webhookEncoding,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toContact(row);
}

export async function findContactByEmail(db: Executor, email: string): Promise<Contact | undefined> {
  const row = await db
    .selectFrom("studio_contacts")
    .selectAll()
    .where("email", "=", email.trim().toLowerCase())
    .executeTakeFirst();
  return row && toContact(row);
}

export async function findContactById(db: Executor, id: number): Promise<Contact | undefined> {
  const row = await db.selectFrom("studio_contacts").selectAll().where("id", "=", id).executeTakeFirst();
  return row && toContact(row);
}

/** The settings `pixl studio contact update` and EditContact may change. */
export type ContactPatch = Partial<
  Pick<
    StudioContactsTable,
    | "name"
    | "company"
    | "country_code"
    | "address"
    | "currency"
    | "credit_days"
    | "credit_limit"
    | "trial_images"
    | "direct_upload"
    | "min_deadline_hours"
    | "webhook_encoding"
  >
>;

export async function updateContact(
  db: Executor,
  id: number,
  patch: ContactPatch,
  now: number,
): Promise<Contact> {
  const row = await db
    .updateTable("studio_contacts")
    .set({ ...patch, updated_at: now })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toContact(row);
}

export async function insertPartner(
  db: Executor,
  p: Omit<Partner, "id" | "createdAt">,
  now: number,
): Promise<Partner> {
  const row = await db
    .insertInto("studio_partners")
    .values({
      email: p.email,
      name: p.name,
      key_hash: p.keyHash,
      secret_sealed: p.secretSealed,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toPartner(row);
}

export async function findPartnerByEmail(db: Executor, email: string): Promise<Partner | undefined> {
  const row = await db
    .selectFrom("studio_partners")
    .selectAll()
    .where("email", "=", email.trim().toLowerCase())
    .executeTakeFirst();
  return row && toPartner(row);
}

export async function findPartnerByKeyHash(db: Executor, keyHash: string): Promise<Partner | undefined> {
  const row = await db
    .selectFrom("studio_partners")
    .selectAll()
    .where("key_hash", "=", keyHash)
    .executeTakeFirst();
  return row && toPartner(row);
}

export async function findPartnerById(db: Executor, id: number): Promise<Partner | undefined> {
  const row = await db.selectFrom("studio_partners").selectAll().where("id", "=", id).executeTakeFirst();
  return row && toPartner(row);
}
