// Serves the studio's signed links: final images and thumbnails, invoice PDFs and payment pages.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../core/errors/index.js";
import { formatAmount } from "./billing/currencies.js";
import { findInvoiceByNumber } from "./billing/invoice.repository.js";
import { createInvoicePdf } from "./billing/invoice.service.js";
import { recordFinalDownload } from "./images/delivery.js";
import { formatDate } from "./studio-dates.js";
import type { StudioDeps } from "./studio.deps.js";
import { STUDIO_FILES_PREFIX, STUDIO_INVOICES_PREFIX, STUDIO_PAYMENTS_PREFIX } from "./studio-links.js";

type LinkRequest = FastifyRequest<{ Params: Record<string, string>; Querystring: Record<string, unknown> }>;

// Customer files on Pixl's origin: never let a browser run them as a page.
const SAFE_HEADERS = {
  "x-content-type-options": "nosniff",
  "content-security-policy": "default-src 'none'; sandbox",
  "cache-control": "private, max-age=3600",
};

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function serveFile(deps: StudioDeps, request: LinkRequest, reply: FastifyReply): Promise<FastifyReply> {
  const key = request.params["*"] ?? "";
  deps.links.verifyFile(key, request.query);
  const { info, body } = await deps.blobs.get(key);
  if (request.method === "GET" && key.includes("/final/")) await recordFinalDownload(deps, key);
  const name = key.split("/").pop() ?? "image";
  void reply
    .headers(SAFE_HEADERS)
    .type(info.contentType)
    .header("content-length", info.size)
    .header("content-disposition", `inline; filename="${name}"`);
  if (request.method === "HEAD") {
    body.destroy();
    return reply.send();
  }
  return reply.send(body);
}

async function invoiceOf(deps: StudioDeps, number: string) {
  const invoice = await findInvoiceByNumber(deps.database.kysely, number);
  if (invoice === undefined) throw new AppError("not_found", "Invoice not found");
  return invoice;
}

/** Registers GET/HEAD `/studio/files/*`, GET `/studio/invoices/:file` and GET `/studio/pay/:number`. */
export function registerStudioLinkRoutes(app: FastifyInstance, deps: StudioDeps): void {
  app.route({
    method: ["GET", "HEAD"],
    url: `${STUDIO_FILES_PREFIX}*`,
    exposeHeadRoute: false,
    handler: (request: LinkRequest, reply) => serveFile(deps, request, reply),
  });

  app.get(`${STUDIO_INVOICES_PREFIX}:file`, async (request: LinkRequest, reply) => {
    const file = request.params["file"] ?? "";
    const number = file.replace(/\.pdf$/, "");
    deps.links.verifyInvoice(number, request.query);
    const pdf = await createInvoicePdf(deps.database, await invoiceOf(deps, number));
    return reply
      .headers(SAFE_HEADERS)
      .type("application/pdf")
      .header("content-disposition", `inline; filename="${number}.pdf"`)
      .send(Buffer.from(pdf));
  });

  app.get(`${STUDIO_PAYMENTS_PREFIX}:number`, async (request: LinkRequest, reply) => {
    const number = request.params["number"] ?? "";
    deps.links.verifyPayment(number, request.query);
    const invoice = await invoiceOf(deps, number);
    const raw = request.query["returnUrl"];
    const back = typeof raw === "string" && /^https?:\/\//i.test(raw) ? raw : undefined;
    const due = invoice.paidAt === null ? invoice.amountDue : 0;
    const html = `<!doctype html><html><head><meta charset="utf-8"><title>Invoice ${escapeHtml(number)}</title></head><body>
<h1>Invoice ${escapeHtml(number)}</h1>
<p>Date: ${formatDate(invoice.createdAt)}. Total: ${formatAmount(invoice.amount)} ${escapeHtml(invoice.currency)}.</p>
<p>${due === 0 ? "This invoice is paid. Thank you." : `Amount due: <strong>${formatAmount(due)} ${escapeHtml(invoice.currency)}</strong>. Pay by bank transfer quoting ${escapeHtml(number)}; the studio records your payment and this invoice shows as paid.`}</p>
<p><a href="${escapeHtml(deps.links.invoice(number))}">Download the invoice (PDF)</a></p>
${back ? `<p><a href="${escapeHtml(back)}">Back</a></p>` : ""}
</body></html>`;
    return reply
      .headers({ ...SAFE_HEADERS, "content-security-policy": "default-src 'none'" })
      .type("text/html; charset=utf-8")
      .send(html);
  });
}
