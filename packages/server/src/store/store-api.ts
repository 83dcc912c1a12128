// Mounts the Store API (Pixlpay External API v1) at /api/external/v1: error encoder, validator, auth, routes.
import type { FastifyInstance } from "fastify";
import type { HttpServer } from "../core/http/index.js";
import { createAuthHook } from "./http/auth.hooks.js";
import { installJsonBodyParser } from "./http/json-body.js";
import { createDatabaseRateLimiter } from "./http/database-rate-limiter.js";
import { createReadCache } from "./http/read-cache.js";
import { createDeliveryScheduler } from "./deliveries/delivery-scheduler.js";
import { registerAgentApis } from "./deliveries/agent-api.js";
import { DEFAULT_DELIVERY_OPTIONS } from "./deliveries/agent.service.js";
import { registerDeliveryRoutes } from "./deliveries/delivery.routes.js";
import { encodeStoreError } from "./http/store-error.encoder.js";
import { storeValidatorCompiler } from "./http/validator.js";
import type { StoreApiDeps, StoreRouteDeps } from "./store-api.deps.js";
import { registerTokenRoutes } from "./tokens/token.routes.js";
import { registerCategoryRoutes } from "./catalog/category.routes.js";
import { registerProductRoutes } from "./catalog/product.routes.js";
import { registerCustomerRoutes } from "./customers/customer.routes.js";
import { registerOrderRoutes } from "./orders/order.routes.js";
import { registerWebhookRoutes } from "./webhooks/webhook.routes.js";
import { registerAnalyticsRoutes } from "./analytics/analytics.routes.js";
import { installIdempotency } from "./idempotency/idempotency.hooks.js";
import { registerImageRoutes } from "./images/image.routes.js";
import { registerMediaRoutes } from "./images/media.routes.js";
import { collectOpenApi } from "./openapi/openapi.js";
import { storeEventTypes } from "../webhooks/events.js";
import { storeEventEnvelope } from "./webhooks/webhook-events.schema.js";
import { registerRefundRoutes } from "./refunds/refund.routes.js";
import { registerCouponRoutes } from "./coupons/coupon.routes.js";
import { registerGiftCardRoutes } from "./gift-cards/gift-card.routes.js";
import { registerSubscriptionRoutes } from "./subscriptions/subscription.routes.js";
import { registerStoreSettingsRoutes } from "./stores/store-settings.routes.js";
import { randomBytes } from "node:crypto";
import { createSandboxGateway } from "./payments/sandbox-gateway.js";
import { registerPaymentRoutes } from "./payments/payment.routes.js";
import { registerGatewayRoutes, SANDBOX_WEBHOOK_PATH } from "./payments/gateway.routes.js";
import { SIGNATURE_HEADER } from "./payments/gateway.js";
import { registerCheckoutRoutes } from "./checkout/checkout.routes.js";
import { createRenewalHandler } from "./subscriptions/subscription-renewal.service.js";
import { createCheckoutRateLimitHook, DEFAULT_CHECKOUT_RATE_LIMITS } from "./checkout/checkout-rate-limit.js";
import {
  createCheckoutSweepHandler,
  DEFAULT_CHECKOUT_EXPIRY_MS,
  scheduleCheckoutSweep,
} from "./checkout/checkout-expiry.service.js";
import type { TaskHandler } from "../core/jobs/index.js";

export type { PublishEvent, StoreApiDeps } from "./store-api.deps.js";

const DEFAULT_READ_CACHE_BYTES = 32 * 1024 * 1024;
/** Checkout bodies are an email, a game identity, a product id or a code: 16 KiB is plenty. */
const CHECKOUT_BODY_LIMIT = 16 * 1024;

/** Where the Store API lives. */
export const STORE_API_PREFIX = "/api/external/v1";

/** The public checkout API (no token), its hosted payment pages and gateway webhooks. */
export const CHECKOUT_API_PREFIX = "/api/checkout/v1";

/** What the Store API gives the composition root besides its routes. */
export interface StoreApi {
  /** Job handlers (subscription renewals, the unpaid-checkout sweep) for the io worker pool. */
  handlers: TaskHandler[];
  /** Makes sure the periodic jobs are queued (call when workers start; harmless to repeat). */
  ensureScheduledJobs(): Promise<void>;
}

