// Reads and writes of studio invoices, always scoped to their contact.
import type { Selectable } from "kysely";
import type { Executor } from "../../core/db/index.js";
import type { StudioInvoicesTable } from "./billing.tables.js";

export interface InvoiceLine {
  description: string;
  quantity: number;
  /** Minor units. */
  amount: number;
}

export interface InvoiceRow {
  id: number;
  contactId: number;
  number: string;
  periodStart: number;
  periodEnd: number;
  currency: string;
  amount: number;
  amountDue: number;
  lines: InvoiceLine[];
  paidAt: number | null;
  createdAt: number;
}

function toInvoice(row: Selectable<StudioInvoicesTable>): InvoiceRow {
  return {
    id: row.id,
    contactId: row.contact_id,
    number: row.number,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    currency: row.currency,
    amount: row.amount,
    amountDue: row.amount_due,
    lines: JSON.parse(row.lines) as InvoiceLine[],
    paidAt: row.paid_at,
    createdAt: row.created_at,
  };
}

export async function insertInvoice(db: Executor, i: Omit<InvoiceRow, "id">): Promise<InvoiceRow> {
  const row = await db
    .insertInto("studio_invoices")
    .values({
      contact_id: i.contactId,
      number: i.number,
      period_start: i.periodStart,
      period_end: i.periodEnd,
      currency: i.currency,
      amount: i.amount,
      amount_due: i.amountDue,
      lines: JSON.stringify(i.lines),
      paid_at: i.paidAt,
      created_at: i.createdAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toInvoice(row);
}

export async function findInvoiceByNumber(db: Executor, number: string): Promise<InvoiceRow | undefined> {
  const row = await db
    .selectFrom("studio_invoices")
    .selectAll()
    .where("number", "=", number)
    .executeTakeFirst();
  return row && toInvoice(row);
}

export interface ListInvoicesOptions {
  from?: number;
  to?: number;
  offset: number;
  limit: number;
}

/** Newest first. */
export async function listInvoices(
  db: Executor,
  contactId: number,
  o: ListInvoicesOptions,
): Promise<InvoiceRow[]> {
  let q = db.selectFrom("studio_invoices").selectAll().where("contact_id", "=", contactId);
  if (o.from !== undefined) q = q.where("created_at", ">=", o.from);
  if (o.to !== undefined) q = q.where("created_at", "<=", o.to);
  const rows = await q
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .offset(o.offset)
    .limit(o.limit)
    .execute();
  return rows.map(toInvoice);
}
