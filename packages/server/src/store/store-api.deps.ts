// What the Store API's routes need from the composition root, passed as plain arguments.
import type { BlobStore } from "../core/blobs/index.js";
import type { Clock } from "../core/clock.js";
import type { Database, Executor } from "../core/db/index.js";
import type { JobQueue } from "../core/jobs/index.js";
import type { WebhookEngine } from "../webhooks/webhook-engine.js";
import type { RateLimiter } from "./http/rate-limiter.js";
import type { CheckoutRateLimits } from "./checkout/checkout-rate-limit.js";
import type { AlternativeAuth } from "./http/auth.hooks.js";
import type { ReadCache } from "./http/read-cache.js";
import type { DeliveryScheduler } from "./deliveries/delivery-scheduler.js";
import type { DeliveryOptions } from "./deliveries/agent.service.js";
import type { PaymentGateway } from "./payments/gateway.js";
import type { SandboxGateway } from "./payments/sandbox-gateway.js";

/** Schedules the renewal job of a subscription at `runAt` (replacing an earlier one), in the caller's transaction. */
export type ScheduleRenewal = (
  db: Executor,
  job: { storeId: number; subscriptionId: number; runAt: number },
) => Promise<void>;

/** Records a store event in the caller's transaction (the webhook engine's outbox). */
export type PublishEvent = (db: Executor, storeId: number, type: string, data: unknown) => Promise<void>;

export interface StoreApiDeps {
  database: Database;
  clock: Clock;
  /** Publishes `product.created` & co. Absent: events are not recorded (no webhook engine wired). */
  publish?: PublishEvent;
  /** Serves `/webhooks` (endpoints, test deliveries, delivery log). Absent: those routes are not mounted. */
  webhooks?: WebhookEngine;
  /** Default: fixed windows counted in the database, shared by every process on it. */
  rateLimiter?: RateLimiter;
  /** Stores answer at `{subdomain}.<storeDomain>`. Default `localhost`. */
  storeDomain?: string;
  /** Product and category image uploads go here. Absent: the upload routes and `/media` are not mounted. */
  blobs?: BlobStore;
  /** Base of public image URLs (`PIXL_PUBLIC_URL`). Default `http://localhost`. */
  publicUrl?: string;
  /** Largest image upload (`PIXL_MAX_UPLOAD_BYTES`). Default 100 MiB. */
  maxUploadBytes?: number;
  /** Bytes of cached GET bodies per process (store/http/read-cache). Default 32 MiB; 0 turns the cache off. */
  readCacheBytes?: number;
  /** Agent API leases and poll intervals (deliveries/agent.service.ts). Defaults: 120 s lease, 60 s poll. */
  deliveryOptions?: Partial<DeliveryOptions>;
  /** Signs the sandbox gateway's events (app: derived from PIXL_SECRET_KEY). Default: a random secret per process. */
  sandboxGatewaySecret?: string;
  /** Schedules subscription renewals on the job queue. Absent: renewals only run when called directly. */
  scheduleRenewal?: ScheduleRenewal;
  /** Runs the store's periodic jobs (the unpaid-checkout sweep). Absent: they only run when called directly. */
  queue?: JobQueue;
  /** Requests per minute of the public checkout (checkout/checkout-rate-limit.ts). Defaults: 120 per IP, 6,000 per store, 10 checkouts per IP. */
  checkoutRateLimits?: Partial<CheckoutRateLimits>;
  /** An unpaid checkout expires this long after it was created (`PIXL_CHECKOUT_EXPIRY_MINUTES`). Default 1 h. */
  checkoutExpiryMs?: number;
  /** A second way to authenticate without a bearer token (the web console's session). */
  alternativeAuth?: AlternativeAuth;
}

/** The deps with defaults filled in, as route modules receive them. */
export interface StoreRouteDeps {
  database: Database;
  clock: Clock;
  publish: PublishEvent;
  /** Present when image uploads are on: deleting a product or category sweeps its images' blobs. */
  blobs?: BlobStore;
  /** Hooks for GET routes whose bodies may be served again while their domain is unchanged. */
  readCache: ReadCache;
  /** Queues in-game deliveries when an order is paid, refunded or charged back, or a subscription renews. */
  deliveries: DeliveryScheduler;
  /** The gateway checkouts pay through (the built-in sandbox unless another is wired). */
  gateway: PaymentGateway;
  /** The sandbox, whose hosted page and webhook Pixl serves. */
  sandbox: SandboxGateway;
  scheduleRenewal: ScheduleRenewal;
  /** Base of absolute URLs handed to buyers (hosted payment pages). */
  publicUrl: string;
}
