// order.refunded, subscription.created and subscription.cancelled delivered over the full app on both engines:
// signed, with the documented headers, and `data` equal to what the API answered.
import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { App } from "../src/app.js";
import { createStoreWithToken } from "../src/store/stores/store.service.js";
import { createTestDatabase, testDialects, type TestDatabase } from "./support/databases.js";
import { startReceiver, type Receiver } from "./support/receiver.js";
import { createTestApp, createTestEnv } from "./support/test-app.js";
import { waitFor } from "./support/wait.js";

const API = "/api/external/v1";

describe.each(testDialects)("refund and subscription events delivered on %s", (dialect) => {
  let t: TestDatabase | undefined;
  let app: App | undefined;
  let receiver: Receiver | undefined;
  afterEach(async () => {
    await app?.close();
    await receiver?.close();
    await t?.dispose();
  });

  it("signs and delivers each event with the object the API returned", async () => {
    t = await createTestDatabase(dialect);
    receiver = await startReceiver();
    app = createTestApp(createTestEnv(t));
    await app.prepareDatabase();
    await app.startWorker();
    const { token } = await createStoreWithToken(app.database, { subdomain: "alpha" }, app.clock);
    const running = app;
    const call = async (method: "GET" | "POST", url: string, body?: unknown) => {
      const r = await running.http.app.inject({
        method,
        url: `${API}${url}`,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      });
      expect(r.statusCode, r.body).toBeLessThan(300);
      return r.json<{ data: { id: number; secret?: string } & Record<string, unknown> }>().data;
    };
    const hook = await call("POST", "/webhooks", {
      url: `${receiver.url}/hook`,
      events: ["order.refunded", "subscription.created", "subscription.cancelled"],
    });
    const product = await call("POST", "/products", {
      name: "VIP Monthly",
      price: "9.99",
      type: "subscription",
    });
    const order = await call("POST", "/orders", {
      customer: { email: "player@example.com" },
      items: [{ product_id: product.id }],
      payment_status: "paid",
    });
    const customerId = (order["customer"] as { id: number }).id;
    const refunded = await call("POST", `/orders/${order.id}/refund`, { amount: "2.00", reason: "late" });
    const created = await call("POST", "/subscriptions", { customer_id: customerId, product_id: product.id });
    const cancelled = await call("POST", `/subscriptions/${created.id}/cancel`, {});

    const got = await waitFor("three deliveries", () =>
      Promise.resolve(receiver && receiver.received.length >= 3 ? receiver.received : undefined),
    );
    const byEvent = new Map(got.map((r) => [r.headers["x-webhook-event"], r]));
    for (const [event, data] of [
      ["order.refunded", refunded],
      ["subscription.created", created],
      ["subscription.cancelled", cancelled],
    ] as const) {
      const request = byEvent.get(event);
      expect(request, event).toBeDefined();
      const signature = createHmac("sha256", hook.secret ?? "")
        .update(request?.body ?? "")
        .digest("hex");
      expect(request?.headers["x-webhook-signature"]).toBe(signature);
      const envelope = JSON.parse(request?.body ?? "{}") as { event_type: string; data: unknown };
      expect(envelope.event_type).toBe(event);
      expect(envelope.data).toEqual(data);
    }
    expect(refunded).toMatchObject({ refunded_amount: "2.00", payment_status: "paid" });
    expect(got).toHaveLength(3);
  });
});
