// The only file that imports pdf-lib: renders an invoice as a one-page PDF (standard Helvetica, no assets).
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from "pdf-lib";

export interface InvoiceDocument {
  number: string;
  /** `yyyy-MM-dd`. */
  date: string;
  /** e.g. `January 2026`. */
  period: string;
  billTo: string[];
  currency: string;
  lines: { description: string; quantity: number; amount: string }[];
  total: string;
  amountDue: string;
  paid: boolean;
  /** Payment terms, e.g. `Due within 15 days`. */
  terms: string;
}

// Standard fonts encode WinAnsi only: anything else (names in other scripts) is shown as "?".
function printable(s: string): string {
  return s.replace(/[^\x20-\x7e\xa0-\xff]/g, "?");
}

/** A PDF (bytes start with `%PDF-`) with the invoice's header, lines and totals. Lines past one page are cut. */
export async function renderInvoicePdf(doc: InvoiceDocument): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Invoice ${doc.number}`);
  pdf.setProducer("Pixl");
  pdf.setCreator("Pixl studio");
  const page = pdf.addPage([595.28, 841.89]); // A4
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const write = (p: PDFPage, text: string, x: number, y: number, font: PDFFont, size = 10): void => {
    p.drawText(printable(text), { x, y, size, font, color: rgb(0.1, 0.1, 0.1) });
  };
  const right = (text: string, xRight: number, y: number, font: PDFFont, size = 10): void => {
    write(page, text, xRight - font.widthOfTextAtSize(printable(text), size), y, font, size);
  };

  write(page, "Pixl studio", 50, 780, bold, 18);
  write(page, `Invoice ${doc.number}`, 50, 750, bold, 14);
  write(page, `Date: ${doc.date}`, 50, 730, regular);
  write(page, `Period: ${doc.period}`, 50, 716, regular);
  write(page, "Bill to:", 330, 750, bold);
  doc.billTo.slice(0, 5).forEach((line, i) => write(page, line, 330, 736 - i * 14, regular));

  let y = 650;
  write(page, "Description", 50, y, bold);
  right("Quantity", 420, y, bold);
  right(`Amount (${doc.currency})`, 545, y, bold);
  page.drawLine({ start: { x: 50, y: y - 6 }, end: { x: 545, y: y - 6 }, thickness: 0.5 });
  y -= 22;
  for (const line of doc.lines) {
    if (y < 140) break;
    write(page, line.description.slice(0, 60), 50, y, regular);
    right(String(line.quantity), 420, y, regular);
    right(line.amount, 545, y, regular);
    y -= 16;
  }
  page.drawLine({ start: { x: 300, y: y + 6 }, end: { x: 545, y: y + 6 }, thickness: 0.5 });
  y -= 10;
  write(page, "Total", 300, y, bold);
  right(`${doc.total} ${doc.currency}`, 545, y, bold);
  y -= 16;
  write(page, "Amount due", 300, y, regular);
  right(`${doc.amountDue} ${doc.currency}`, 545, y, regular);
  y -= 30;
  write(page, doc.paid ? "PAID - thank you." : doc.terms, 50, y, bold, 11);
  return pdf.save();
}
