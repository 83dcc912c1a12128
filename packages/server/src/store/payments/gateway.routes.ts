// Public payment routes: the sandbox's hosted payment page and the signed gateway-webhook endpoint.
import type { FastifyInstance } from "fastify";
import { AppError } from "../../core/errors/index.js";
import { Type } from "@sinclair/typebox";
import type { StoreRouteDeps } from "../store-api.deps.js";
import { formatMoney } from "../shared/money.js";
import { getStoreById } from "./order-payment.service.js";
import { ingestGatewayEvent } from "./gateway-events.service.js";
import { findPaymentByReference } from "./payment.repository.js";
import { SIGNATURE_HEADER } from "./gateway.js";
import { isLuhnValid } from "./sandbox-gateway.js";
import { normalizeCardNumber } from "./sandbox-cards.js";
import { PAGE_HEADERS, renderPayPage, renderResultPage } from "./sandbox-page.js";
import type { CheckoutRateLimitHook } from "../checkout/checkout-rate-limit.js";

/** Relative to the checkout prefix. */
export const SANDBOX_WEBHOOK_PATH = "/gateways/sandbox/webhook";
const MAX_EVENT_BYTES = 16 * 1024;
const MAX_FORM_BYTES = 2 * 1024;

const ReferenceParams = Type.Object(
  { reference: Type.String({ pattern: "^pay_sbx_[A-Za-z0-9_-]{24}$" }) },
  { "x-not-found": "Payment not found" },
);

/** Parses MM/YY or MM/YYYY; undefined when malformed. */
function parseExpiry(text: string): { month: number; year: number } | undefined {
  const m = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(text);
  if (!m) return undefined;
  const month = Number(m[1]);
  const year = m[2]?.length === 2 ? 2000 + Number(m[2]) : Number(m[2]);
  return month >= 1 && month <= 12 ? { month, year } : undefined;
}

/**
 * Registers the routes under the checkout prefix (`/api/checkout/v1`). The hosted pages are counted by `limit`
 * (card testing comes from somewhere); the webhook is the gateway's, verified by its signature.
 */
export function registerGatewayRoutes(
  app: FastifyInstance,
  deps: StoreRouteDeps,
  limit: CheckoutRateLimitHook,
): void {
  const db = deps.database.kysely;

  void app.register((scope, _opts, done) => {
    // The signature covers the exact bytes, so this scope keeps the body as text.
    scope.removeContentTypeParser("application/json");
    scope.addContentTypeParser(
      "application/json",
      { parseAs: "string", bodyLimit: MAX_EVENT_BYTES },
      (_r, body, d) => d(null, body),
    );
    scope.post(SANDBOX_WEBHOOK_PATH, { bodyLimit: MAX_EVENT_BYTES }, async (request) => {
      const raw = typeof request.body === "string" ? request.body : "";
      const event = deps.sandbox.verifyWebhook(request.headers, raw, deps.clock.now());
      const result = await ingestGatewayEvent(deps, deps.sandbox.name, event);
      return { received: true, result };
    });
    done();
  });

  void app.register((scope, _opts, done) => {
    scope.addHook("onRequest", limit);
    scope.addContentTypeParser(
      "application/x-www-form-urlencoded",
      { parseAs: "string", bodyLimit: MAX_FORM_BYTES },
      (_r, body, d) => d(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    async function load(reference: string) {
      const payment = await findPaymentByReference(db, deps.sandbox.name, reference);
      if (!payment) throw new AppError("not_found", "Payment not found");
      const store = await getStoreById(db, payment.store_id);
      const order = await db
        .selectFrom("store_orders")
        .select("order_number")
        .where("id", "=", payment.order_id)
        .executeTakeFirstOrThrow();
      const page = {
        storeName: store.name,
        orderNumber: order.order_number,
        amount: formatMoney(payment.amount, payment.currency),
        currency: payment.currency,
      };
      return { payment, page };
    }
    const finished = (status: string) =>
      status === "succeeded"
        ? renderResultPage("Payment received", "Thank you! Your order is on its way.")
        : status === "authorized"
          ? renderResultPage("Payment authorised", "The store will capture the payment shortly.")
          : renderResultPage(
              "Payment closed",
              "This payment can no longer be paid. Return to the store to try again.",
            );

    scope.get<{ Params: { reference: string } }>(
      "/sandbox/pay/:reference",
      { schema: { params: ReferenceParams } },
      async (request, reply) => {
        const { payment, page } = await load(request.params.reference);
        const html = payment.status === "requires_payment" ? renderPayPage(page) : finished(payment.status);
        return reply.headers(PAGE_HEADERS).send(html);
      },
    );

    scope.post<{ Params: { reference: string }; Body: Record<string, string> | undefined }>(
      "/sandbox/pay/:reference",
      { schema: { params: ReferenceParams }, bodyLimit: MAX_FORM_BYTES },
      async (request, reply) => {
        const { payment, page } = await load(request.params.reference);
        if (payment.status !== "requires_payment")
          return reply.headers(PAGE_HEADERS).send(finished(payment.status));
        const form: Record<string, unknown> = request.body ?? {};
        const field = (k: string, max: number) => {
          const v = form[k];
          return typeof v === "string" ? v.slice(0, max) : "";
        };
        const number = normalizeCardNumber(field("card_number", 32));
        const expiry = parseExpiry(field("exp", 16));
        const cvc = field("cvc", 8);
        const now = new Date(deps.clock.now());
        let error: string | undefined;
        if (!isLuhnValid(number)) error = "The card number is not valid.";
        else if (!expiry) error = "The expiry must be MM/YY.";
        else if (expiry.year * 12 + expiry.month < now.getUTCFullYear() * 12 + now.getUTCMonth() + 1)
          error = "The card has expired.";
        else if (!/^\d{3,4}$/.test(cvc)) error = "The CVC must be 3 or 4 digits.";
        if (error !== undefined || !expiry)
          return reply
            .status(422)
            .headers(PAGE_HEADERS)
            .send(renderPayPage({ ...page, error: error ?? "" }));
        const result = await deps.sandbox.submitCard(payment.reference, payment.amount, {
          number,
          expMonth: expiry.month,
          expYear: expiry.year,
          cvc,
        });
        if (result.outcome === "failed")
          return reply
            .status(402)
            .headers(PAGE_HEADERS)
            .send(renderResultPage("Payment declined", result.message));
        return reply
          .headers(PAGE_HEADERS)
          .send(finished(result.outcome === "authorized" ? "authorized" : "succeeded"));
      },
    );
    done();
  });
}

/** The header gateways sign with (re-exported for tests and other gateways' adapters). */
export { SIGNATURE_HEADER };
