// Orders: listing with items, detail, fulfilment, and manual/imported orders created by API.
import type { Clock } from "../../core/clock.js";
import { isUniqueViolation, type Database, type Executor } from "../../core/db/index.js";
import { AppError } from "../../core/errors/index.js";
import { findProduct } from "../catalog/product.repository.js";
import { createCustomer } from "../customers/customer.service.js";
import { findCustomer, findCustomerIdByEmail } from "../customers/customer.repository.js";
import type { Store } from "../stores/store.repository.js";
import { takeOrderSequence } from "../stores/store.repository.js";
import type { PublishEvent } from "../store-api.deps.js";
import type { DeliveryScheduler } from "../deliveries/delivery-scheduler.js";
import { findOrderDeliveries } from "../deliveries/order-deliveries.js";
import { parseMoney } from "../shared/money.js";
import { parseTimestamp } from "../shared/timestamps.js";
import { invalidField, invalidFields } from "../shared/validation.js";
import {
  batchFindOrderItems,
  findOrder,
  insertOrder,
  insertOrderItems,
  isOrderNumberTaken,
  listOrders,
  setItemsDelivered,
  updateOrderRow,
  type OrderListOptions,
  type OrderRecord,
} from "./order.repository.js";
import { findOrderRefunds } from "../refunds/refund.repository.js";
import {
  toOrderDetailJson,
  toOrderJson,
  type CreateOrderBody,
  type OrderDetailJson,
  type OrderJson,
} from "./order.schema.js";

export interface OrderServiceDeps {
  database: Database;
  clock: Clock;
  publish: PublishEvent;
  /** Queues in-game deliveries of orders created paid (not yet completed). Absent: nothing is queued. */
  deliveries?: DeliveryScheduler;
}

/** A page of orders with their items (one extra round trip for all items). */
export async function listOrderJson(
  db: Executor,
  storeId: number,
  options: OrderListOptions,
): Promise<{ data: OrderJson[]; total: number }> {
  const { rows, total } = await listOrders(db, storeId, options);
  const items = await batchFindOrderItems(
    db,
    rows.map((r) => r.id),
  );
  return { data: rows.map((r) => toOrderJson(r, items.get(r.id) ?? [])), total };
}

export async function getOrder(db: Executor, storeId: number, id: number): Promise<OrderRecord> {
  const o = await findOrder(db, storeId, id);
  if (!o) throw new AppError("not_found", "Order not found");
  return o;
}

/**
 * One order with its items, refunds and deliveries, as GET /orders/{id}, the write endpoints and the order.*
 * events all carry it (read in the caller's transaction, so a write shows the deliveries it just queued).
 */
export async function getOrderJson(db: Executor, storeId: number, id: number): Promise<OrderDetailJson> {
  const o = await getOrder(db, storeId, id);
  const items = (await batchFindOrderItems(db, [id])).get(id) ?? [];
  const refunds = await findOrderRefunds(db, id);
  return toOrderDetailJson(o, items, refunds, await findOrderDeliveries(db, storeId, id));
}

/**
 * Marks an order completed and its items delivered, keeping `note`. Fulfilling a completed order changes
 * nothing (so retries are safe); refunded and cancelled orders cannot be fulfilled (422).
 */
export async function fulfillOrder(
  deps: OrderServiceDeps,
  store: Store,
  id: number,
  note: string | null | undefined,
): Promise<OrderDetailJson> {
  return deps.database.kysely.transaction().execute(async (trx) => {
    const order = await getOrder(trx, store.id, id);
    if (order.status === "refunded" || order.status === "cancelled") {
      throw invalidField("status", `A ${order.status} order cannot be fulfilled.`);
    }
    if (order.status !== "completed") {
      const now = deps.clock.now();
      await updateOrderRow(trx, store.id, id, {
        status: "completed",
        completed_at: now,
        updated_at: now,
        ...(note == null ? {} : { note }),
      });
      await setItemsDelivered(trx, id);
    }
    return getOrderJson(trx, store.id, id);
  });
}

async function hasDeliveries(db: Executor, lines: { productId: number }[]): Promise<boolean> {
  const ids = lines.map((l) => l.productId);
  if (ids.length === 0) return false;
  const command = await db
    .selectFrom("store_product_commands")
    .select("id")
    .where("product_id", "in", ids)
    .where("kind", "=", "purchase")
    .executeTakeFirst();
  if (command) return true;
  const role = await db
    .selectFrom("store_discord_roles")
    .select("id")
    .where("product_id", "in", ids)
    .executeTakeFirst();
  return role !== undefined;
}

export function orderNumber(seq: number, at: number): string {
  return `ORD-${new Date(at).getUTCFullYear()}-${String(seq).padStart(3, "0")}`;
}

/**
 * Creates a manual or imported order: finds or creates the customer (publishing `customer.created`),
 * prices items from the catalogue unless given, decrements limited stock, and publishes `order.received`
 * when the order is paid — all in one transaction.
 */
