// Monthly invoices: closing each finished month into one invoice per contact, listing them, their PDF.
import type { Database } from "../../core/db/index.js";
import { isUniqueViolation } from "../../core/db/index.js";
import { findContactById } from "../contacts/contact.repository.js";
import { formatDate, monthStart } from "../studio-dates.js";
import { formatAmount } from "./currencies.js";
import { renderInvoicePdf } from "./invoice-pdf.js";
import { insertInvoice, type InvoiceLine, type InvoiceRow } from "./invoice.repository.js";

/** `INV-202601-7`: the month and the contact, so closing a month twice can never invoice it twice. */
export function invoiceNumber(periodStart: number, contactId: number): string {
  return `INV-${formatDate(periodStart).slice(0, 7).replace("-", "")}-${contactId}`;
}

interface ChargedImage {
  id: number;
  contact_id: number;
  charged_at: number;
  price: number;
  is_paid: number;
  template_name: string;
}

/**
 * Invoices every charged, not yet invoiced image of a month that has ended (`now` is past it): one invoice
 * per contact and month, dated the month's last day. The amount due is what the balance did not cover
 * (images charged while the balance was below zero); an invoice with nothing due is paid at once.
 * Returns the invoices created. Safe to run concurrently and repeatedly.
 */
export async function closeFinishedMonths(database: Database, now: number): Promise<InvoiceRow[]> {
  const db = database.kysely;
  const before = monthStart(now);
  const charged: ChargedImage[] = await db
    .selectFrom("studio_images as i")
    .innerJoin("studio_templates as t", "t.id", "i.template_id")
    .select(["i.id", "i.contact_id", "i.charged_at", "i.price", "i.is_paid", "t.name as template_name"])
    .where("i.charged_at", "is not", null)
    .where("i.charged_at", "<", before)
    .where("i.invoice_id", "is", null)
    .where("i.is_trial", "=", 0)
    .where("i.price", ">", 0)
    .orderBy("i.id")
    .$narrowType<{ charged_at: number }>()
    .execute();
  const groups = new Map<string, ChargedImage[]>();
  for (const image of charged) {
    const key = `${image.contact_id}:${monthStart(image.charged_at)}`;
    groups.set(key, [...(groups.get(key) ?? []), image]);
  }
  const created: InvoiceRow[] = [];
  for (const images of groups.values()) {
    const first = images[0];
    if (first === undefined) continue;
    const periodStart = monthStart(first.charged_at);
    const periodEnd = monthStart(first.charged_at, 1);
    const contact = await findContactById(db, first.contact_id);
    if (contact === undefined) continue;
    const lines = new Map<string, InvoiceLine>();
    for (const image of images) {
      const description = `${image.template_name} at ${formatAmount(image.price)}`;
      const line = lines.get(description) ?? { description, quantity: 0, amount: 0 };
      line.quantity += 1;
      line.amount += image.price;
      lines.set(description, line);
    }
    const amount = images.reduce((n, i) => n + i.price, 0);
    const amountDue = images.filter((i) => i.is_paid === 0).reduce((n, i) => n + i.price, 0);
    const createdAt = periodEnd - 1;
    try {
      const invoice = await db.transaction().execute(async (trx) => {
        const row = await insertInvoice(trx, {
          contactId: contact.id,
          number: invoiceNumber(periodStart, contact.id),
          periodStart,
          periodEnd,
          currency: contact.currency,
          amount,
          amountDue,
          lines: [...lines.values()],
          paidAt: amountDue === 0 ? createdAt : null,
          createdAt,
        });
        await trx
          .updateTable("studio_images")
          .set({ invoice_id: row.id })
          .where(
            "id",
            "in",
            images.map((i) => i.id),
          )
          .execute();
        return row;
      });
      created.push(invoice);
    } catch (e) {
      if (!isUniqueViolation(e)) throw e; // another worker closed this month for this contact first
    }
  }
  return created;
}

/** The invoice as a PDF. */
export async function createInvoicePdf(database: Database, invoice: InvoiceRow): Promise<Uint8Array> {
  const contact = await findContactById(database.kysely, invoice.contactId);
  const month = new Date(invoice.periodStart).toLocaleString("en-US", {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
  return renderInvoicePdf({
    number: invoice.number,
    date: formatDate(invoice.createdAt),
    period: month,
    billTo: [contact?.company ?? "", contact?.name ?? "", contact?.email ?? ""].filter((l) => l !== ""),
    currency: invoice.currency,
    lines: invoice.lines.map((l) => ({
      description: l.description,
      quantity: l.quantity,
      amount: formatAmount(l.amount),
    })),
    total: formatAmount(invoice.amount),
    amountDue: formatAmount(invoice.paidAt === null ? invoice.amountDue : 0),
    paid: invoice.paidAt !== null,
    terms: `Due within ${contact?.creditDays ?? 0} days of the invoice date.`,
  });
}
