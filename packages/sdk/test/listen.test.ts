// `pixl listen`'s forwarding against a live server through a TCP proxy that is cut twice mid-stream:
// 1,000 events reach the local receiver, each once, signed with the local secret.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createLocalSecret,
  createStoreClient,
  forwardDeliveries,
  storeListenSource,
  verifyStoreSignature,
  type StoreClient,
} from "../src/index.js";
import { startLiveServer, waitFor, type LiveServer } from "./support/live-server.js";
import { startProxy } from "./support/tcp-proxy.js";

describe("pixl listen forwarding", () => {
  let server: LiveServer;
  let storeId: number;
  let token: string;
  beforeAll(async () => {
    server = await startLiveServer("sqlite");
    const s = await server.createStore("listen");
    storeId = s.id;
    token = s.token;
  });
  afterAll(async () => {
    await server.close();
  });

  it(
    "forwards 1,000 events with none lost or repeated while the connection is cut twice",
    { timeout: 120_000 },
    async () => {
      const received = new Map<string, number>();
      const secret = createLocalSecret();
      let badSignatures = 0;
      const receiver = http.createServer((req, res) => {
        let body = "";
        req.on("data", (c: Buffer) => (body += c.toString()));
        req.on("end", () => {
          void verifyStoreSignature(body, req.headers["x-webhook-signature"] as string, secret).then((ok) => {
            if (!ok) badSignatures++;
            const id = req.headers["x-webhook-id"] as string;
            received.set(id, (received.get(id) ?? 0) + 1);
            res.writeHead(200).end("ok");
          });
        });
      });
      await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
      const proxy = await startProxy(server.url);
      const store: StoreClient = createStoreClient({ url: proxy.url, token });
      const listener = await store.listeners.create({ events: ["product.created"] });
      const controller = new AbortController();
      let disconnects = 0;
      const statuses: (number | undefined)[] = [];
      const running = forwardDeliveries({
        source: storeListenSource(store, listener.id),
        forwardTo: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks`,
        secret,
        signal: controller.signal,
        waitSeconds: 2,
        onForward: (d) => statuses.push(d.status),
        onDisconnect: () => disconnects++,
      });
      const publish = async (from: number, count: number) => {
        await server.app.database.kysely.transaction().execute(async (trx) => {
          for (let i = from; i < from + count; i++)
            await server.app.webhooks.publish(trx, { kind: "store", id: storeId }, "product.created", {
              id: i,
            });
        });
      };
      const cutSockets: number[] = [];
      for (let batch = 0; batch < 10; batch++) {
        await publish(batch * 100, 100);
        if (batch === 3 || batch === 7) {
          await waitFor("some forwarding", () =>
            Promise.resolve(received.size > batch * 50 ? true : undefined),
          );
          cutSockets.push(proxy.cut());
        }
      }
      await waitFor("1,000 events", () => Promise.resolve(received.size >= 1000 ? true : undefined), 90_000);
      controller.abort();
      await running;
      const totalConnections = proxy.connections();
      proxy.close();
      receiver.close();
      expect(received.size).toBe(1000);
      expect([...received.values()].every((n) => n === 1)).toBe(true);
      expect(badSignatures).toBe(0);
      // Both cuts hit live connections, and the forwarder connected again after each (a cut in the middle of
      // a long-poll shows as a disconnect; one between requests is absorbed by a fresh connection).
      expect(cutSockets).toHaveLength(2);
      expect(cutSockets.every((n) => n > 0)).toBe(true);
      expect(totalConnections).toBeGreaterThanOrEqual(3);
      expect(statuses.every((s) => s === 200)).toBe(true);
      // Everything was acknowledged: nothing remains pending on the server.
      const direct = createStoreClient({ url: server.url, token });
      const left = await direct.listeners.pull(listener.id, { wait: 0 });
      expect(left.data).toHaveLength(0);
    },
  );
});
