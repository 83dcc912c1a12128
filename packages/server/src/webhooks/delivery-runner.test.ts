import { createHmac } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "../core/errors/index.js";
import { createSafeHttpClient } from "../core/http-client/index.js";
import { testDialects } from "../../test/support/databases.js";
import { createWebhookHarness, type WebhookHarness } from "../../test/support/webhook-harness.js";
import { startReceiver, reply200, type Receiver } from "../../test/support/receiver.js";
import { createDeliveryRunner } from "./delivery-runner.js";
import { createSafeWebhookTransport } from "./safe-transport.js";
import { studioStatusAfter } from "./studio-status.js";

const MIN = 60_000;
const contact = { kind: "contact" as const, id: 7 };

describe.each(testDialects)("webhook deliveries on %s", (dialect) => {
  let h: WebhookHarness;
  let receiver: Receiver;
  beforeAll(async () => {
    h = await createWebhookHarness(dialect, {
      assertDeliverableUrl: (url) =>
        new URL(url).hostname === "10.0.0.1"
          ? Promise.reject(new AppError("url_refused", "10.0.0.1 is a private address"))
          : Promise.resolve(),
    });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await h.close();
  });
  // Each test is its own store, so endpoints left by one test never receive another's events.
  let store = { kind: "store" as const, id: 0 };
  beforeEach(() => {
    store = { kind: "store" as const, id: store.id + 1 };
    h.scheduled.length = 0;
    h.studioOutcomes.length = 0;
    receiver.received.length = 0;
    receiver.setReply(reply200);
  });

  /** Runs every attempt of a delivery, moving the fake clock to each h.scheduled retry; returns the waits. */
  async function attemptUntilFinal(id: string): Promise<number[]> {
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      h.scheduled.length = 0;
      const before = h.clock.now();
      await h.runner.runAttempt(id);
      if (h.scheduled[0]) {
        waits.push(h.scheduled[0].runAt - before);
        h.clock.set(h.scheduled[0].runAt);
      }
    }
    return waits;
  }

  async function publishOne(type = "order.received", data: unknown = { order_number: "ORD-1" }) {
    return h.t.database.kysely.transaction().execute((trx) => h.engine.publish(trx, store, type, data));
  }

  it("delivers a store event with Pixlpay's envelope, headers and hex signature", async () => {
    const { endpoint, secret } = await h.engine.createEndpoint(store, {
      url: `${receiver.url}/hook`,
      events: ["order.received"],
    });
    expect(secret).toMatch(/^whsec_/);
    const { deliveryIds } = await publishOne();
    expect(deliveryIds).toHaveLength(1);
    expect(h.scheduled).toEqual([{ id: deliveryIds[0], runAt: h.clock.now() }]);
    await h.runner.runAttempt(deliveryIds[0] ?? "");
    const got = receiver.received.at(-1);
    expect(got?.headers["content-type"]).toBe("application/json");
    expect(got?.headers["user-agent"]).toBe("Prism-Webhooks/1.0");
    expect(got?.headers["x-webhook-event"]).toBe("order.received");
    expect(got?.headers["x-webhook-id"]).toBe(deliveryIds[0]);
    expect(got?.headers["x-webhook-signature"]).toBe(
      createHmac("sha256", secret)
        .update(got?.body ?? "")
        .digest("hex"),
    );
    const envelope = JSON.parse(got?.body ?? "{}") as Record<string, unknown>;
    expect(envelope).toEqual({
      id: deliveryIds[0],
      event_type: "order.received",
      created_at: new Date(h.clock.now()).toISOString().replace("Z", "000Z"),
      data: { order_number: "ORD-1" },
    });
    const { delivery, attempts } = await h.engine.getDelivery(store, deliveryIds[0] ?? "");
    expect(delivery.status).toBe("delivered");
    expect(attempts).toHaveLength(1);
    expect(attempts[0]?.response_status).toBe(200);
    await h.engine.deleteEndpoint(store, endpoint.id);
  });

  it("records nothing for a change that rolled back", async () => {
    const { endpoint } = await h.engine.createEndpoint(store, { url: receiver.url, events: ["*"] });
    await expect(
      h.t.database.kysely.transaction().execute(async (trx) => {
        await h.engine.publish(trx, store, "order.received", {});
        throw new Error("order failed");
      }),
    ).rejects.toThrow("order failed");
    const deliveries = await h.engine.listDeliveries(store, {
      endpointId: endpoint.id,
      limit: 10,
      offset: 0,
    });
    expect(deliveries).toHaveLength(0);
    await h.engine.deleteEndpoint(store, endpoint.id);
  });

  it("retries at +1 min, +5 min, +30 min with the same delivery id, then gives up", async () => {
    const { endpoint } = await h.engine.createEndpoint(store, {
      url: receiver.url,
      events: ["order.refunded"],
    });
    receiver.setReply((_r, res) => res.writeHead(500).end("down"));
    const { deliveryIds } = await publishOne("order.refunded");
    const id = deliveryIds[0] ?? "";
    const waits = await attemptUntilFinal(id);
    expect(waits).toEqual([1 * MIN, 5 * MIN, 30 * MIN]);
    expect(new Set(receiver.received.map((r) => r.headers["x-webhook-id"]))).toEqual(new Set([id]));
    const { delivery, attempts } = await h.engine.getDelivery(store, id);
    expect(delivery.status).toBe("failed");
    expect(attempts.map((a) => a.response_status)).toEqual([500, 500, 500, 500]);
    expect(attempts[0]?.response_body).toBe("down");
    await h.engine.deleteEndpoint(store, endpoint.id);
  });

  it("honours Retry-After on 429 when it asks for longer than the schedule", async () => {
    const { endpoint } = await h.engine.createEndpoint(store, { url: receiver.url, events: ["*"] });
    receiver.setReply((_r, res) => res.writeHead(429, { "retry-after": "600" }).end());
    const { deliveryIds } = await publishOne();
    h.scheduled.length = 0;
    const before = h.clock.now();
    await h.runner.runAttempt(deliveryIds[0] ?? "");
    expect(h.scheduled[0]?.runAt).toBe(before + 600_000);
    await h.engine.deleteEndpoint(store, endpoint.id);
  });

  it("disables an endpoint that answers 410 Gone and tells the owner's other endpoints", async () => {
    const gone = await h.engine.createEndpoint(store, {
      url: `${receiver.url}/gone`,
      events: ["order.received"],
    });
    const watcher = await h.engine.createEndpoint(store, {
      url: `${receiver.url}/watch`,
      events: ["webhook.endpoint_disabled"],
    });
    receiver.setReply((r, res) => res.writeHead(r.url === "/gone" ? 410 : 200).end());
    const { deliveryIds } = await publishOne();
    h.scheduled.length = 0;
    await h.runner.runAttempt(deliveryIds[0] ?? "");
    expect((await h.engine.getEndpoint(store, gone.endpoint.id)).is_active).toBe(0);
    expect((await h.engine.getDelivery(store, deliveryIds[0] ?? "")).delivery.status).toBe("failed");
    expect(h.scheduled).toHaveLength(1); // the endpoint_disabled event to the watcher
    await h.runner.runAttempt(h.scheduled[0]?.id ?? "");
    const notice = JSON.parse(receiver.received.at(-1)?.body ?? "{}") as {
      event_type: string;
      data: { id: number };
    };
    expect(notice.event_type).toBe("webhook.endpoint_disabled");
    expect(notice.data.id).toBe(gone.endpoint.id);
    await h.engine.deleteEndpoint(store, gone.endpoint.id);
    await h.engine.deleteEndpoint(store, watcher.endpoint.id);
  });

  it("disables an endpoint that has failed without a success for five days, not before", async () => {
    const { endpoint } = await h.engine.createEndpoint(store, {
      url: receiver.url,
      events: ["order.received"],
    });
    receiver.setReply((_r, res) => res.writeHead(500).end());
    const attemptAt = async (dayOffset: number) => {
      h.clock.advance(dayOffset * 24 * 60 * MIN);
      const { deliveryIds } = await publishOne();
      await h.runner.runAttempt(deliveryIds[0] ?? "");
      return (await h.engine.getEndpoint(store, endpoint.id)).is_active;
    };
    expect(await attemptAt(0)).toBe(1);
    expect(await attemptAt(4)).toBe(1);
    expect(await attemptAt(1)).toBe(0);
    expect((await h.engine.getEndpoint(store, endpoint.id)).disabled_reason).toMatch(/^failing since /);
    // A success in between resets the streak.
    await h.engine.updateEndpoint(store, endpoint.id, { isActive: true });
    expect(await attemptAt(0)).toBe(1);
    receiver.setReply(reply200);
    expect(await attemptAt(4)).toBe(1);
    receiver.setReply((_r, res) => res.writeHead(500).end());
    expect(await attemptAt(4)).toBe(1);
  });

  it("redelivers a finished delivery with the same id and body, and refuses one still in flight", async () => {
    const { endpoint } = await h.engine.createEndpoint(store, { url: receiver.url, events: ["*"] });
    const { deliveryIds } = await publishOne();
    const id = deliveryIds[0] ?? "";
    await expect(h.engine.redeliver(store, id)).rejects.toMatchObject({ code: "conflict" });
    await h.runner.runAttempt(id);
    h.scheduled.length = 0;
    const again = await h.engine.redeliver(store, id);
    expect(again.status).toBe("pending");
    expect(h.scheduled.map((s) => s.id)).toEqual([id]);
    await h.runner.runAttempt(id);
    const sent = receiver.received.filter((r) => r.headers["x-webhook-id"] === id);
    expect(sent).toHaveLength(2);
    expect(sent[1]?.body).toBe(sent[0]?.body);
    const { delivery, attempts } = await h.engine.getDelivery(store, id);
    expect(delivery.status).toBe("delivered");
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2]);
    await expect(h.engine.redeliver({ kind: "store", id: store.id + 1000 }, id)).rejects.toMatchObject({
      code: "not_found",
    });
    await h.engine.deleteEndpoint(store, endpoint.id);
  });

  it("sends a test delivery now, once, and returns the receiver's answer", async () => {
    const { endpoint } = await h.engine.createEndpoint(store, {
      url: receiver.url,
      events: ["order.received"],
    });
    receiver.setReply((_r, res) => res.writeHead(503).end("maintenance"));
    h.scheduled.length = 0;
    const { delivery, attempts } = await h.engine.sendTest(store, endpoint.id);
    expect(delivery.event_type).toBe("webhook.test");
    expect(delivery.status).toBe("failed");
    expect(attempts[0]?.response_status).toBe(503);
    expect(attempts[0]?.response_body).toBe("maintenance");
    expect(h.scheduled).toEqual([]); // no retries for a test
    await h.engine.deleteEndpoint(store, endpoint.id);
  });

  it("signs with both secrets during a rotation, and Standard Webhooks headers when asked", async () => {
    const created = await h.engine.createEndpoint(store, {
      url: receiver.url,
      events: ["*"],
      standardHeaders: true,
    });
    const rotated = await h.engine.rotateSecret(store, created.endpoint.id);
    const { deliveryIds } = await publishOne();
    await h.runner.runAttempt(deliveryIds[0] ?? "");
    const got = receiver.received.at(-1);
    const body = got?.body ?? "";
    expect(got?.headers["x-webhook-signature"]).toBe(
      createHmac("sha256", rotated.secret).update(body).digest("hex"),
    );
    expect(got?.headers["x-webhook-signature-previous"]).toBe(
      createHmac("sha256", created.secret).update(body).digest("hex"),
    );
    const ts = got?.headers["webhook-timestamp"] as string;
    const sigs = (got?.headers["webhook-signature"] as string).split(" ");
    const expectFor = (s: string) =>
      `v1,${createHmac("sha256", Buffer.from(s.slice(6), "base64"))
        .update(`${deliveryIds[0] ?? ""}.${ts}.${body}`)
        .digest("base64")}`;
    expect(sigs).toEqual([expectFor(rotated.secret), expectFor(created.secret)]);
    await h.engine.deleteEndpoint(store, created.endpoint.id);
  });

  it("refuses an endpoint on a private address at creation", async () => {
    const e: unknown = await h.engine
      .createEndpoint(store, { url: "https://10.0.0.1/hook", events: ["*"] })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).details).toEqual({ errors: { url: ["10.0.0.1 is a private address"] } });
  });

  it("refuses a private address again at delivery time when private networks are off", async () => {
    const { endpoint } = await h.engine.createEndpoint(store, { url: receiver.url, events: ["*"] });
    const { deliveryIds } = await publishOne();
    const strict = createSafeHttpClient();
    await createDeliveryRunner({
      database: h.t.database,
      clock: h.clock,
      secretBox: h.secretBox,
      scheduleAttempt: () => Promise.resolve(),
      transport: createSafeWebhookTransport(strict),
    }).runAttempt(deliveryIds[0] ?? "");
    await strict.close();
    const { attempts } = await h.engine.getDelivery(store, deliveryIds[0] ?? "");
    expect(attempts[0]?.response_status).toBeNull();
    expect(attempts[0]?.error).toMatch(/loopback/i);
    expect(receiver.received).toHaveLength(0);
    await h.engine.deleteEndpoint(store, endpoint.id);
  });

  it("signs studio callbacks with the contact's and partner's secrets and reports 72…78 then 80", async () => {
    const body = JSON.stringify({ imageTicket: "t-1", processedImageURL: "http://x/y.jpg" });
    const publish = () =>
      h.t.database.kysely.transaction().execute((trx) =>
        h.engine.enqueueStudio(trx, {
          owner: contact,
          url: `${receiver.url}/callback`,
          body,
          contentType: "application/json",
          secretsSealed: h.secretBox.seal(
            JSON.stringify({ customer: "CUSTOMER_SECRET", partner: "PARTNER_SECRET" }),
          ),
          subject: "image:t-1:main",
          eventType: "image.processed",
          eventData: { imageTicket: "t-1" },
        }),
      );
    const { deliveryIds } = await publish();
    await h.runner.runAttempt(deliveryIds[0] ?? "");
    const got = receiver.received.at(-1);
    expect(got?.headers["http_x_pxz_customer_hmac_sha256"]).toBe(
      createHmac("sha256", "CUSTOMER_SECRET").update(body).digest("base64"),
    );
    expect(got?.headers["http_x_pxz_partner_hmac_sha256"]).toBe(
      createHmac("sha256", "PARTNER_SECRET").update(body).digest("base64"),
    );
    expect(h.studioOutcomes.map(studioStatusAfter)).toEqual([80]);

    // A receiver that answers 204 has not acknowledged a studio callback: only 200 counts.
    h.studioOutcomes.length = 0;
    receiver.setReply((_r, res) => res.writeHead(204).end());
    const second = await publish();
    const id = second.deliveryIds[0] ?? "";
    const waits = await attemptUntilFinal(id);
    expect(waits).toEqual([5 * MIN, 60 * MIN, 300 * MIN]);
    expect(h.studioOutcomes.map(studioStatusAfter)).toEqual([72, 74, 76, 78]);
  });

  it("keeps a slow endpoint to its concurrency limit without spending attempts", async () => {
    const { endpoint } = await h.engine.createEndpoint(store, {
      url: receiver.url,
      events: ["*"],
      maxConcurrency: 1,
    });
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    receiver.setReply((_r, res) => void gate.then(() => res.writeHead(200).end()));
    const a = await publishOne();
    const b = await publishOne();
    h.scheduled.length = 0;
    const first = h.runner;
    const slow = first.runAttempt(a.deliveryIds[0] ?? "");
    await new Promise((r) => setTimeout(r, 100));
    await first.runAttempt(b.deliveryIds[0] ?? "");
    expect(h.scheduled.map((s) => s.id)).toEqual([b.deliveryIds[0]]);
    expect((await h.engine.getDelivery(store, b.deliveryIds[0] ?? "")).delivery.attempts).toBe(0);
    release();
    await slow;
    await h.engine.deleteEndpoint(store, endpoint.id);
  });
});
