// Mirrors the seed's "FastAPI Webhook Handler" with Fastify: the route gets the raw body (its own JSON parser
// is replaced inside this plugin), verifies it and awaits the async handler of the event type.
import { createStoreWebhookHandler, registerFastifyWebhook } from "@pixl/sdk";
import Fastify, { type FastifyInstance } from "fastify";
import { storeEventHandlers } from "./support/event-handlers.js";
import { isMain, required, type ExampleEnv, type Print } from "./support/example-env.js";

export function createFastifyReceiver(
  env: ExampleEnv = process.env,
  print: Print = console.log,
): FastifyInstance {
  const app = Fastify();
  const handle = createStoreWebhookHandler({
    secret: required(env, "PIXLPAY_WEBHOOK_SECRET"),
    ...storeEventHandlers(print),
  });
  void app.register((scope, _opts, done) => {
    registerFastifyWebhook(scope, "/webhooks/pixlpay", handle);
    done();
  });
  return app;
}

if (isMain(import.meta.url)) await createFastifyReceiver().listen({ port: 3000 });
