// Store API operations on payments: mark paid by hand, capture, cancel unpaid; tax settings.
import type { Executor } from "../../core/db/index.js";
import type { Store } from "../stores/store.repository.js";
import type { StoreRouteDeps } from "../store-api.deps.js";
import { formatDecimal, parseDecimal } from "../shared/money.js";
import { invalidField } from "../shared/validation.js";
import type { OrderDetailJson } from "../orders/order.schema.js";
import { getOrder, getOrderJson } from "../orders/order.service.js";
import { findTaxTerms, saveTaxTerms } from "../checkout/basket.repository.js";
import type { CheckoutSettingsJson, UpdateCheckoutSettingsBody } from "../checkout/basket.schema.js";
import { markOrderCancelled, markOrderPaid } from "./order-payment.service.js";
import { findOrderPayment, tryMovePayment } from "./payment.repository.js";

/**
 * Marks a pending order paid outside any gateway (`payment_method: manual`): the same transition as a
 * gateway's `payment.succeeded` (deliveries, `order.received`). An open gateway payment is cancelled first.
 * A paid order is returned unchanged; cancelled and refunded orders are 422.
 */
export async function markOrderPaidByHand(
  deps: StoreRouteDeps,
  store: Store,
  id: number,
): Promise<OrderDetailJson> {
  return deps.database.kysely.transaction().execute(async (trx) => {
    const order = await getOrder(trx, store.id, id);
    if (order.payment_status === "paid") return getOrderJson(trx, store.id, id);
    if (order.status !== "pending")
      throw invalidField("status", `A ${order.status} order cannot be marked paid.`);
    const payment = await findOrderPayment(trx, store.id, id);
    if (
      payment &&
      (await tryMovePayment(
        trx,
        payment.id,
        ["requires_payment", "authorized"],
        "canceled",
        {},
        deps.clock.now(),
      ))
    ) {
      await deps.gateway.cancel(payment.reference);
    }
    const paid = await markOrderPaid(trx, deps, {
      storeId: store.id,
      orderId: id,
      paymentMethod: "manual",
      gateway: "manual",
      savedMethod: null,
    });
    return paid ?? getOrderJson(trx, store.id, id);
  });
}

/**
 * Captures the order's authorised payment. The gateway confirms with `payment.succeeded` through its
 * webhook (the sandbox at once), which marks the order paid. 422 unless a payment is authorised.
 */
export async function captureOrderPayment(
  deps: StoreRouteDeps,
  store: Store,
  id: number,
): Promise<OrderDetailJson> {
  const db = deps.database.kysely;
  await getOrder(db, store.id, id);
  const payment = await findOrderPayment(db, store.id, id);
  if (!payment || payment.status !== "authorized")
    throw invalidField("payment", "The order has no authorised payment to capture.");
  // Outside a transaction: the gateway's event arrives through the webhook, which opens its own.
  await deps.gateway.capture(payment.reference);
  return getOrderJson(db, store.id, id);
}

/** Cancels an unpaid order: its payment is cancelled at the gateway and everything it held is released. */
export async function cancelOrder(deps: StoreRouteDeps, store: Store, id: number): Promise<OrderDetailJson> {
  return deps.database.kysely.transaction().execute(async (trx) => {
    const order = await getOrder(trx, store.id, id);
    if (order.status === "cancelled") return getOrderJson(trx, store.id, id);
    if (order.status !== "pending" || order.payment_status === "paid")
      throw invalidField(
        "status",
        "Only unpaid pending orders can be cancelled; refund paid orders instead.",
      );
    const payment = await findOrderPayment(trx, store.id, id);
    if (
      payment &&
      (await tryMovePayment(
        trx,
        payment.id,
        ["requires_payment", "authorized"],
        "canceled",
        {},
        deps.clock.now(),
      ))
    ) {
      await deps.gateway.cancel(payment.reference);
    }
    await markOrderCancelled(trx, deps, { storeId: store.id, orderId: id });
    return getOrderJson(trx, store.id, id);
  });
}

export async function getCheckoutSettings(db: Executor, storeId: number): Promise<CheckoutSettingsJson> {
  const t = await findTaxTerms(db, storeId);
  return { tax_rate: formatDecimal(t.rate, 2), tax_inclusive: t.inclusive };
}

export async function updateCheckoutSettings(
  deps: Pick<StoreRouteDeps, "database" | "clock">,
  storeId: number,
  body: UpdateCheckoutSettingsBody,
): Promise<CheckoutSettingsJson> {
  return deps.database.kysely.transaction().execute(async (trx) => {
    const current = await findTaxTerms(trx, storeId);
    let rate = current.rate;
    if (body.tax_rate !== undefined) {
      const parsed = parseDecimal(body.tax_rate, 2);
      if (parsed === undefined || parsed > 10_000)
        throw invalidField(
          "tax_rate",
          "The tax rate must be a percentage between 0 and 100 with at most two decimals.",
        );
      rate = parsed;
    }
    await saveTaxTerms(
      trx,
      storeId,
      { rate, inclusive: body.tax_inclusive ?? current.inclusive },
      deps.clock.now(),
    );
    return getCheckoutSettings(trx, storeId);
  });
}
