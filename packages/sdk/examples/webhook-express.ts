// Mirrors the seed's "Flask Webhook Handler" with Express: verify the raw body first, then dispatch each
// event type to its (typed) handler; anything else is logged as unhandled.
import { createStoreWebhookHandler, expressWebhookHandler } from "@pixl/sdk";
import express, { type Express } from "express";
import { storeEventHandlers } from "./support/event-handlers.js";
import { isMain, required, type ExampleEnv, type Print } from "./support/example-env.js";

export function createExpressReceiver(env: ExampleEnv = process.env, print: Print = console.log): Express {
  const app = express();
  const handle = createStoreWebhookHandler({
    secret: required(env, "PIXLPAY_WEBHOOK_SECRET"),
    ...storeEventHandlers(print),
  });
  // No express.json() on this route: the handler reads the raw bytes the signature covers.
  app.post("/webhooks/pixlpay", expressWebhookHandler(handle));
  return app;
}

if (isMain(import.meta.url)) createExpressReceiver().listen(3000, "127.0.0.1");
