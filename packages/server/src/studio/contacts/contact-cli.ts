// `pixl studio …`: create contacts and partners (keys shown once), change a contact's settings, deposit funds.
import { InvalidArgumentError, Option, type Command } from "commander";
import type { App } from "../../app.js";
import { resolveSecretKey } from "../../core/config/index.js";
import { AppError } from "../../core/errors/index.js";
import { createSecretBox } from "../../webhooks/secret-box.js";
import { deposit } from "../billing/billing.service.js";
import { formatAmount } from "../billing/currencies.js";
import { findContactByEmail, findPartnerByEmail, type Contact } from "./contact.repository.js";
import {
  createContact,
  createPartner,
  editContact,
  WEBHOOK_ENCODINGS,
  type ContactSettings,
} from "./contact.service.js";

/** Runs a command on a migrated app and closes it. */
export type WithApp = (fn: (app: App) => Promise<void>) => Promise<void>;

function wholeNumber(raw: string): number {
  if (!/^\d{1,9}$/.test(raw.trim())) throw new InvalidArgumentError("must be a whole number");
  return Number(raw);
}

/** `"81.05"` → 8105 minor units. */
function amount(raw: string): number {
  const m = /^(\d{1,10})(?:\.(\d{1,2}))?$/.exec(raw.trim());
  if (!m) throw new InvalidArgumentError("must be an amount like 100 or 81.05");
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}

interface SettingsOptions {
  name?: string;
  company?: string;
  country?: string;
  currency?: string;
  creditDays?: number;
  creditLimit?: number;
  trialImages?: number;
  directUpload?: boolean;
  minDeadlineHours?: number;
  webhookEncoding?: ContactSettings["webhookEncoding"];
}

function withSettingsOptions(command: Command): Command {
  return command
    .option("--name <name>", "contact person")
    .option("--company <company>", "company name")
    .option("--country <code>", "ISO 3166-1 alpha-2 country code")
    .option("--currency <code>", "billing currency: USD (default), EUR, GBP, AUD, CAD, DKK, SEK, NOK")
    .option("--credit-days <n>", "days of credit on invoices (default 0)", wholeNumber)
    .option("--credit-limit <amount>", "how far below zero the balance may go (default 0)", amount)
    .option("--trial-images <n>", "free images before charging starts (default 0)", wholeNumber)
    .option("--direct-upload", "allow RequestPresignUrls (direct upload)")
    .option("--no-direct-upload", "disallow RequestPresignUrls (the default)")
    .option(
      "--min-deadline-hours <n>",
      "earliest deadline a POST may ask for, hours ahead (default 24)",
      wholeNumber,
    )
    .addOption(
      new Option(
        "--webhook-encoding <encoding>",
        "webhook body: json (default), text (text/plain) or form",
      ).choices(WEBHOOK_ENCODINGS),
    );
}

function toSettings(o: SettingsOptions): ContactSettings {
  const s: ContactSettings = {};
  if (o.name !== undefined) s.name = o.name;
  if (o.company !== undefined) s.company = o.company;
  if (o.country !== undefined) s.countryCode = o.country;
  if (o.currency !== undefined) s.currency = o.currency;
  if (o.creditDays !== undefined) s.creditDays = o.creditDays;
  if (o.creditLimit !== undefined) s.creditLimit = o.creditLimit;
  if (o.trialImages !== undefined) s.trialImages = o.trialImages;
  if (o.directUpload !== undefined) s.directUpload = o.directUpload;
  if (o.minDeadlineHours !== undefined) s.minDeadlineHours = o.minDeadlineHours;
  if (o.webhookEncoding !== undefined) s.webhookEncoding = o.webhookEncoding;
  return s;
}

/** What `contact show` and `--json` outputs say about a contact's settings and money. */
export function describeContact(c: Contact): Record<string, unknown> {
  return {
    contactEmail: c.email,
    name: c.name,
    company: c.company,
    countryCode: c.countryCode,
    currency: c.currency,
    balance: formatAmount(c.balance),
    reserved: formatAmount(c.reserved),
    creditLimit: formatAmount(c.creditLimit),
    creditDays: c.creditDays,
    trialImages: c.trialImages,
    directUpload: c.directUpload,
    minDeadlineHours: c.minDeadlineHours,
    webhookEncoding: c.webhookEncoding,
  };
}

function print(json: boolean, value: Record<string, unknown>, lines: string[]): void {
  process.stdout.write(json ? `${JSON.stringify(value)}\n` : `${lines.join("\n")}\n`);
}

