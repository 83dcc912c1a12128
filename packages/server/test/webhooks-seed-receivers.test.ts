// The seeds' own webhook receivers, run as written, verify Pixl's deliveries (and reject tampered ones).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWebhookHarness, type WebhookHarness } from "./support/webhook-harness.js";
import { freePort, hasTool, startServerProcess, type RunningProcess } from "./support/processes.js";

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures/seed-receivers");
const hasFlask = hasTool("Python 3 with Flask (Debian python3-flask)", "/usr/bin/python3", [
  "-c",
  "import flask",
]);
const hasPhp = hasTool("PHP CLI (Debian php-cli)", "php", ["--version"]);

describe("the seeds' webhook receivers", () => {
  let h: WebhookHarness;
  beforeAll(async () => {
    h = await createWebhookHarness("sqlite");
  });
  afterAll(async () => {
    await h.close();
  });

  describe.runIf(hasFlask)("Flask receiver (pixlpay-python-examples.txt)", () => {
    let flask: RunningProcess;
    let port: number;
    let secret: string;
    const store = { kind: "store" as const, id: 1 };

    beforeAll(async () => {
      port = await freePort();
      const created = await h.engine.createEndpoint(store, {
        url: `http://127.0.0.1:${port}/webhooks/pixlpay`,
        events: ["order.received", "order.refunded", "delivery.completed"],
      });
      secret = created.secret;
      flask = await startServerProcess(
        "/usr/bin/python3",
        ["-c", `import flask_receiver; flask_receiver.app.run(host="127.0.0.1", port=${port})`],
        { port, cwd: fixtures, env: { PIXLPAY_WEBHOOK_SECRET: secret } },
      );
    });
    afterAll(async () => {
      await flask.stop();
    });

    it("accepts each signed delivery with 200 and runs its handler", async () => {
      for (const [type, data] of [
        ["order.received", { id: 1, order_number: "ORD-2026-001" }],
        ["order.refunded", { id: 1, order_number: "ORD-2026-001" }],
        ["delivery.completed", { id: 42 }],
      ] as const) {
        const { deliveryIds } = await h.t.database.kysely
          .transaction()
          .execute((trx) => h.engine.publish(trx, store, type, data));
        await h.runner.runAttempt(deliveryIds[0] ?? "");
        const { delivery } = await h.engine.getDelivery(store, deliveryIds[0] ?? "");
        expect(delivery.last_status_code).toBe(200);
        expect(delivery.status).toBe("delivered");
      }
      expect(flask.output()).toContain("Order received: ORD-2026-001");
      expect(flask.output()).toContain("Order refunded: ORD-2026-001");
      expect(flask.output()).toContain("Delivery completed: 42");
    });

    it("rejects a tampered delivery with 401", async () => {
      const { deliveryIds } = await h.t.database.kysely
        .transaction()
        .execute((trx) => h.engine.publish(trx, store, "order.received", { id: 2, order_number: "ORD-2" }));
      await h.runner.runAttempt(deliveryIds[0] ?? "");
      const { attempts } = await h.engine.getDelivery(store, deliveryIds[0] ?? "");
      const headers = JSON.parse(attempts[0]?.request_headers ?? "{}") as Record<string, string>;
      const { delivery } = await h.engine.getDelivery(store, deliveryIds[0] ?? "");
      const tampered = delivery.body.replace("ORD-2", "ORD-9");
      const res = await h.client.request(`http://127.0.0.1:${port}/webhooks/pixlpay`, {
        method: "POST",
        headers,
        body: tampered,
      });
      expect(res.status).toBe(401);
      expect(flask.output()).toContain(`Invalid webhook signature for delivery: ${delivery.id}`);
    });
  });

  describe("Node.js receiver (pixelz-developer-api.txt, express.text())", () => {
    let node: RunningProcess;
    let port: number;
    const contact = { kind: "contact" as const, id: 5 };

    beforeAll(async () => {
      port = await freePort();
      node = await startServerProcess(process.execPath, [path.join(fixtures, "express_receiver.cjs")], {
        port,
        env: { PORT: String(port), MY_APPLICATION_SECRET_CODE: "the-contact-secret" },
      });
    });
    afterAll(async () => {
      await node.stop();
    });

    it("verifies a studio delivery sent as text/plain, and rejects one signed with another secret", async () => {
      const send = async (secret: string) => {
        const { deliveryIds } = await h.t.database.kysely.transaction().execute((trx) =>
          h.engine.enqueueStudio(trx, {
            owner: contact,
            url: `http://127.0.0.1:${port}/callback`,
            body: JSON.stringify({
              imageTicket: "8d3f",
              processedImageURL: "https://pixl.example/f.jpg",
              templateId: "1",
              customerImageId: "c1",
              customerImageColorID: "",
            }),
            contentType: "text/plain; charset=utf-8",
            secretsSealed: h.secretBox.seal(JSON.stringify({ customer: secret })),
            subject: "image:8d3f:main",
            eventType: "image.processed",
            eventData: {},
          }),
        );
        await h.runner.runAttempt(deliveryIds[0] ?? "");
        return deliveryIds[0] ?? "";
      };
      const good = await send("the-contact-secret");
      const bad = await send("someone-else");
      await new Promise((r) => setTimeout(r, 100));
      expect(node.output()).toContain(`VERIFIED ${good}`);
      expect(node.output()).toContain(`REJECTED ${bad}`);
    });
  });

  describe.runIf(hasPhp)("PHP receiver (pixelz-developer-api.txt)", () => {
    let php: RunningProcess;
    let port: number;
    const contact = { kind: "contact" as const, id: 6 };

    beforeAll(async () => {
      port = await freePort();
      php = await startServerProcess(
        "php",
        ["-S", `127.0.0.1:${port}`, path.join(fixtures, "php_receiver.php")],
        { port },
      );
    });
    afterAll(async () => {
      await php.stop();
    });

    it("verifies a studio delivery with the literal HTTP_X_PXZ_CUSTOMER_HMAC_SHA256 header (JSON body)", async () => {
      const { deliveryIds } = await h.t.database.kysely.transaction().execute((trx) =>
        h.engine.enqueueStudio(trx, {
          owner: contact,
          url: `http://127.0.0.1:${port}/callback.php`,
          body: JSON.stringify({ imageTicket: "9e4a", processedImageURL: "https://pixl.example/g.png" }),
          contentType: "application/json",
          secretsSealed: h.secretBox.seal(JSON.stringify({ customer: "MY_APPLICATION_SECRET_CODE" })),
          subject: "image:9e4a:main",
          eventType: "image.processed",
          eventData: {},
        }),
      );
      await h.runner.runAttempt(deliveryIds[0] ?? "");
      await new Promise((r) => setTimeout(r, 100));
      expect(php.output()).toContain("Webhook verified: true");
    });
  });
});
