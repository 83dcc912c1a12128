// The `pixl listen` command itself (a child process) against a live server behind a TCP proxy cut twice:
// 1,000 store events forwarded once each, signed with the secret it prints, each shown with the local answer;
// and a studio contact's image callbacks, Pixelz-signed with the local secret.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runCli } from "../../server/src/main/cli.js";
import { startReceiver, type Receiver } from "../../server/test/support/receiver.js";
import { createProductPhoto } from "../../server/test/support/studio-photos.js";
import {
  NotFoundError,
  createStoreClient,
  createStudioClient,
  forwardDeliveries,
  storeListenSource,
  verifyStoreSignature,
  verifyStudioSignature,
} from "../src/index.js";
import { startLiveServer, waitFor, type LiveServer } from "./support/live-server.js";
import { spawnCli } from "./support/pixl-cli.js";
import { startProxy } from "./support/tcp-proxy.js";

const SECRET_LINE = /Your local webhook signing secret is (whsec_[A-Za-z0-9+/=]+)\n/;

describe("the pixl listen command", () => {
  let server: LiveServer;
  let receiver: Receiver;
  beforeAll(async () => {
    server = await startLiveServer("sqlite");
    receiver = await startReceiver((req, res) =>
      res.writeHead(200).end(`got ${String(req.headers["x-webhook-id"])}`),
    );
  });
  afterAll(async () => {
    await receiver.close();
    await server.close();
  });

  it(
    "forwards 1,000 store events, none lost or repeated, across two cuts, printing each with the local answer",
    { timeout: 120_000 },
    async () => {
      receiver.received.length = 0;
      const s = await server.createStore("listencli");
      const proxy = await startProxy(server.url);
      const cli = spawnCli(
        [
          "listen",
          "--forward-to",
          `${receiver.url}/webhooks`,
          "--server",
          proxy.url,
          "--events",
          "product.created",
        ],
        { PIXL_TOKEN: s.token },
      );
      const [, secret = ""] = await cli.waitFor(SECRET_LINE);
      expect(cli.stdout()).toContain(
        `Ready! Forwarding the store's webhooks (product.created) to ${receiver.url}/webhooks`,
      );
      const publish = (from: number, count: number) =>
        server.app.database.kysely.transaction().execute(async (trx) => {
          for (let i = from; i < from + count; i++)
            await server.app.webhooks.publish(trx, { kind: "store", id: s.id }, "product.created", { id: i });
        });
      const cuts: number[] = [];
      for (let batch = 0; batch < 10; batch++) {
        await publish(batch * 100, 100);
        if (batch === 3 || batch === 7) {
          const before = batch * 50;
          await waitFor("forwarding under way", () =>
            Promise.resolve(receiver.received.length > before ? true : undefined),
          );
          cuts.push(proxy.cut());
        }
      }
      await waitFor(
        "1,000 events",
        () => Promise.resolve(receiver.received.length >= 1000 ? true : undefined),
        90_000,
      );
      // Shown: one line per event with the receiver's status and answer.
      const shown = () =>
        cli.stdout().match(/--> product\.created\s+wh_del_\S+ {2}<-- 200 "got wh_del_/g)?.length ?? 0;
      await waitFor("1,000 lines", () => Promise.resolve(shown() >= 1000 ? true : undefined), 10_000);
      cli.child.kill("SIGINT");
      expect(await cli.exited).toBe(0);
      proxy.close();

      const ids = receiver.received.map((r) => r.headers["x-webhook-id"] as string);
      expect(new Set(ids).size).toBe(1000);
      expect(ids).toHaveLength(1000);
      const checks = await Promise.all(
        receiver.received.map((r) =>
          verifyStoreSignature(r.body, r.headers["x-webhook-signature"] as string, secret),
        ),
      );
      expect(checks.every(Boolean)).toBe(true);
      const bodies = receiver.received.map((r) => JSON.parse(r.body) as { data: { id: number } });
      expect(new Set(bodies.map((b) => b.data.id)).size).toBe(1000);
      expect(cuts).toHaveLength(2);
      expect(cuts.every((n) => n > 0)).toBe(true);
      expect(proxy.connections()).toBeGreaterThanOrEqual(3);
      for (const id of ids.slice(0, 5))
        expect(cli.stdout()).toMatch(new RegExp(`--> product\\.created\\s+${id}  <-- 200 "got ${id}"`));
      // The listener is removed on the way out.
      const store = createStoreClient({ url: server.url, token: s.token });
      expect(await store.webhooks.list()).toEqual([]);
    },
  );

  it(
    "forwards a studio contact's image callbacks signed like Pixelz with the local secret, and only that contact's",
    { timeout: 90_000 },
    async () => {
      receiver.received.length = 0;
      const contact = await server.createContact("listen@studio.test");
      const other = await server.createContact("other@studio.test");
      const studio = createStudioClient({
        url: server.url,
        contactEmail: contact.email,
        contactAPIkey: contact.apiKey,
      });
      const otherStudio = createStudioClient({
        url: server.url,
        contactEmail: other.email,
        contactAPIkey: other.apiKey,
      });
      const cli = spawnCli(
        ["listen", "--contact", "--forward-to", `${receiver.url}/callback`, "--server", server.url],
        {
          PIXL_CONTACT_EMAIL: contact.email,
          PIXL_CONTACT_API_KEY: contact.apiKey,
        },
      );
      const [, secret = ""] = await cli.waitFor(SECRET_LINE);
      expect(cli.stdout()).toContain("Forwarding listen@studio.test's image callbacks");
      const submit = async (client: typeof studio, name: string) => {
        const template = await client.addTemplate({
          templateName: "Listen",
          templateOutputFormat: "JPG",
          deliveryTimeInHour: 72,
          backgroundType: 0,
        });
        const pair = await client.upload({ name, data: await createProductPhoto(160, 120) });
        return (
          await client.addImage({
            templateId: template.TemplateId,
            imageURL: pair.DownloadUrl,
            customerImageId: name,
          })
        ).ImageTicket;
      };
      const mine = await submit(studio, "mine.jpg");
      const theirs = await submit(otherStudio, "theirs.jpg");
      await studio.waitForImage(mine, { intervalMs: 100, timeoutMs: 60_000 });
      await otherStudio.waitForImage(theirs, { intervalMs: 100, timeoutMs: 60_000 });
      await waitFor(
        "the callback",
        () => Promise.resolve(receiver.received.length >= 1 ? true : undefined),
        30_000,
      );
      await cli.waitFor(/--> image\.processed\s+wh_del_\S+ {2}<-- 200/);
      cli.child.kill("SIGINT");
      expect(await cli.exited).toBe(0);

      expect(receiver.received).toHaveLength(1);
      const [callback] = receiver.received;
      const params = JSON.parse(callback?.body ?? "{}") as Record<string, string>;
      expect(params).toMatchObject({ imageTicket: mine, customerImageId: "mine.jpg" });
      expect(params["processedImageURL"]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/studio\/files\//);
      expect(callback?.headers["content-type"]).toBe("application/json; charset=utf-8");
      const signature = callback?.headers["http_x_pxz_customer_hmac_sha256"] as string;
      expect(await verifyStudioSignature(callback?.body ?? "", signature, secret)).toBe(true);
      expect(await verifyStudioSignature(callback?.body ?? "", signature, contact.secret)).toBe(false);
      // A developer's local receiver does not count as the webhook: the image has no callback URL, so 70.
      expect((await studio.getImageStatus({ imageTicket: mine })).ImageStatus?.StatusId).toBe(70);
    },
  );

  it("stops with one line when the server refuses: a wrong token, wrong contact credentials, a removed listener", async () => {
    const run = async (args: string[]) => {
      let printed = "";
      const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
        printed += String(chunk);
        return true;
      });
      try {
        return {
          code: await runCli([
            "node",
            "pixl",
            "listen",
            "--forward-to",
            `${receiver.url}/x`,
            "--server",
            server.url,
            ...args,
          ]),
          printed,
        };
      } finally {
        spy.mockRestore();
      }
    };
    const token = await run(["--token", "sk_live_wrong"]);
    expect(token).toEqual({
      code: 1,
      printed: expect.stringMatching(/^pixl: the server refused: .+\n$/) as string,
    });
    const contact = await run(["--contact", "--contact-email", "nobody@x.test", "--contact-key", "k"]);
    expect(contact.code).toBe(1);
    expect(contact.printed).toMatch(/the server refused: The contactEmail and contactAPIkey do not match/);

    const s = await server.createStore("removed");
    const store = createStoreClient({ url: server.url, token: s.token });
    const listener = await store.listeners.create({});
    const running = forwardDeliveries({
      source: storeListenSource(store, listener.id),
      forwardTo: `${receiver.url}/x`,
      secret: "whsec_x",
      signal: new AbortController().signal,
      waitSeconds: 1,
    });
    await store.listeners.delete(listener.id);
    await expect(running).rejects.toBeInstanceOf(NotFoundError);
  });
});
