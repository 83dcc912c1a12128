// Package hygiene of the client core: it bundles for a neutral (non-Node) platform with nothing external and
// no Node builtin imported, stays under 15 KB gzipped, runs in a bare Web-API sandbox (an edge runtime), and
// falls back where Node 18 lacks a global (Web Crypto, AbortSignal.any).
import { createHmac } from "node:crypto";
import path from "node:path";
import vm from "node:vm";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import packageJson from "../package.json" with { type: "json" };
import { createIdempotencyKey } from "../src/core/ids.js";
import { createStoreClient, signStoreBody, signStudioBody, verifyStandardWebhook } from "../src/index.js";
import { startLiveServer, type LiveServer } from "./support/live-server.js";

const entry = path.resolve(import.meta.dirname, "../src/index.ts");
const srcDir = path.dirname(entry);

async function bundle(format: "esm" | "iife") {
  const r = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format,
    ...(format === "iife" ? { globalName: "PixlSdk" } : {}),
    platform: "neutral",
    metafile: true,
    write: false,
    logLevel: "silent",
  });
  return { code: r.outputFiles[0]?.text ?? "", metafile: r.metafile };
}

describe("the client core bundle", () => {
  let server: LiveServer;
  let token: string;
  beforeAll(async () => {
    server = await startLiveServer("sqlite", { worker: false });
    token = (await server.createStore("edge")).token;
  });
  afterAll(async () => {
    await server.close();
  });

  it("imports nothing outside its sources: no dependency, no node: builtin, no Buffer or process", async () => {
    // ESM with types, built by tsc to dist/ (the sources for the workspace's own tools).
    expect(packageJson).not.toHaveProperty("dependencies");
    expect(packageJson).toMatchObject({
      type: "module",
      sideEffects: false,
      exports: { ".": { types: "./dist/index.d.ts", default: "./dist/index.js" } },
    });
    const { code, metafile } = await bundle("esm");
    const inputs = Object.keys(metafile.inputs).map((p) => path.resolve(p));
    expect(inputs.every((p) => p.startsWith(srcDir))).toBe(true);
    const output = Object.values(metafile.outputs)[0];
    expect(output?.imports).toEqual([]);
    expect(code).not.toMatch(/\bBuffer\b|\bprocess\.|\brequire\(|from\s*["']node:/);
    const gz = gzipSync(code).length;
    expect(gz).toBeLessThan(15 * 1024);
  });

  it("runs in a sandbox with only Web APIs (an edge runtime): clients, signatures, a fetch handler", async () => {
    const { code } = await bundle("iife");
    const sandbox = vm.createContext({
      fetch,
      Request,
      Response,
      Headers,
      URL,
      URLSearchParams,
      AbortController,
      AbortSignal,
      TextEncoder,
      TextDecoder,
      Blob,
      FormData,
      crypto: globalThis.crypto,
      atob,
      btoa,
      setTimeout,
      clearTimeout,
      console,
      args: { url: server.url, token },
    });
    vm.runInContext(code, sandbox);
    expect(vm.runInContext("typeof process + typeof Buffer + typeof require", sandbox)).toBe(
      "undefinedundefinedundefined",
    );
    const out = (await vm.runInContext(
      `(async () => {
        const store = PixlSdk.createStoreClient({ url: args.url, token: args.token });
        const product = await store.products.create({ name: "Edge", price: "1.00" });
        const listed = await store.products.list();
        let missing;
        try { await store.products.get(99999); } catch (e) { missing = [e.name, e.status]; }
        const body = JSON.stringify({ id: "wh_del_1", event_type: "webhook.test", created_at: "", data: {} });
        const signature = await PixlSdk.signStoreBody(body, "whsec_test");
        const handle = PixlSdk.toFetchHandler(PixlSdk.createStoreWebhookHandler({ secret: "whsec_test", on: {} }));
        const good = await handle(new Request("http://edge/hook", { method: "POST", body, headers: { "x-webhook-signature": signature } }));
        const bad = await handle(new Request("http://edge/hook", { method: "POST", body, headers: { "x-webhook-signature": "0".repeat(64) } }));
        return { id: product.id, count: listed.data.length, missing, signature, good: good.status, bad: bad.status };
      })()`,
      sandbox,
    )) as { id: number; count: number; missing: unknown[]; signature: string; good: number; bad: number };
    expect(out.count).toBe(1);
    expect(out.missing).toEqual(["NotFoundError", 404]);
    const body = JSON.stringify({ id: "wh_del_1", event_type: "webhook.test", created_at: "", data: {} });
    expect(out.signature).toBe(createHmac("sha256", "whsec_test").update(body).digest("hex"));
    expect([out.good, out.bad]).toEqual([200, 401]);
  });

  it("falls back on Node 18: no global crypto, no AbortSignal.any", async () => {
    const cryptoDescriptor = Object.getOwnPropertyDescriptor(globalThis, "crypto");
    const any = (AbortSignal as { any?: unknown }).any;
    delete (globalThis as { crypto?: unknown }).crypto;
    delete (AbortSignal as { any?: unknown }).any;
    try {
      expect(globalThis.crypto).toBeUndefined();
      expect(await signStoreBody("body", "key")).toBe(
        createHmac("sha256", "key").update("body").digest("hex"),
      );
      expect(await signStudioBody("body", "key")).toBe(
        createHmac("sha256", "key").update("body").digest("base64"),
      );
      expect(await verifyStandardWebhook("b", { "webhook-id": "x" }, "k")).toBe("missing");
      const keys = new Set(Array.from({ length: 50 }, () => createIdempotencyKey()));
      expect(keys.size).toBe(50);
      const controller = new AbortController();
      const store = createStoreClient({ url: server.url, token });
      expect(Array.isArray((await store.products.list({}, { signal: controller.signal })).data)).toBe(true);
      controller.abort();
      await expect(store.products.list({}, { signal: controller.signal })).rejects.toThrow();
    } finally {
      if (cryptoDescriptor) Object.defineProperty(globalThis, "crypto", cryptoDescriptor);
      (AbortSignal as { any?: unknown }).any = any;
    }
  });
});
