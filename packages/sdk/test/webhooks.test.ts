// The webhook helpers against real deliveries from a live server: Express, Fastify and fetch-style receivers
// verify, dedupe and dispatch typed events, and reject tampered, unsigned and stale (replayed) deliveries.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createMemoryDedupeStore,
  createRedisDedupeStore,
  createStoreClient,
  createStoreWebhookHandler,
  expressWebhookHandler,
  registerFastifyWebhook,
  signStudioBody,
  toFetchHandler,
  verifyStandardWebhook,
  verifyStudioSignature,
  type StoreClient,
  type StoreEvent,
} from "../src/index.js";
import { connectRedis } from "../examples/support/redis-resp.js";
import { startLiveServer, waitFor, type LiveServer } from "./support/live-server.js";

// express ships no types and @types/express is not installed: the little used here, typed locally.
type Middleware = (req: never, res: never, next: (e?: unknown) => void) => void;
interface ExpressApp {
  post(path: string, handler: Middleware): void;
  listen(port: number, host: string): http.Server;
}
const express = createRequire(import.meta.url)("express") as () => ExpressApp;

interface Captured {
  headers: Record<string, string>;
  body: string;
  status: number;
}

/** A fetch-style handler served by node:http (what Hono or a Next.js route handler would run). */
async function serveFetch(
  handler: (r: Request) => Promise<Response>,
): Promise<{ url: string; close(): void }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const request = new Request(`http://x${req.url ?? ""}`, {
        method: req.method ?? "POST",
        headers: req.headers as Record<string, string>,
        body: Buffer.concat(chunks),
      });
      void handler(request).then(async (r) => {
        res.writeHead(r.status);
        res.end(await r.text());
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

describe("webhook helpers with real deliveries", () => {
  let server: LiveServer;
  let store: StoreClient;
  const closers: (() => unknown)[] = [];
  beforeAll(async () => {
    server = await startLiveServer("sqlite");
    const s = await server.createStore("hooks");
    store = createStoreClient({ url: server.url, token: s.token });
  });
  afterAll(async () => {
    for (const c of closers) await c();
    await server.close();
  });

  it("Express, Fastify and fetch receivers verify, dedupe by delivery id and dispatch typed events", async () => {
    const got: { via: string; name: string; id: string }[] = [];
    const captured: Captured[] = [];
    const handlers: Record<string, ReturnType<typeof createStoreWebhookHandler>> = {};
    const urls: Record<string, string> = {};
    const secrets: Record<string, string> = {};
    const make = (via: string) =>
      createStoreWebhookHandler({
        secret: secrets[via] ?? "",
        dedupe: createMemoryDedupeStore(),
        requireTimestamp: via === "fetch",
        on: {
          "product.created": (e: StoreEvent<"product.created">) => {
            got.push({ via, name: e.data.name, id: e.id });
          },
        },
      });

    const ex = express();
    ex.post("/hook", (req, res, next) => {
      const handle = (handlers["express"] ??= make("express"));
      expressWebhookHandler(handle)(req, res, next);
    });
    const exServer = ex.listen(0, "127.0.0.1");
    await new Promise((r) => exServer.once("listening", r));
    closers.push(() => exServer.close());
    urls["express"] = `http://127.0.0.1:${(exServer.address() as AddressInfo).port}/hook`;

    const fa = Fastify();
    registerFastifyWebhook(fa, "/hook", (req) => (handlers["fastify"] ??= make("fastify"))(req));
    urls["fastify"] = `${await fa.listen({ port: 0, host: "127.0.0.1" })}/hook`;
    closers.push(() => fa.close());

    const fe = await serveFetch(async (request) => {
      const copy = request.clone();
      const response = await toFetchHandler((handlers["fetch"] ??= make("fetch")))(request);
      captured.push({
        headers: Object.fromEntries(copy.headers.entries()),
        body: await copy.text(),
        status: response.status,
      });
      return response;
    });
    closers.push(() => fe.close());
    urls["fetch"] = `${fe.url}/hook`;

    const hooks: Record<string, number> = {};
    for (const via of ["express", "fastify", "fetch"]) {
      const hook = await store.webhooks.create({
        url: urls[via] ?? "",
        events: ["product.created"],
        standard_webhooks: true,
      });
      secrets[via] = hook.secret;
      hooks[via] = hook.id;
    }
    await store.products.create({ name: "VIP Rank", price: "29.99" });
    await waitFor("three deliveries", () => Promise.resolve(got.length >= 3 ? got : undefined));
    expect(got.map((g) => g.via).sort()).toEqual(["express", "fastify", "fetch"]);
    expect(got.every((g) => g.name === "VIP Rank")).toBe(true);

    // A redelivery carries the same id: acknowledged, not processed again.
    const fetchDelivery = got.find((g) => g.via === "fetch")?.id ?? "";
    await store.webhooks.redeliver(hooks["fetch"] ?? 0, fetchDelivery);
    await waitFor("the redelivery", () => Promise.resolve(captured.length >= 2 ? true : undefined));
    expect(captured[1]?.status).toBe(200);
    expect(got.filter((g) => g.via === "fetch")).toHaveLength(1);

    // Tampered, unsigned, and a captured delivery replayed outside the tolerance: 401.
    const original = captured[0];
    if (!original) throw new Error("nothing captured");
    const handle = createStoreWebhookHandler({
      secret: secrets["fetch"] ?? "",
      requireTimestamp: true,
      on: {},
    });
    const header = (h: Record<string, string>) => (n: string) => h[n.toLowerCase()];
    expect((await handle({ rawBody: original.body, header: header(original.headers) })).status).toBe(200);
    const tampered = original.body.replace("29.99", "0.01");
    expect((await handle({ rawBody: tampered, header: header(original.headers) })).status).toBe(401);
    expect((await handle({ rawBody: original.body, header: () => undefined })).status).toBe(401);
    const later = createStoreWebhookHandler({
      secret: secrets["fetch"] ?? "",
      requireTimestamp: true,
      now: () => Date.now() + 10 * 60_000,
      on: {},
    });
    expect((await later({ rawBody: original.body, header: header(original.headers) })).status).toBe(401);
    expect(
      await verifyStandardWebhook(original.body, original.headers, secrets["fetch"] ?? "", {
        nowMs: Date.now() + 10 * 60_000,
      }),
    ).toBe("outside-tolerance");
    // Hex signature alone: tampering is caught too.
    const hex = createStoreWebhookHandler({ secret: secrets["fetch"] ?? "", on: {} });
    expect((await hex({ rawBody: original.body, header: header(original.headers) })).status).toBe(200);
    expect((await hex({ rawBody: tampered, header: header(original.headers) })).status).toBe(401);
    // Real HTTP: an unsigned POST to the Express receiver is refused.
    const unsigned = await fetch(urls["express"] ?? "", { method: "POST", body: original.body });
    expect(unsigned.status).toBe(401);
  });

  it("dedupes through Redis across handler instances", async () => {
    const redis = await connectRedis();
    closers.push(() => redis.close());
    const dedupe = createRedisDedupeStore(redis, { prefix: `pixl_sdk_test:${Date.now()}:` });
    expect(await dedupe.claim("wh_del_1", 60_000)).toBe(true);
    expect(await dedupe.claim("wh_del_1", 60_000)).toBe(false);
    await dedupe.release("wh_del_1");
    expect(await dedupe.claim("wh_del_1", 60_000)).toBe(true);
  });

  it("verifies studio signatures (base64 HMAC of the raw body)", async () => {
    const body = '{"imageTicket":"t","processedImageURL":"u","templateId":"1"}';
    const sig = await signStudioBody(body, "secret-code");
    expect(await verifyStudioSignature(body, sig, "secret-code")).toBe(true);
    expect(await verifyStudioSignature(body.replace("u", "v"), sig, "secret-code")).toBe(false);
    expect(await verifyStudioSignature(body, undefined, "secret-code")).toBe(false);
  });
});
