// The Store API's migrations, in order (also listed in src/migrations/index.ts).
import type { MigrationDefinition } from "../core/db/index.js";
import { catalogMigration } from "./catalog/catalog.migration.js";
import { customersMigration } from "./customers/customers.migration.js";
import { ordersMigration } from "./orders/orders.migration.js";
import { ordersCustomerIndexMigration } from "./orders/orders-customer-index.migration.js";
import { idempotencyMigration } from "./idempotency/idempotency.migration.js";
import { storesMigration } from "./stores/stores.migration.js";
import { refundsMigration } from "./refunds/refunds.migration.js";
import { couponsMigration } from "./coupons/coupons.migration.js";
import { giftCardsMigration } from "./gift-cards/gift-cards.migration.js";
import { subscriptionsMigration } from "./subscriptions/subscriptions.migration.js";
import { deliveriesMigration } from "./deliveries/deliveries.migration.js";
import { rateLimitMigration } from "./http/rate-limit.migration.js";
import { imagesMigration } from "./images/images.migration.js";
import { analyticsIndexesMigration } from "./analytics/analytics-indexes.migration.js";
import { orderCountsMigration } from "./orders/order-counts.migration.js";
import { readVersionsMigration } from "./http/read-versions.migration.js";
import { checkoutMigration } from "./checkout/checkout.migration.js";
import { paymentsMigration } from "./payments/payments.migration.js";
import { subscriptionLifecycleMigration } from "./subscriptions/subscription-lifecycle.migration.js";
import { deliveryRetryMigration } from "./deliveries/delivery-retry.migration.js";
import { paymentsOpenMigration } from "./payments/payments-open.migration.js";
import { orderDeliveriesReadVersionsMigration } from "./http/order-deliveries-read-versions.migration.js";
import { ordersPaidFirstMigration } from "./analytics/orders-paid-first.migration.js";

export const storeMigrations: readonly MigrationDefinition[] = [
  storesMigration,
  catalogMigration,
  customersMigration,
  ordersMigration,
  ordersCustomerIndexMigration,
  idempotencyMigration,
  refundsMigration,
  couponsMigration,
  giftCardsMigration,
  subscriptionsMigration,
  deliveriesMigration,
  checkoutMigration,
  paymentsMigration,
  rateLimitMigration,
  imagesMigration,
  analyticsIndexesMigration,
  orderCountsMigration,
  readVersionsMigration,
  subscriptionLifecycleMigration,
  deliveryRetryMigration,
  paymentsOpenMigration,
  orderDeliveriesReadVersionsMigration,
  ordersPaidFirstMigration,
];
