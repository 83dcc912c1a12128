// Signed links the studio hands out: final images and thumbnails, invoice PDFs and payment pages.
import { hkdfSync } from "node:crypto";
import type { Clock } from "../core/clock.js";
import { createUrlSigner, type UrlSigner } from "../core/blobs/signed-url.js";

/** Where each kind of link is served (see studio.routes.ts). */
export const STUDIO_FILES_PREFIX = "/studio/files/";
export const STUDIO_INVOICES_PREFIX = "/studio/invoices/";
export const STUDIO_PAYMENTS_PREFIX = "/studio/pay/";

const HOUR_S = 3600;
/** Files and invoices stay downloadable this long after the response that named them. */
const LINK_LIFETIME_S = 7 * 24 * HOUR_S;

export interface StudioLinksOptions {
  publicUrl: string;
  /** The server's secret key; links are signed with a key derived from it for this purpose only. */
  serverKey: Buffer;
  clock: Clock;
}

export interface StudioLinks {
  /** A GET link to a stored file (`key` is a blob key). */
  file(key: string): string;
  /** A GET link to an invoice's PDF. */
  invoice(invoiceNumber: string): string;
  /** A link to an invoice's payment page; `returnUrl` rides along unsigned. */
  payment(invoiceNumber: string, returnUrl?: string): string;
  /** Throws `signed_url_invalid` / `signed_url_expired` unless the query signs a GET of `key`. */
  verifyFile(key: string, query: Record<string, unknown>): void;
  verifyInvoice(invoiceNumber: string, query: Record<string, unknown>): void;
  verifyPayment(invoiceNumber: string, query: Record<string, unknown>): void;
}

/**
 * Builds the links on core/blobs' URL signer (HMAC over method, key and expiry), one signer per path so a
 * link of one kind never opens another. Expiry is rounded up to the hour, so every response within an
 * hour names the same URL (cacheable, and stable in tests).
 */
export function createStudioLinks(options: StudioLinksOptions): StudioLinks {
  const signingKey = Buffer.from(
    hkdfSync("sha256", options.serverKey, Buffer.alloc(0), "pixl/studio-links", 32),
  );
  const signer = (pathPrefix: string): UrlSigner =>
    createUrlSigner({ publicUrl: options.publicUrl, signingKey, clock: options.clock, pathPrefix });
  const files = signer(STUDIO_FILES_PREFIX);
  const invoices = signer(STUDIO_INVOICES_PREFIX);
  const payments = signer(STUDIO_PAYMENTS_PREFIX);
  const expires = (): number =>
    Math.ceil((Math.floor(options.clock.now() / 1000) + LINK_LIFETIME_S) / HOUR_S) * HOUR_S;
  return {
    file: (key) => files.sign({ method: "GET", key, expires: expires() }),
    invoice: (n) => invoices.sign({ method: "GET", key: `${n}.pdf`, expires: expires() }),
    payment(n, returnUrl) {
      const url = payments.sign({ method: "GET", key: n, expires: expires() });
      return returnUrl ? `${url}&returnUrl=${encodeURIComponent(returnUrl)}` : url;
    },
    verifyFile: (key, query) => void files.verify("GET", key, query),
    verifyInvoice: (n, query) => void invoices.verify("GET", `${n}.pdf`, query),
    verifyPayment: (n, query) => void payments.verify("GET", n, query),
  };
}
