// The studio's money: a ledger of every balance change and the monthly invoices.
import type { Generated } from "kysely";

export type LedgerKind = "deposit" | "charge" | "adjustment";

export interface StudioLedgerTable {
  id: Generated<number>;
  contact_id: number;
  kind: LedgerKind;
  /** Signed minor units: deposits positive, charges negative. */
  amount: number;
  /** The balance after this entry. */
  balance_after: number;
  image_id: number | null;
  description: string;
  created_at: number;
}

export interface StudioInvoicesTable {
  id: Generated<number>;
  contact_id: number;
  /** `INV-<n>`; unique. */
  number: string;
  /** The month invoiced: [period_start, period_end) in epoch ms (UTC months). */
  period_start: number;
  period_end: number;
  currency: string;
  /** Sum of the month's charges (minor units). */
  amount: number;
  /** The part not covered by the balance when the month closed. */
  amount_due: number;
  /** JSON lines `[{description, quantity, amount}]` as rendered on the PDF. */
  lines: string;
  paid_at: number | null;
  created_at: number;
}

declare module "../../core/db/tables.js" {
  interface Tables {
    studio_ledger: StudioLedgerTable;
    studio_invoices: StudioInvoicesTable;
  }
}