export async function createOrder(
  deps: OrderServiceDeps,
  store: Store,
  body: CreateOrderBody,
): Promise<OrderDetailJson> {
  return deps.database.kysely.transaction().execute(async (trx) => {
    const errors: Record<string, string[]> = {};
    const money = (field: string, v: string | number | undefined): number => {
      if (v === undefined) return 0;
      const minor = parseMoney(v, store.currency);
      if (minor === undefined)
        errors[field] = [`The ${field.replace(/_/g, " ")} must be an amount in ${store.currency}.`];
      return minor ?? 0;
    };
    const now = deps.clock.now();
    let createdAt = now;
    if (body.created_at !== undefined) {
      const parsed = parseTimestamp(body.created_at);
      if (parsed === undefined || parsed > now)
        errors["created_at"] = ["The created at must be a past ISO-8601 date-time."];
      else createdAt = parsed;
    }
    if (body.customer_id === undefined && body.customer === undefined) {
      errors["customer"] = ["The customer field is required when customer id is not present."];
    }
    if (body.customer_id !== undefined && !(await findCustomer(trx, store.id, body.customer_id))) {
      errors["customer_id"] = ["The selected customer id is invalid."];
    }
    // Imported cancelled or refunded orders never held stock.
    const consumesStock = body.status !== "cancelled" && body.status !== "refunded";
    const lines: { productId: number; name: string; quantity: number; price: number }[] = [];
    for (const [i, item] of body.items.entries()) {
      const product = await findProduct(trx, store.id, item.product_id);
      if (!product) {
        errors[`items.${i}.product_id`] = [`The selected items.${i}.product id is invalid.`];
        continue;
      }
      const quantity = item.quantity ?? 1;
      if (consumesStock && product.stock !== null && product.stock < quantity) {
        errors[`items.${i}.quantity`] = [`Only ${product.stock} of ${product.name} left in stock.`];
      }
      const price = item.price === undefined ? product.price : money(`items.${i}.price`, item.price);
      lines.push({ productId: product.id, name: product.name, quantity, price });
    }
    const tax = money("tax", body.tax);
    const discount = money("discount", body.discount);
    const subtotal = lines.reduce((sum, l) => sum + l.price * l.quantity, 0);
    if (discount > subtotal + tax)
      errors["discount"] = ["The discount may not exceed the subtotal plus tax."];
    if (
      body.order_number !== undefined &&
      (await isOrderNumberTaken(trx, store.id, body.order_number.toUpperCase()))
    ) {
      errors["order_number"] = ["The order number has already been taken."];
    }
    if (Object.keys(errors).length > 0) throw invalidFields(errors);

    let customerId = body.customer_id;
    if (customerId === undefined && body.customer) {
      customerId =
        (await findCustomerIdByEmail(trx, store.id, body.customer.email)) ??
        (await createCustomer(trx, store, body.customer, deps)).id;
    }
    const status = body.status ?? "pending";
    const number =
      body.order_number?.toUpperCase() ?? orderNumber(await takeOrderSequence(trx, store.id), createdAt);
    const id = await insertOrder(trx, {
      store_id: store.id,
      order_number: number,
      customer_id: customerId ?? 0,
      status,
      payment_status: body.payment_status ?? "pending",
      subtotal,
      tax,
      discount,
      total: subtotal + tax - discount,
      // Imported refunded orders were refunded in full.
      refunded_amount: body.payment_status === "refunded" ? subtotal + tax - discount : 0,
      currency: store.currency,
      payment_method: body.payment_method ?? "manual",
      metadata: JSON.stringify(body.metadata ?? {}),
      note: null,
      created_at: createdAt,
      updated_at: now,
      completed_at: status === "completed" ? createdAt : null,
    }).catch((e: unknown) => {
      throw isUniqueViolation(e)
        ? invalidField("order_number", "The order number has already been taken.")
        : e;
    });
    await insertOrderItems(
      trx,
      lines.map((l) => ({
        order_id: id,
        product_id: l.productId,
        product_name: l.name,
        quantity: l.quantity,
        price: l.price,
        delivery_status: status === "completed" ? "delivered" : "pending",
      })),
    );
    for (const l of consumesStock ? lines : []) {
      await trx
        .updateTable("store_products")
        .set((eb) => ({ stock: eb("stock", "-", l.quantity) }))
        .where("id", "=", l.productId)
        .where("stock", "is not", null)
        .execute();
    }
    // Manual and imported orders keep the status given unless their products have something to deliver.
    const live = status === "pending" || status === "processing";
    if (body.payment_status === "paid" && live && deps.deliveries && (await hasDeliveries(trx, lines))) {
      await deps.deliveries.queueForOrder(trx, { storeId: store.id, orderId: id, kind: "purchase" });
    }
    const order = await getOrderJson(trx, store.id, id);
    if (order.payment_status === "paid") await deps.publish(trx, store.id, "order.received", order);
    return order;
  });
}
