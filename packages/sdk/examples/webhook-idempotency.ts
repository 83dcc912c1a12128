// Mirrors the seed's "Webhook Verification with Idempotency" (Flask + Redis): a retried delivery (same
// X-Webhook-ID) is answered 200 "Already processed" without running again; the ids live in Redis for 24 h,
// so every process of the receiver shares them.
import {
  createRedisDedupeStore,
  createStoreWebhookHandler,
  expressWebhookHandler,
  type RedisLike,
} from "@pixl/sdk";
import express, { type Express } from "express";
import { storeEventHandlers } from "./support/event-handlers.js";
import { isMain, required, type ExampleEnv, type Print } from "./support/example-env.js";
import { connectRedis } from "./support/redis-resp.js";

export function createIdempotentReceiver(
  redis: RedisLike,
  env: ExampleEnv = process.env,
  print: Print = console.log,
): Express {
  const app = express();
  const handle = createStoreWebhookHandler({
    secret: required(env, "PIXLPAY_WEBHOOK_SECRET"),
    // `pixlpay_webhook:<delivery id>`, as the seed's cache key.
    dedupe: createRedisDedupeStore(redis, { prefix: "pixlpay_webhook:" }),
    dedupeTtlMs: 86_400_000,
    ...storeEventHandlers(print),
  });
  app.post("/webhooks/pixlpay", expressWebhookHandler(handle));
  return app;
}

if (isMain(import.meta.url))
  createIdempotentReceiver(await connectRedis(process.env["REDIS_URL"] ?? "redis://localhost:6379")).listen(
    3000,
    "127.0.0.1",
  );