/** Registers every Store API route on `http` (call once, before the server listens). */
export function registerStoreApi(http: HttpServer, deps: StoreApiDeps): StoreApi {
  http.errorEncoders.add(STORE_API_PREFIX, encodeStoreError);
  const publish = deps.publish ?? (() => Promise.resolve());
  http.errorEncoders.add(CHECKOUT_API_PREFIX, encodeStoreError);
  const publicUrl = deps.publicUrl ?? "http://localhost";
  const sandbox = createSandboxGateway({
    secret: deps.sandboxGatewaySecret ?? randomBytes(32).toString("hex"),
    publicUrl,
    now: () => deps.clock.now(),
  });
  // Sandbox events pass through the webhook endpoint like any gateway's, in process (no network hop).
  sandbox.setDelivery(async (body, signature) => {
    const r = await http.app.inject({
      method: "POST",
      url: `${CHECKOUT_API_PREFIX}${SANDBOX_WEBHOOK_PATH}`,
      headers: { "content-type": "application/json", [SIGNATURE_HEADER]: signature },
      payload: body,
    });
    if (r.statusCode >= 300)
      throw new Error(`sandbox event refused by the webhook: ${r.statusCode} ${r.body}`);
  });
  const routeDeps: StoreRouteDeps = {
    database: deps.database,
    clock: deps.clock,
    publish,
    readCache: createReadCache({ maxBytes: deps.readCacheBytes ?? DEFAULT_READ_CACHE_BYTES }),
    deliveries: createDeliveryScheduler({ clock: deps.clock, publish }),
    gateway: sandbox,
    sandbox,
    scheduleRenewal: deps.scheduleRenewal ?? (() => Promise.resolve()),
    publicUrl,
    ...(deps.blobs === undefined ? {} : { blobs: deps.blobs }),
  };
  const blobs = deps.blobs;
  if (blobs) registerMediaRoutes(http.app, { db: deps.database.kysely, blobs });
  const rateLimiter = deps.rateLimiter ?? createDatabaseRateLimiter(deps.database.kysely);
  const authHook = createAuthHook({
    db: deps.database.kysely,
    clock: deps.clock,
    rateLimiter,
    storeDomain: deps.storeDomain ?? "localhost",
    ...(deps.alternativeAuth === undefined ? {} : { alternative: deps.alternativeAuth }),
  });
  registerAgentApis(http, {
    database: deps.database,
    clock: deps.clock,
    publish,
    options: { ...DEFAULT_DELIVERY_OPTIONS, ...deps.deliveryOptions },
    rateLimiter,
    tokenAuth: authHook,
  });
  void http.app.register(
    (api: FastifyInstance, _opts, done) => {
      const openApi = collectOpenApi(
        api,
        STORE_API_PREFIX,
        Object.fromEntries(storeEventTypes.map((type) => [type, storeEventEnvelope(type)])),
      );
      // Public (no token), so clients and tools can read the contract before they hold a token.
      http.app.get(`${STORE_API_PREFIX}/openapi.json`, () => openApi.document());
      api.setValidatorCompiler(storeValidatorCompiler);
      installJsonBodyParser(api);
      api.addHook("onRequest", authHook);
      installIdempotency(api, { db: deps.database.kysely, clock: deps.clock });
      registerTokenRoutes(api, routeDeps);
      registerCategoryRoutes(api, routeDeps);
      registerProductRoutes(api, routeDeps);
      registerCustomerRoutes(api, routeDeps);
      registerOrderRoutes(api, routeDeps);
      registerRefundRoutes(api, routeDeps);
      registerCouponRoutes(api, routeDeps);
      registerGiftCardRoutes(api, routeDeps);
      registerSubscriptionRoutes(api, routeDeps);
      registerDeliveryRoutes(api, routeDeps);
      registerPaymentRoutes(api, routeDeps);
      registerStoreSettingsRoutes(api, routeDeps);
      if (deps.webhooks) registerWebhookRoutes(api, deps.webhooks);
      if (blobs)
        registerImageRoutes(api, {
          ...routeDeps,
          blobs,
          publicUrl: deps.publicUrl ?? "http://localhost",
          maxUploadBytes: deps.maxUploadBytes ?? 100 * 1024 * 1024,
        });
      registerAnalyticsRoutes(api, routeDeps);
      done();
    },
    { prefix: STORE_API_PREFIX },
  );
  void http.app.register(
    (checkout: FastifyInstance, _opts, done) => {
      checkout.setValidatorCompiler(storeValidatorCompiler);
      installJsonBodyParser(checkout, { bodyLimit: CHECKOUT_BODY_LIMIT });
      const limit = createCheckoutRateLimitHook({
        rateLimiter,
        clock: deps.clock,
        limits: { ...DEFAULT_CHECKOUT_RATE_LIMITS, ...deps.checkoutRateLimits },
        storeDomain: deps.storeDomain ?? "localhost",
      });
      registerGatewayRoutes(checkout, routeDeps, limit);
      registerCheckoutRoutes(checkout, routeDeps, deps.storeDomain ?? "localhost", limit);
      done();
    },
    { prefix: CHECKOUT_API_PREFIX },
  );
  const queue = deps.queue;
  const expiryMs = deps.checkoutExpiryMs ?? DEFAULT_CHECKOUT_EXPIRY_MS;
  return {
    handlers: [
      createRenewalHandler(routeDeps),
      ...(queue ? [createCheckoutSweepHandler(routeDeps, queue, expiryMs)] : []),
    ],
    ensureScheduledJobs: () => (queue ? scheduleCheckoutSweep(routeDeps, queue) : Promise.resolve()),
  };
}
