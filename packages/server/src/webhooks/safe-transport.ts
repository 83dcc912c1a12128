// Adapts the safe HTTP client to the delivery runner's transport: POST, no redirects, truncated answers.
import type { SafeHttpClient } from "../core/http-client/index.js";
import type { WebhookTransport } from "./transport.js";

/**
 * Webhooks never follow redirects (a 3xx is a failed attempt, as with Stripe): the receiver's URL is the
 * one its owner registered, and following would re-open the door the SSRF checks closed.
 */
export function createSafeWebhookTransport(client: SafeHttpClient): WebhookTransport {
  return {
    async post(url, request) {
      const res = await client.request(url, {
        method: "POST",
        headers: request.headers,
        body: request.body,
        totalTimeoutMs: request.timeoutMs,
        maxBodyBytes: request.maxResponseBytes,
        truncateBody: true,
        followRedirects: false,
      });
      return { status: res.status, headers: res.headers, body: res.body.toString("utf8") };
    },
  };
}
