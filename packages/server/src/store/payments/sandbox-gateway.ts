// The built-in sandbox gateway: a hosted card page served by Pixl, test cards, signed events to the webhook.
import { randomBytes } from "node:crypto";
import { AppError } from "../../core/errors/index.js";
import { assertGatewaySignature, signGatewayBody, SIGNATURE_HEADER } from "./gateway.js";
import type { ChargeResult, GatewayEvent, PaymentGateway } from "./gateway.js";
import { isLuhnValid, normalizeCardNumber, TEST_CARDS, type CardBehaviour } from "./sandbox-cards.js";

/** Sends a signed event body to the gateway-webhook endpoint (in the app: an in-process request to it). */
export type SandboxDelivery = (body: string, signature: string) => Promise<void>;

export interface SandboxGatewayOptions {
  /** Signs the events; the webhook endpoint verifies with the same secret. */
  secret: string;
  /** Base of the hosted payment page URLs, e.g. `https://pay.example.com`. */
  publicUrl: string;
  now: () => number;
}

export interface SandboxGateway extends PaymentGateway {
  /** Where events go; set once by the routes that serve the webhook. */
  setDelivery(delivery: SandboxDelivery): void;
  /**
   * Pays payment `reference` of `amount` with the card the buyer typed: emits the events the card causes
   * (through the delivery, so they pass the webhook endpoint like any gateway's) and says what happened.
   */
  submitCard(
    reference: string,
    amount: number,
    card: { number: string; expMonth: number; expYear: number; cvc: string },
  ): Promise<{ outcome: "succeeded" | "authorized" | "failed"; message: string }>;
  /** Emits an event as if the gateway sent it (tests and the dispute flow). */
  emit(event: GatewayEvent): Promise<void>;
}

/** The hosted page of a payment, relative to the public URL. */
export const SANDBOX_PAGE_PATH = "/api/checkout/v1/sandbox/pay";

const id = (prefix: string) => `${prefix}_${randomBytes(18).toString("base64url")}`;

const DECLINES: Partial<Record<CardBehaviour | "unknown", { code: string; message: string }>> = {
  decline: { code: "card_declined", message: "Your card was declined." },
  insufficient_funds: { code: "insufficient_funds", message: "Your card has insufficient funds." },
  unknown: { code: "incorrect_number", message: "Your card number is incorrect." },
};

/** The wire form of an event (what the webhook endpoint receives). */
export function encodeSandboxEvent(e: GatewayEvent, createdMs: number): string {
  const { id: eventId, type, ...data } = e;
  return JSON.stringify({ id: eventId, type, created: Math.floor(createdMs / 1000), data });
}

const str = (v: unknown, max = 200): string | undefined =>
  typeof v === "string" && v.length > 0 && v.length <= max ? v : undefined;

/** Parses an event body; undefined when it is not a well-formed sandbox event. */
export function decodeSandboxEvent(body: string): GatewayEvent | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null) return undefined;
  const o = parsed as Record<string, unknown>;
  const data = (typeof o["data"] === "object" && o["data"] !== null ? o["data"] : {}) as Record<
    string,
    unknown
  >;
  const eventId = str(o["id"]);
  const payment = str(data["payment"]);
  if (eventId === undefined || payment === undefined) return undefined;
  const optional = (k: string) => {
    const v = str(data[k]);
    return v === undefined ? {} : { [k]: v };
  };
  switch (o["type"]) {
    case "payment.succeeded":
    case "payment.authorized":
      return {
        id: eventId,
        type: o["type"],
        payment,
        ...optional("cardLast4"),
        ...optional("paymentMethod"),
      };
    case "payment.failed": {
      const code = str(data["code"]);
      const message = str(data["message"], 500);
      if (code === undefined || message === undefined) return undefined;
      return { id: eventId, type: "payment.failed", payment, code, message, ...optional("cardLast4") };
    }
    case "dispute.created": {
      const dispute = str(data["dispute"]);
      const amount = data["amount"];
      const reason = str(data["reason"]) ?? "general";
      if (dispute === undefined || !Number.isSafeInteger(amount) || (amount as number) <= 0) return undefined;
      return { id: eventId, type: "dispute.created", payment, dispute, amount: amount as number, reason };
    }
    case "dispute.resolved": {
      const dispute = str(data["dispute"]);
      const outcome = data["outcome"];
      if (dispute === undefined || (outcome !== "won" && outcome !== "lost")) return undefined;
      return { id: eventId, type: "dispute.resolved", payment, dispute, outcome };
    }
    default:
      return undefined;
  }
}

