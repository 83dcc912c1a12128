// The payment gateway port: what checkout, refunds and renewals ask of a gateway, and the events it sends back.
import { createHmac, timingSafeEqual } from "node:crypto";
import { AppError } from "../../core/errors/index.js";

/** What a gateway reports, normalised. Every event has an id unique within its gateway (deduplicated). */
export type GatewayEvent =
  | { id: string; type: "payment.succeeded"; payment: string; cardLast4?: string; paymentMethod?: string }
  | { id: string; type: "payment.authorized"; payment: string; cardLast4?: string; paymentMethod?: string }
  | { id: string; type: "payment.failed"; payment: string; code: string; message: string; cardLast4?: string }
  | { id: string; type: "dispute.created"; payment: string; dispute: string; amount: number; reason: string }
  | { id: string; type: "dispute.resolved"; payment: string; dispute: string; outcome: "won" | "lost" };

export type GatewayEventType = GatewayEvent["type"];

export interface CreatePaymentInput {
  amount: number;
  currency: string;
  /** Shown on the hosted payment page. */
  description: string;
}

/** The outcome of charging a saved payment method (renewals): known at once, no buyer present. */
export type ChargeResult =
  | { status: "succeeded"; reference: string }
  | { status: "failed"; reference: string; code: string; message: string };

export interface PaymentGateway {
  readonly name: string;
  /** Starts collecting `amount`: the gateway's unguessable reference and the page to send the buyer to. */
  createPayment(input: CreatePaymentInput): Promise<{ reference: string; redirectUrl: string }>;
  /** Charges a payment method saved by an earlier payment (subscription renewals). */
  chargeSaved(input: { paymentMethod: string; amount: number; currency: string }): Promise<ChargeResult>;
  /** Captures an authorised payment; the gateway confirms with a `payment.succeeded` event. */
  capture(reference: string): Promise<void>;
  /** Returns `amount` of a captured payment to the buyer (synchronous: throws when the gateway refuses). */
  refund(reference: string, amount: number): Promise<void>;
  /** Cancels a payment that was never captured (nothing is charged). */
  cancel(reference: string): Promise<void>;
  /**
   * Checks a webhook delivery (signature over the raw body, timestamp tolerance) and parses its event.
   * Throws an AppError `bad_request` for anything unsigned, stale, forged or malformed.
   */
  verifyWebhook(
    headers: Record<string, string | string[] | undefined>,
    rawBody: string,
    now: number,
  ): GatewayEvent;
}

/** The signature header of Pixl's own gateways: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "t.body")>`. */
export const SIGNATURE_HEADER = "pixl-gateway-signature";

/** Deliveries signed longer ago (or further ahead) than this are refused: a captured one cannot be replayed later. */
export const SIGNATURE_TOLERANCE_MS = 5 * 60_000;

function hmac(secret: string, timestamp: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
}

/** The header value signing `body` at `nowMs`. */
export function signGatewayBody(secret: string, body: string, nowMs: number): string {
  const t = Math.floor(nowMs / 1000);
  return `t=${t},v1=${hmac(secret, t, body)}`;
}

const refused = (why: string) => new AppError("bad_request", `Invalid gateway signature: ${why}`);

/** Throws `bad_request` unless `header` signs `body` with `secret` within the tolerance of `nowMs`. */
export function assertGatewaySignature(
  secret: string,
  header: string | string[] | undefined,
  body: string,
  nowMs: number,
): void {
  if (typeof header !== "string" || header.length > 512) throw refused("missing");
  const parts = new Map(
    header.split(",").map((p) => {
      const i = p.indexOf("=");
      return [p.slice(0, i).trim(), p.slice(i + 1).trim()] as const;
    }),
  );
  const t = Number(parts.get("t"));
  const v1 = parts.get("v1") ?? "";
  if (!Number.isSafeInteger(t) || !/^[0-9a-f]{64}$/.test(v1)) throw refused("malformed");
  if (Math.abs(nowMs - t * 1000) > SIGNATURE_TOLERANCE_MS) throw refused("timestamp outside the tolerance");
  const expected = Buffer.from(hmac(secret, t, body), "hex");
  if (!timingSafeEqual(expected, Buffer.from(v1, "hex"))) throw refused("mismatch");
}
