// Contacts and partners: creating them (keys shown once), authenticating calls, editing settings.
import { randomBytes, randomUUID } from "node:crypto";
import type { Clock } from "../../core/clock.js";
import { isUniqueViolation, type Executor } from "../../core/db/index.js";
import { hashToken, isSameHash } from "../../store/tokens/api-token.js";
import type { SecretBox } from "../../webhooks/secret-box.js";
import { isStudioCurrency, studioCurrencies } from "../billing/currencies.js";
import { StudioError } from "../studio-errors.js";
import type { WebhookBodyEncoding } from "./contact.tables.js";
import {
  findContactByEmail,
  findPartnerByEmail,
  findPartnerByKeyHash,
  insertContact,
  insertPartner,
  updateContact,
  type Contact,
  type ContactPatch,
  type Partner,
} from "./contact.repository.js";

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}$/;
const COUNTRY = /^[A-Z]{2}$/;
export const WEBHOOK_ENCODINGS: readonly WebhookBodyEncoding[] = ["json", "text", "form"];
export const ADDRESS_FIELDS = [
  "contactAddress1",
  "contactAddress2",
  "contactPhone",
  "contactCity",
  "contactState",
  "contactZipCode",
] as const;

/** Settings of a contact; every one optional with the documented default. */
export interface ContactSettings {
  name?: string;
  company?: string;
  /** ISO 3166-1 alpha-2. */
  countryCode?: string;
  address?: Partial<Record<(typeof ADDRESS_FIELDS)[number], string>>;
  /** Default USD. */
  currency?: string;
  /** Default 0. */
  creditDays?: number;
  /** How far below zero the balance may go, minor units. Default 0. */
  creditLimit?: number;
  /** Free images before charging starts. Default 0. */
  trialImages?: number;
  /** RequestPresignUrls allowed. Default false (Pixelz enables it on request). */
  directUpload?: boolean;
  /** Earliest deadline a POST may ask for, hours ahead. Default 24. */
  minDeadlineHours?: number;
  /** Default json. */
  webhookEncoding?: WebhookBodyEncoding;
}

export interface CreateContactInput extends ContactSettings {
  email: string;
  partnerId?: number | null;
}

/** What creating an account shows once: the plaintext key and Application Secret Code. */
export interface CreatedCredentials<T> {
  account: T;
  apiKey: string;
  secret: string;
}

function invalid(message: string): StudioError {
  return new StudioError("InvalidParameter", message);
}

/** A GUID, as Pixelz API keys are (`44979dfe-5aa7-44ea-b3dd-7fae33bc37e9`): 122 random bits. */
function createApiKey(): string {
  return randomUUID();
}

/** The Application Secret Code: 192 random bits, base64url (webhook receivers use it as UTF-8 text). */
function createSecretCode(): string {
  return randomBytes(24).toString("base64url");
}

export function normaliseEmail(email: string): string {
  const e = email.trim().toLowerCase();
  if (!EMAIL.test(e)) throw invalid(`"${email.slice(0, 100)}" is not an email address.`);
  return e;
}

function text(value: string | undefined, field: string, max = 200): string | undefined {
  if (value === undefined) return undefined;
  const t = value.trim();
  if (t.length > max) throw invalid(`${field} must be at most ${max} characters.`);
  return t;
}

function whole(value: number | undefined, field: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min || value > max)
    throw invalid(`${field} must be a whole number from ${min} to ${max}.`);
  return value;
}

/** Validates settings into a table patch (only the fields given). */
export function toContactPatch(s: ContactSettings): ContactPatch {
  const patch: ContactPatch = {};
  const name = text(s.name, "contactName");
  if (name !== undefined) patch.name = name;
  const company = text(s.company, "contactCompany");
  if (company !== undefined) patch.company = company;
  if (s.countryCode !== undefined) {
    const cc = s.countryCode.trim().toUpperCase();
    if (cc !== "" && !COUNTRY.test(cc))
      throw invalid("countryCode must be an ISO 3166-1 alpha-2 code, e.g. US.");
    patch.country_code = cc;
  }
  if (s.address !== undefined) {
    const address: Record<string, string> = {};
    for (const f of ADDRESS_FIELDS) {
      const v = text(s.address[f], f);
      if (v !== undefined && v !== "") address[f] = v;
    }
    patch.address = JSON.stringify(address);
  }
  if (s.currency !== undefined) {
    const c = s.currency.trim().toUpperCase();
    if (!isStudioCurrency(c))
      throw invalid(
        `currency must be one of ${Object.keys(studioCurrencies).join(", ")} (got "${s.currency}").`,
      );
    patch.currency = c;
  }
  const creditDays = whole(s.creditDays, "creditDays", 0, 365);
  if (creditDays !== undefined) patch.credit_days = creditDays;
  const creditLimit = whole(s.creditLimit, "creditLimit", 0, 1e12);
  if (creditLimit !== undefined) patch.credit_limit = creditLimit;
  const trial = whole(s.trialImages, "trialImages", 0, 1_000_000);
  if (trial !== undefined) patch.trial_images = trial;
  if (s.directUpload !== undefined) patch.direct_upload = s.directUpload ? 1 : 0;
  const hours = whole(s.minDeadlineHours, "minDeadlineHours", 0, 24 * 365);
  if (hours !== undefined) patch.min_deadline_hours = hours;
  if (s.webhookEncoding !== undefined) {
    if (!WEBHOOK_ENCODINGS.includes(s.webhookEncoding))
      throw invalid(`webhookEncoding must be one of ${WEBHOOK_ENCODINGS.join(", ")}.`);
    patch.webhook_encoding = s.webhookEncoding;
  }
  return patch;
}

