// Mirrors the seed's "Django Webhook Handler" for fetch-style frameworks: `export const POST` is a Next.js
// route handler (app/webhooks/pixlpay/route.ts); in Hono, `app.post("/webhooks/pixlpay", (c) => POST(c.req.raw))`.
// Processed delivery ids are remembered in memory for 24 hours (the seed's Django cache).
import { createMemoryDedupeStore, createStoreWebhookHandler, toFetchHandler } from "@pixl/sdk";
import { storeEventHandlers } from "./support/event-handlers.js";
import { isMain, required, type ExampleEnv, type Print } from "./support/example-env.js";
import { serveFetch } from "./support/serve-fetch.js";

export function createRouteHandler(env: ExampleEnv = process.env, print: Print = console.log) {
  return toFetchHandler(
    createStoreWebhookHandler({
      secret: required(env, "PIXLPAY_WEBHOOK_SECRET"),
      dedupe: createMemoryDedupeStore(),
      ...storeEventHandlers(print),
    }),
  );
}

export const POST = (request: Request) => createRouteHandler()(request);

if (isMain(import.meta.url)) serveFetch(createRouteHandler()).listen(3000);
