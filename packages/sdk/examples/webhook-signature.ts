// Mirrors the seed's "Signature Verification Function": HMAC-SHA256 (hex) of the raw body with the webhook's
// secret, compared in constant time; verify before parsing anything. Shown with node:http alone.
import http from "node:http";
import { verifyStoreSignature } from "@pixl/sdk";
import { isMain, required, type ExampleEnv, type Print } from "./support/example-env.js";

/** True when `signature` (the X-Webhook-Signature header) is the raw `payload`'s signature with `secret`. */
export function verifyWebhookSignature(payload: Uint8Array | string, signature: string, secret: string) {
  return verifyStoreSignature(payload, signature, secret);
}

/** A receiver without a framework: reads the exact bytes, verifies, then parses. */
export function createPlainReceiver(env: ExampleEnv = process.env, print: Print = console.log): http.Server {
  const secret = required(env, "PIXLPAY_WEBHOOK_SECRET");
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const payload = Buffer.concat(chunks);
      const signature = req.headers["x-webhook-signature"];
      void verifyWebhookSignature(payload, typeof signature === "string" ? signature : "", secret).then(
        (ok) => {
          if (!ok) {
            print(`Invalid webhook signature for delivery: ${String(req.headers["x-webhook-id"])}`);
            res.writeHead(401).end("Invalid signature");
            return;
          }
          const event = JSON.parse(payload.toString("utf8")) as { event_type: string };
          print(`Verified ${event.event_type}`);
          res.writeHead(200).end();
        },
      );
    });
  });
}

if (isMain(import.meta.url)) createPlainReceiver().listen(3000);