export interface ContactServiceDeps {
  clock: Clock;
  secretBox: SecretBox;
}

/** Creates a contact with a fresh API key and Application Secret Code (returned once, stored hashed/sealed). */
export async function createContact(
  db: Executor,
  deps: ContactServiceDeps,
  input: CreateContactInput,
): Promise<CreatedCredentials<Contact>> {
  const email = normaliseEmail(input.email);
  const p = toContactPatch(input);
  const apiKey = createApiKey();
  const secret = createSecretCode();
  try {
    const contact = await insertContact(
      db,
      {
        email,
        name: p.name ?? "",
        company: p.company ?? "",
        countryCode: p.country_code ?? "",
        address: p.address === undefined ? {} : (JSON.parse(p.address) as Record<string, string>),
        keyHash: hashToken(apiKey),
        secretSealed: deps.secretBox.seal(secret),
        partnerId: input.partnerId ?? null,
        currency: p.currency ?? "USD",
        creditDays: p.credit_days ?? 0,
        creditLimit: p.credit_limit ?? 0,
        trialImages: p.trial_images ?? 0,
        directUpload: p.direct_upload === 1,
        minDeadlineHours: p.min_deadline_hours ?? 24,
        webhookEncoding: p.webhook_encoding ?? "json",
      },
      deps.clock.now(),
    );
    return { account: contact, apiKey, secret };
  } catch (e) {
    if (isUniqueViolation(e)) throw invalid(`A contact with the email ${email} already exists.`);
    throw e;
  }
}

export async function createPartner(
  db: Executor,
  deps: ContactServiceDeps,
  input: { email: string; name?: string },
): Promise<CreatedCredentials<Partner>> {
  const email = normaliseEmail(input.email);
  const apiKey = createApiKey();
  const secret = createSecretCode();
  try {
    const partner = await insertPartner(
      db,
      {
        email,
        name: text(input.name, "name") ?? "",
        keyHash: hashToken(apiKey),
        secretSealed: deps.secretBox.seal(secret),
      },
      deps.clock.now(),
    );
    return { account: partner, apiKey, secret };
  } catch (e) {
    if (isUniqueViolation(e)) throw invalid(`A partner with the email ${email} already exists.`);
    throw e;
  }
}

export async function editContact(
  db: Executor,
  clock: Clock,
  contact: Contact,
  settings: ContactSettings,
): Promise<Contact> {
  const patch = toContactPatch(settings);
  if (Object.keys(patch).length === 0) return contact;
  return updateContact(db, contact.id, patch, clock.now());
}

const WRONG_CONTACT = "The contactEmail and contactAPIkey do not match an account.";

/**
 * The contact an email + key pair names. Unknown email and wrong key answer the same (no account probing);
 * the key's hash is compared in constant time.
 */
export async function authenticateContact(db: Executor, email: string, apiKey: string): Promise<Contact> {
  if (email.trim() === "" || apiKey.trim() === "")
    throw new StudioError("MissingRequiredInformation", "contactEmail and contactAPIkey are required.");
  const contact = await findContactByEmail(db, email);
  const hash = hashToken(apiKey.trim());
  if (contact === undefined || !isSameHash(hash, contact.keyHash))
    throw new StudioError("InvalidContact", WRONG_CONTACT);
  return contact;
}

/** A partner's email + developerAPIkey pair (POST Contact). */
export async function authenticatePartner(db: Executor, email: string, apiKey: string): Promise<Partner> {
  const partner = await findPartnerByEmail(db, email);
  const hash = hashToken(apiKey.trim());
  if (partner === undefined || !isSameHash(hash, partner.keyHash))
    throw new StudioError(
      "InvalidDeveloper",
      "The developerEmail and developerAPIkey do not match a partner account.",
    );
  return partner;
}

/** Who a call's `developerAPIkey` names: nobody, the contact itself (the seed allows it), or a partner. */
export type Developer = { kind: "self" } | { kind: "partner"; partner: Partner };

export async function resolveDeveloper(
  db: Executor,
  contact: Contact,
  developerKey: string | undefined,
): Promise<Developer | undefined> {
  const key = (developerKey ?? "").trim();
  if (key === "") return undefined;
  const hash = hashToken(key);
  if (isSameHash(hash, contact.keyHash)) return { kind: "self" };
  const partner = await findPartnerByKeyHash(db, hash);
  if (partner === undefined)
    throw new StudioError("InvalidDeveloper", "The developerAPIkey does not match a partner account.");
  return { kind: "partner", partner };
}
