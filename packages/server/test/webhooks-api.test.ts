// The Store API's /webhooks over the full app: CRUD with the secret shown once, test deliveries, the
// delivery log, redelivery, and tenant isolation, on both engines.
import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { App } from "../src/app.js";
import { createStoreWithToken } from "../src/store/stores/store.service.js";
import { createTestDatabase, testDialects, type TestDatabase } from "./support/databases.js";
import { startReceiver, type Receiver } from "./support/receiver.js";
import { createTestApp, createTestEnv } from "./support/test-app.js";

const API = "/api/external/v1";

describe.each(testDialects)("Store API /webhooks on %s", (dialect) => {
  let t: TestDatabase | undefined;
  let app: App | undefined;
  let receiver: Receiver | undefined;
  afterEach(async () => {
    await app?.close();
    await receiver?.close();
    await t?.dispose();
  });

  async function setup() {
    t = await createTestDatabase(dialect);
    receiver = await startReceiver();
    app = createTestApp(createTestEnv(t));
    await app.prepareDatabase();
    const a = await createStoreWithToken(app.database, { subdomain: "alpha" }, app.clock);
    const b = await createStoreWithToken(app.database, { subdomain: "beta" }, app.clock);
    const call = async (
      method: "GET" | "POST" | "PUT" | "DELETE",
      url: string,
      token: string,
      body?: unknown,
    ) => {
      const r = await (app as App).http.app.inject({
        method,
        url: `${API}${url}`,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      });
      return {
        status: r.statusCode,
        json: r.json<Record<string, unknown> & { data: Record<string, unknown> }>(),
      };
    };
    return { app, receiver, call, alpha: a.token, beta: b.token };
  }

  it("creates a webhook with its secret once, lists it without, validates input, and isolates stores", async () => {
    const { receiver, call, alpha, beta } = await setup();
    const created = await call("POST", "/webhooks", alpha, {
      url: `${receiver.url}/hook`,
      events: ["order.received"],
    });
    expect(created.status).toBe(201);
    expect(created.json.message).toBe("Webhook created successfully");
    expect(created.json.data).toMatchObject({
      url: `${receiver.url}/hook`,
      events: ["order.received"],
      is_active: true,
    });
    expect(created.json.data["secret"]).toMatch(/^whsec_/);
    const id = created.json.data["id"] as number;

    const list = await call("GET", "/webhooks", alpha);
    expect(list.json).not.toHaveProperty("meta");
    expect(JSON.stringify(list.json)).not.toContain("whsec_");
    expect((await call("GET", `/webhooks/${id}`, alpha)).json.data).not.toHaveProperty("secret");

    const bad = await call("POST", "/webhooks", alpha, {
      url: "not a url",
      events: ["order.received", "nope"],
    });
    expect(bad.status).toBe(422);
    expect(bad.json).toMatchObject({ success: false, error: "VALIDATION_ERROR" });
    expect(Object.keys(bad.json["errors"] as object).sort()).toEqual(["events.1"]);
    const badUrl = await call("POST", "/webhooks", alpha, {
      url: "ftp://example.com/x",
      events: ["order.received"],
    });
    expect(badUrl.status).toBe(422);
    expect(badUrl.json["errors"]).toHaveProperty("url");

    expect((await call("GET", `/webhooks/${id}`, beta)).status).toBe(404);
    expect((await call("DELETE", `/webhooks/${id}`, beta)).status).toBe(404);
    const deleted = await call("DELETE", `/webhooks/${id}`, alpha);
    expect(deleted.json).toEqual({ success: true, message: "Webhook deleted successfully" });
    expect((await call("GET", `/webhooks/${id}`, alpha)).status).toBe(404);
  });

  it("sends a test delivery on demand and returns the receiver's answer", async () => {
    const { receiver, call, alpha } = await setup();
    const created = await call("POST", "/webhooks", alpha, {
      url: `${receiver.url}/hook`,
      events: ["order.received"],
    });
    const secret = created.json.data["secret"] as string;
    const tested = await call("POST", `/webhooks/${created.json.data["id"] as number}/test`, alpha);
    expect(tested.status).toBe(200);
    expect(tested.json.data).toMatchObject({ event_type: "webhook.test", status: "delivered", attempts: 1 });
    const got = receiver.received.at(-1);
    expect(got?.headers["x-webhook-event"]).toBe("webhook.test");
    expect(got?.headers["x-webhook-signature"]).toBe(
      createHmac("sha256", secret)
        .update(got?.body ?? "")
        .digest("hex"),
    );
    const log = tested.json.data["attempt_log"] as { response_status: number }[];
    expect(log[0]?.response_status).toBe(200);
  });

  it("delivers product events from API writes, shows them in the log, and redelivers on request", async () => {
    const { app, receiver, call, alpha, beta } = await setup();
    await app.startWorker();
    const created = await call("POST", "/webhooks", alpha, {
      url: `${receiver.url}/hook`,
      events: ["product.created"],
    });
    const id = created.json.data["id"] as number;
    expect((await call("POST", "/products", alpha, { name: "VIP Rank", price: "29.99" })).status).toBe(201);
    let deliveries: Record<string, unknown>[] = [];
    for (let i = 0; i < 200 && deliveries[0]?.["status"] !== "delivered"; i++) {
      await new Promise((r) => setTimeout(r, 25));
      deliveries = (await call("GET", `/webhooks/${id}/deliveries`, alpha)).json.data as unknown as Record<
        string,
        unknown
      >[];
    }
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ event_type: "product.created", status: "delivered", attempts: 1 });
    const envelope = JSON.parse(receiver.received.at(-1)?.body ?? "{}") as {
      data: { name: string; price: string };
    };
    expect(envelope.data).toMatchObject({ name: "VIP Rank", price: "29.99" });

    const deliveryId = deliveries[0]?.["id"] as string;
    const detail = await call("GET", `/webhooks/${id}/deliveries/${deliveryId}`, alpha);
    expect(detail.json.data["request_body"]).toBe(receiver.received.at(-1)?.body);
    expect(detail.json.data["attempt_log"]).toHaveLength(1);
    expect((await call("GET", `/webhooks/${id}/deliveries/${deliveryId}`, beta)).status).toBe(404);

    const redelivered = await call("POST", `/webhooks/${id}/deliveries/${deliveryId}/redeliver`, alpha);
    expect(redelivered.status).toBe(200);
    for (let i = 0; i < 200 && receiver.received.length < 2; i++) await new Promise((r) => setTimeout(r, 25));
    expect(receiver.received.map((r) => r.headers["x-webhook-id"])).toEqual([deliveryId, deliveryId]);
  });
});