async function getContact(app: App, email: string): Promise<Contact> {
  const contact = await findContactByEmail(app.database.kysely, email);
  if (contact === undefined) throw new AppError("not_found", `No studio contact has the email ${email}`);
  return contact;
}

/** Adds `contact create|update|show|deposit` and `partner create` under `pixl studio`. */
export function registerStudioCommands(studio: Command, withApp: WithApp): void {
  const boxOf = (app: App) => createSecretBox(resolveSecretKey(app.config));
  const contact = studio.command("contact").description("manage studio contacts (Studio API customers)");

  withSettingsOptions(contact.command("create <email>"))
    .description("create a contact and print its contactAPIkey and Application Secret Code (shown once)")
    .option("--partner <email>", "the partner (developer) this contact belongs to")
    .option("--json", "print JSON")
    .action((email: string, o: SettingsOptions & { partner?: string; json?: boolean }) =>
      withApp(async (app) => {
        const db = app.database.kysely;
        const partner = o.partner === undefined ? undefined : await findPartnerByEmail(db, o.partner);
        if (o.partner !== undefined && partner === undefined)
          throw new AppError("not_found", `No studio partner has the email ${o.partner}`);
        const created = await createContact(
          db,
          { clock: app.clock, secretBox: boxOf(app) },
          { email, ...toSettings(o), partnerId: partner?.id ?? null },
        );
        print(
          o.json === true,
          {
            contactEmail: created.account.email,
            contactAPIkey: created.apiKey,
            applicationSecretCode: created.secret,
            ...describeContact(created.account),
          },
          [
            `Contact ${created.account.email} created (${created.account.currency}).`,
            `contactAPIkey (shown once, keep it safe): ${created.apiKey}`,
            `Application Secret Code (signs webhooks; shown once): ${created.secret}`,
          ],
        );
      }),
    );

  withSettingsOptions(contact.command("update <email>"))
    .description("change a contact's settings")
    .option("--json", "print JSON")
    .action((email: string, o: SettingsOptions & { json?: boolean }) =>
      withApp(async (app) => {
        const updated = await editContact(
          app.database.kysely,
          app.clock,
          await getContact(app, email),
          toSettings(o),
        );
        print(o.json === true, describeContact(updated), [`Contact ${updated.email} updated.`]);
      }),
    );

  contact
    .command("show <email>")
    .description("print a contact's settings and balance")
    .option("--json", "print JSON")
    .action((email: string, o: { json?: boolean }) =>
      withApp(async (app) => {
        const c = describeContact(await getContact(app, email));
        print(
          o.json === true,
          c,
          Object.entries(c).map(([k, v]) => `${k}: ${String(v)}`),
        );
      }),
    );

  contact
    .command("deposit <email> <amount>")
    .description("add funds to a contact's balance (settles open invoices it covers)")
    .option("--note <text>", "ledger description", "Deposit")
    .option("--json", "print JSON")
    .action((email: string, raw: string, o: { note: string; json?: boolean }) =>
      withApp(async (app) => {
        const minor = amount(raw);
        const c = await getContact(app, email);
        const balance = await app.database.kysely
          .transaction()
          .execute((trx) => deposit(trx, c.id, minor, o.note, app.clock.now()));
        print(
          o.json === true,
          { contactEmail: c.email, balance: formatAmount(balance), currency: c.currency },
          [`Deposited ${formatAmount(minor)} ${c.currency}; balance ${formatAmount(balance)} ${c.currency}.`],
        );
      }),
    );

  studio
    .command("partner")
    .description("manage studio partners (developers with a developerAPIkey)")
    .command("create <email>")
    .description("create a partner and print its developerAPIkey and Application Secret Code (shown once)")
    .option("--name <name>", "partner name")
    .option("--json", "print JSON")
    .action((email: string, o: { name?: string; json?: boolean }) =>
      withApp(async (app) => {
        const created = await createPartner(
          app.database.kysely,
          { clock: app.clock, secretBox: boxOf(app) },
          { email, ...(o.name === undefined ? {} : { name: o.name }) },
        );
        print(
          o.json === true,
          {
            partnerEmail: created.account.email,
            developerAPIkey: created.apiKey,
            applicationSecretCode: created.secret,
          },
          [
            `Partner ${created.account.email} created.`,
            `developerAPIkey (shown once, keep it safe): ${created.apiKey}`,
            `Application Secret Code (signs webhooks; shown once): ${created.secret}`,
          ],
        );
      }),
    );
}
