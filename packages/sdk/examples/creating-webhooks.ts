// Mirrors the seed's "Creating Webhooks": subscribe a URL to events and keep the secret shown once.
import { createStoreClient, type CreatedWebhook } from "@pixl/sdk";
import { isMain, storeOptions, type ExampleEnv, type Print } from "./support/example-env.js";

export async function creatingWebhooks(
  env: ExampleEnv = process.env,
  print: Print = console.log,
): Promise<CreatedWebhook> {
  const client = createStoreClient(storeOptions(env));

  const webhook = await client.webhooks.create({
    url: env["WEBHOOK_URL"] ?? "https://yoursite.com/webhooks/pixlpay",
    events: ["order.received", "order.refunded", "subscription.cancelled"],
  });
  print(`Webhook created! Secret: ${webhook.secret}`);
  // IMPORTANT: store this secret securely (it is never shown again); receivers verify with it.
  return webhook;
}

if (isMain(import.meta.url)) await creatingWebhooks();
