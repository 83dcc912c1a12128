import { createHmac } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createFakeClock } from "../core/clock.js";
import { AppError } from "../core/errors/index.js";
import { createSafeHttpClient } from "../core/http-client/index.js";
import { migrateToLatest, type Executor } from "../core/db/index.js";
import { createTestDatabase, testDialects, type TestDatabase } from "../../test/support/databases.js";
import { startReceiver, reply200, type Receiver } from "../../test/support/receiver.js";
import { createDeliveryRunner, type DeliveryOutcome } from "./delivery-runner.js";
import { createSafeWebhookTransport } from "./safe-transport.js";
import { createSecretBox } from "./secret-box.js";
import { studioStatusAfter } from "./studio-status.js";
import { createWebhookEngine } from "./webhook-engine.js";
import { webhooksMigration } from "./webhooks.migration.js";

const MIN = 60_000;
const contact = { kind: "contact" as const, id: 7 };

describe.each(testDialects)("webhook deliveries on %s", (dialect) => {
  let t: TestDatabase;
  let receiver: Receiver;
  const clock = createFakeClock();
  const box = createSecretBox(Buffer.alloc(32, 1));
  const client = createSafeHttpClient({ allowPrivateNetworks: true });
  const scheduled: { id: string; runAt: number }[] = [];
  const outcomes: DeliveryOutcome[] = [];
  const scheduleAttempt = (_db: Executor, id: string, runAt: number) => {
    scheduled.push({ id, runAt });
    return Promise.resolve();
  };
  const engine = () =>
    createWebhookEngine({
      runAttempt: (id) => runner().runAttempt(id),
      database: t.database,
      clock,
      secretBox: box,
      scheduleAttempt,
      assertDeliverableUrl: (url) =>
        new URL(url).hostname === "10.0.0.1"
          ? Promise.reject(new AppError("url_refused", "10.0.0.1 is a private address"))
          : Promise.resolve(),
    });
  const runner = () =>
    createDeliveryRunner({
      database: t.database,
      clock,
      secretBox: box,
      scheduleAttempt,
      transport: createSafeWebhookTransport(client),
      listeners: {
        studio: (_db, o) => {
          outcomes.push(o);
          return Promise.resolve();
        },
      },
    });

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    await migrateToLatest(t.database, [webhooksMigration]);
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await client.close();
    await t.dispose();
  });
  // Each test is its own store, so endpoints left by one test never receive another's events.
  let store = { kind: "store" as const, id: 0 };
  beforeEach(() => {
    store = { kind: "store" as const, id: store.id + 1 };
    scheduled.length = 0;
    outcomes.length = 0;
    receiver.received.length = 0;
    receiver.setReply(reply200);
  });

  /** Runs every attempt of a delivery, moving the fake clock to each scheduled retry; returns the waits. */
  async function attemptUntilFinal(id: string): Promise<number[]> {
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      scheduled.length = 0;
      const before = clock.now();
      await runner().runAttempt(id);
      if (scheduled[0]) {
        waits.push(scheduled[0].runAt - before);
        clock.set(scheduled[0].runAt);
      }
    }
    return waits;
  }

  async function publishOne(type = "order.received", data: unknown = { order_number: "ORD-1" }) {
    return t.database.kysely.transaction().execute((trx) => engine().publish(trx, store, type, data));
  }

  it("delivers a store event with Pixlpay's envelope, headers and hex signature", async () => {
    const { endpoint, secret } = await engine().createEndpoint(store, {
      url: `${receiver.url}/hook`,
      events: ["order.received"],
    });
    expect(secret).toMatch(/^whsec_/);
    const { deliveryIds } = await publishOne();
    expect(deliveryIds).toHaveLength(1);
    expect(scheduled).toEqual([{ id: deliveryIds[0], runAt: clock.now() }]);
    await runner().runAttempt(deliveryIds[0] ?? "");
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
      created_at: new Date(clock.now()).toISOString().replace("Z", "000Z"),
      data: { order_number: "ORD-1" },
    });
    const { delivery, attempts } = await engine().getDelivery(store, deliveryIds[0] ?? "");
    expect(delivery.status).toBe("delivered");
    expect(attempts).toHaveLength(1);
    expect(attempts[0]?.response_status).toBe(200);
    await engine().deleteEndpoint(store, endpoint.id);
  });

  it("records nothing for a change that rolled back", async () => {
    const { endpoint } = await engine().createEndpoint(store, { url: receiver.url, events: ["*"] });
    await expect(
      t.database.kysely.transaction().execute(async (trx) => {
        await engine().publish(trx, store, "order.received", {});
        throw new Error("order failed");
      }),
    ).rejects.toThrow("order failed");
    const deliveries = await engine().listDeliveries(store, {
      endpointId: endpoint.id,
      limit: 10,
      offset: 0,
    });
    expect(deliveries).toHaveLength(0);
    await engine().deleteEndpoint(store, endpoint.id);
  });

  it("retries at +1 min, +5 min, +30 min with the same delivery id, then gives up", async () => {
    const { endpoint } = await engine().createEndpoint(store, {
      url: receiver.url,
      events: ["order.refunded"],
    });
    receiver.setReply((_r, res) => res.writeHead(500).end("down"));
    const { deliveryIds } = await publishOne("order.refunded");
    const id = deliveryIds[0] ?? "";
    const waits = await attemptUntilFinal(id);
    expect(waits).toEqual([1 * MIN, 5 * MIN, 30 * MIN]);
    expect(new Set(receiver.received.map((r) => r.headers["x-webhook-id"]))).toEqual(new Set([id]));
    const { delivery, attempts } = await engine().getDelivery(store, id);
    expect(delivery.status).toBe("failed");
    expect(attempts.map((a) => a.response_status)).toEqual([500, 500, 500, 500]);
    expect(attempts[0]?.response_body).toBe("down");
    await engine().deleteEndpoint(store, endpoint.id);
  });

  it("honours Retry-After on 429 when it asks for longer than the schedule", async () => {
    const { endpoint } = await engine().createEndpoint(store, { url: receiver.url, events: ["*"] });
    receiver.setReply((_r, res) => res.writeHead(429, { "retry-after": "600" }).end());
    const { deliveryIds } = await publishOne();
    scheduled.length = 0;
    const before = clock.now();
    await runner().runAttempt(deliveryIds[0] ?? "");
    expect(scheduled[0]?.runAt).toBe(before + 600_000);
    await engine().deleteEndpoint(store, endpoint.id);
  });

  it("disables an endpoint that answers 410 Gone and tells the owner's other endpoints", async () => {
    const gone = await engine().createEndpoint(store, {
      url: `${receiver.url}/gone`,
      events: ["order.received"],
    });
    const watcher = await engine().createEndpoint(store, {
      url: `${receiver.url}/watch`,
      events: ["webhook.endpoint_disabled"],
    });
    receiver.setReply((r, res) => res.writeHead(r.url === "/gone" ? 410 : 200).end());
    const { deliveryIds } = await publishOne();
    scheduled.length = 0;
    await runner().runAttempt(deliveryIds[0] ?? "");
    expect((await engine().getEndpoint(store, gone.endpoint.id)).is_active).toBe(0);
    expect((await engine().getDelivery(store, deliveryIds[0] ?? "")).delivery.status).toBe("failed");
    expect(scheduled).toHaveLength(1); // the endpoint_disabled event to the watcher
    await runner().runAttempt(scheduled[0]?.id ?? "");
    const notice = JSON.parse(receiver.received.at(-1)?.body ?? "{}") as {
      event_type: string;
      data: { id: number };
    };
    expect(notice.event_type).toBe("webhook.endpoint_disabled");
    expect(notice.data.id).toBe(gone.endpoint.id);
    await engine().deleteEndpoint(store, gone.endpoint.id);
    await engine().deleteEndpoint(store, watcher.endpoint.id);
  });

  it("disables an endpoint that has failed without a success for five days, not before", async () => {
    const { endpoint } = await engine().createEndpoint(store, {
      url: receiver.url,
      events: ["order.received"],
    });
    receiver.setReply((_r, res) => res.writeHead(500).end());
    const attemptAt = async (dayOffset: number) => {
      clock.advance(dayOffset * 24 * 60 * MIN);
      const { deliveryIds } = await publishOne();
      await runner().runAttempt(deliveryIds[0] ?? "");
      return (await engine().getEndpoint(store, endpoint.id)).is_active;
    };
    expect(await attemptAt(0)).toBe(1);
    expect(await attemptAt(4)).toBe(1);
    expect(await attemptAt(1)).toBe(0);
    expect((await engine().getEndpoint(store, endpoint.id)).disabled_reason).toMatch(/^failing since /);
    // A success in between resets the streak.
    await engine().updateEndpoint(store, endpoint.id, { isActive: true });
    expect(await attemptAt(0)).toBe(1);
    receiver.setReply(reply200);
    expect(await attemptAt(4)).toBe(1);
    receiver.setReply((_r, res) => res.writeHead(500).end());
    expect(await attemptAt(4)).toBe(1);
  });

  it("redelivers a finished delivery with the same id and body, and refuses one still in flight", async () => {
    const { endpoint } = await engine().createEndpoint(store, { url: receiver.url, events: ["*"] });
    const { deliveryIds } = await publishOne();
    const id = deliveryIds[0] ?? "";
    await expect(engine().redeliver(store, id)).rejects.toMatchObject({ code: "conflict" });
    await runner().runAttempt(id);
    scheduled.length = 0;
    const again = await engine().redeliver(store, id);
    expect(again.status).toBe("pending");
    expect(scheduled.map((s) => s.id)).toEqual([id]);
    await runner().runAttempt(id);
    const sent = receiver.received.filter((r) => r.headers["x-webhook-id"] === id);
    expect(sent).toHaveLength(2);
    expect(sent[1]?.body).toBe(sent[0]?.body);
    const { delivery, attempts } = await engine().getDelivery(store, id);
    expect(delivery.status).toBe("delivered");
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2]);
    await expect(engine().redeliver({ kind: "store", id: store.id + 1000 }, id)).rejects.toMatchObject({
      code: "not_found",
    });
    await engine().deleteEndpoint(store, endpoint.id);
  });

  it("sends a test delivery now, once, and returns the receiver's answer", async () => {
    const { endpoint } = await engine().createEndpoint(store, {
      url: receiver.url,
      events: ["order.received"],
    });
    receiver.setReply((_r, res) => res.writeHead(503).end("maintenance"));
    scheduled.length = 0;
    const { delivery, attempts } = await engine().sendTest(store, endpoint.id);
    expect(delivery.event_type).toBe("webhook.test");
    expect(delivery.status).toBe("failed");
    expect(attempts[0]?.response_status).toBe(503);
    expect(attempts[0]?.response_body).toBe("maintenance");
    expect(scheduled).toEqual([]); // no retries for a test
    await engine().deleteEndpoint(store, endpoint.id);
  });

  it("signs with both secrets during a rotation, and Standard Webhooks headers when asked", async () => {
    const created = await engine().createEndpoint(store, {
      url: receiver.url,
      events: ["*"],
      standardHeaders: true,
    });
    const rotated = await engine().rotateSecret(store, created.endpoint.id);
    const { deliveryIds } = await publishOne();
    await runner().runAttempt(deliveryIds[0] ?? "");
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
    await engine().deleteEndpoint(store, created.endpoint.id);
  });

  it("refuses an endpoint on a private address at creation", async () => {
    const e: unknown = await engine()
      .createEndpoint(store, { url: "https://10.0.0.1/hook", events: ["*"] })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).details).toEqual({ errors: { url: ["10.0.0.1 is a private address"] } });
  });

  it("refuses a private address again at delivery time when private networks are off", async () => {
    const { endpoint } = await engine().createEndpoint(store, { url: receiver.url, events: ["*"] });
    const { deliveryIds } = await publishOne();
    const strict = createSafeHttpClient();
    await createDeliveryRunner({
      database: t.database,
      clock,
      secretBox: box,
      scheduleAttempt,
      transport: createSafeWebhookTransport(strict),
    }).runAttempt(deliveryIds[0] ?? "");
    await strict.close();
    const { attempts } = await engine().getDelivery(store, deliveryIds[0] ?? "");
    expect(attempts[0]?.response_status).toBeNull();
    expect(attempts[0]?.error).toMatch(/loopback/i);
    expect(receiver.received).toHaveLength(0);
    await engine().deleteEndpoint(store, endpoint.id);
  });

  it("signs studio callbacks with the contact's and partner's secrets and reports 72…78 then 80", async () => {
    const body = JSON.stringify({ imageTicket: "t-1", processedImageURL: "http://x/y.jpg" });
    const publish = () =>
      t.database.kysely.transaction().execute((trx) =>
        engine().enqueueStudio(trx, {
          owner: contact,
          url: `${receiver.url}/callback`,
          body,
          contentType: "application/json",
          secretsSealed: box.seal(JSON.stringify({ customer: "CUSTOMER_SECRET", partner: "PARTNER_SECRET" })),
          subject: "image:t-1:main",
          eventType: "image.processed",
          eventData: { imageTicket: "t-1" },
        }),
      );
    const { deliveryIds } = await publish();
    await runner().runAttempt(deliveryIds[0] ?? "");
    const got = receiver.received.at(-1);
    expect(got?.headers["http_x_pxz_customer_hmac_sha256"]).toBe(
      createHmac("sha256", "CUSTOMER_SECRET").update(body).digest("base64"),
    );
    expect(got?.headers["http_x_pxz_partner_hmac_sha256"]).toBe(
      createHmac("sha256", "PARTNER_SECRET").update(body).digest("base64"),
    );
    expect(outcomes.map(studioStatusAfter)).toEqual([80]);

    // A receiver that answers 204 has not acknowledged a studio callback: only 200 counts.
    outcomes.length = 0;
    receiver.setReply((_r, res) => res.writeHead(204).end());
    const second = await publish();
    const id = second.deliveryIds[0] ?? "";
    const waits = await attemptUntilFinal(id);
    expect(waits).toEqual([5 * MIN, 60 * MIN, 300 * MIN]);
    expect(outcomes.map(studioStatusAfter)).toEqual([72, 74, 76, 78]);
  });

  it("keeps a slow endpoint to its concurrency limit without spending attempts", async () => {
    const { endpoint } = await engine().createEndpoint(store, {
      url: receiver.url,
      events: ["*"],
      maxConcurrency: 1,
    });
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    receiver.setReply((_r, res) => void gate.then(() => res.writeHead(200).end()));
    const a = await publishOne();
    const b = await publishOne();
    scheduled.length = 0;
    const first = runner();
    const slow = first.runAttempt(a.deliveryIds[0] ?? "");
    await new Promise((r) => setTimeout(r, 100));
    await first.runAttempt(b.deliveryIds[0] ?? "");
    expect(scheduled.map((s) => s.id)).toEqual([b.deliveryIds[0]]);
    expect((await engine().getDelivery(store, b.deliveryIds[0] ?? "")).delivery.attempts).toBe(0);
    release();
    await slow;
    await engine().deleteEndpoint(store, endpoint.id);
  });
});