export function createSandboxGateway(options: SandboxGatewayOptions): SandboxGateway {
  let delivery: SandboxDelivery | undefined;
  async function emit(event: GatewayEvent): Promise<void> {
    if (!delivery) throw new Error("sandbox gateway: no webhook delivery attached");
    const body = encodeSandboxEvent(event, options.now());
    await delivery(body, signGatewayBody(options.secret, body, options.now()));
  }
  /** Saved methods carry the card's behaviour, so renewals need no gateway-side state. */
  const methodFor = (number: string) => `pm_sbx_${number.slice(-4)}_${randomBytes(9).toString("base64url")}`;
  return {
    name: "sandbox",
    setDelivery(d) {
      delivery = d;
    },
    emit,
    createPayment() {
      const reference = id("pay_sbx");
      return Promise.resolve({
        reference,
        redirectUrl: `${options.publicUrl.replace(/\/$/, "")}${SANDBOX_PAGE_PATH}/${reference}`,
      });
    },
    chargeSaved({ paymentMethod }): Promise<ChargeResult> {
      const reference = id("pay_sbx");
      // The "renewals fail" card succeeds once (at checkout) and declines every later charge.
      if (!paymentMethod.startsWith("pm_sbx_") || paymentMethod.startsWith("pm_sbx_0341_")) {
        return Promise.resolve({
          status: "failed",
          reference,
          code: "card_declined",
          message: "Your card was declined.",
        });
      }
      return Promise.resolve({ status: "succeeded", reference });
    },
    async capture(reference) {
      await emit({ id: id("evt"), type: "payment.succeeded", payment: reference });
    },
    refund: () => Promise.resolve(),
    cancel: () => Promise.resolve(),
    verifyWebhook(headers, rawBody, now) {
      assertGatewaySignature(options.secret, headers[SIGNATURE_HEADER], rawBody, now);
      const event = decodeSandboxEvent(rawBody);
      if (!event) throw new AppError("bad_request", "Malformed gateway event");
      return event;
    },
    async submitCard(reference, amount, card) {
      const number = normalizeCardNumber(card.number);
      const last4 = number.slice(-4);
      const behaviour: CardBehaviour | "unknown" = TEST_CARDS[number] ?? "unknown";
      const decline = DECLINES[behaviour];
      if (decline) {
        await emit({
          id: id("evt"),
          type: "payment.failed",
          payment: reference,
          cardLast4: last4,
          ...decline,
        });
        return { outcome: "failed", message: decline.message };
      }
      const paymentMethod = methodFor(number);
      if (behaviour === "authorize_only") {
        await emit({
          id: id("evt"),
          type: "payment.authorized",
          payment: reference,
          cardLast4: last4,
          paymentMethod,
        });
        return { outcome: "authorized", message: "Payment authorised; the store captures it later." };
      }
      await emit({
        id: id("evt"),
        type: "payment.succeeded",
        payment: reference,
        cardLast4: last4,
        paymentMethod,
      });
      if (behaviour === "dispute" && amount > 0) {
        await emit({
          id: id("evt"),
          type: "dispute.created",
          payment: reference,
          dispute: id("dp_sbx"),
          amount,
          reason: "fraudulent",
        });
      }
      return { outcome: "succeeded", message: "Payment received. Thank you!" };
    },
  };
}

export { isLuhnValid };
