// Local signed-URL routes over a real socket: error bodies, upload limits, Range/HEAD, parser isolation.
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startLocalHarness, type LocalHarness } from "./blob-harness.test-support.js";
import { parseRange } from "./blob.routes.js";

describe("blob routes", () => {
  let h: LocalHarness;
  beforeAll(async () => {
    h = await startLocalHarness({
      maxUploadBytes: 64 * 1024,
      // A JSON route on the same app: the blob plugin's raw parser must not reach it.
      configure: (app) => app.post("/echo", (request) => ({ got: request.body })),
    });
  });
  afterAll(() => h.close());

  it("answers an expired URL with 403 signed_url_expired, as JSON", async () => {
    await h.store.put("e.txt", Buffer.from("e"));
    const url = await h.store.presignGet("e.txt", { expiresInSeconds: 60 });
    expect((await fetch(url)).status).toBe(200);
    h.clock.advance(60_000);
    const r = await fetch(url);
    expect(r.status).toBe(403);
    expect(await r.json()).toMatchObject({
      error: "signed_url_expired",
      message: expect.any(String) as string,
    });
    h.clock.set(Date.now());
  });

  it("answers a tampered URL with 403 signed_url_invalid, as JSON", async () => {
    const url = await h.store.presignGet("e.txt", { expiresInSeconds: 60 });
    const r = await fetch(url.replace("/e.txt", "/f.txt"));
    expect(r.status).toBe(403);
    expect(await r.json()).toMatchObject({ error: "signed_url_invalid" });
    const unsigned = await fetch(url.split("?")[0] ?? "");
    expect(unsigned.status).toBe(403);
    const traversal = await fetch(url.replace("/e.txt", "/..%2Fe.txt"));
    expect(traversal.status).toBe(403);
  });

  it("refuses uploads over the server limit with 413, declared or streamed, and stores nothing", async () => {
    const url = await h.store.presignPut("big.bin", { expiresInSeconds: 60 });
    const declared = await fetch(url, { method: "PUT", body: Buffer.alloc(64 * 1024 + 1) });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ error: "payload_too_large" });

    // Chunked: no Content-Length, so the limit is found while streaming.
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new Uint8Array(8 * 1024));
        controller.close();
      },
    });
    const streamed = await fetch(url, { method: "PUT", body, duplex: "half" });
    expect(streamed.status).toBe(413);
    expect(await h.store.find("big.bin")).toBeUndefined();
    expect((await fetch(url, { method: "PUT", body: Buffer.alloc(64 * 1024) })).status).toBe(200);
  });

  it("stores a client's half-finished upload as nothing", async () => {
    const url = new URL(await h.store.presignPut("half.bin", { expiresInSeconds: 60 }));
    const req = httpRequest(url, { method: "PUT", headers: { "content-length": "50000" } });
    req.on("error", () => undefined);
    req.write(Buffer.alloc(10_000));
    await new Promise((resolve) => setTimeout(resolve, 50));
    req.destroy();
    await vi.waitFor(async () => {
      const { readdirSync } = await import("node:fs");
      expect(readdirSync(`${h.dir}/.tmp`)).toEqual([]);
    });
    expect(await h.store.find("half.bin")).toBeUndefined();
  });

  it("serves byte ranges and HEAD, with headers that stop browsers running the content", async () => {
    await h.store.put("r.txt", Buffer.from("0123456789"), { contentType: "text/html" });
    const url = await h.store.presignGet("r.txt", { expiresInSeconds: 60 });
    const part = await fetch(url, { headers: { range: "bytes=2-5" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe("bytes 2-5/10");
    expect(await part.text()).toBe("2345");
    expect(await (await fetch(url, { headers: { range: "bytes=-3" } })).text()).toBe("789");
    expect((await fetch(url, { headers: { range: "bytes=10-" } })).status).toBe(416);

    const head = await fetch(url, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe("10");
    expect(head.headers.get("content-type")).toBe("text/html");
    expect(head.headers.get("x-content-type-options")).toBe("nosniff");
    expect(head.headers.get("content-security-policy")).toContain("sandbox");
  });

  it("stores any content type byte for byte, without changing body parsing elsewhere", async () => {
    const url = await h.store.presignPut("raw.json", { expiresInSeconds: 60 });
    const up = await fetch(url, {
      method: "PUT",
      body: "{not json",
      headers: { "content-type": "application/json" },
    });
    expect(up.status).toBe(200);
    const got = await h.store.get("raw.json");
    expect(got.info.contentType).toBe("application/json");
    got.body.destroy();
    const echo = await h.server.app.inject({ method: "POST", url: "/echo", payload: { a: 1 } });
    expect(echo.json()).toEqual({ got: { a: 1 } });
    const bad = await h.server.app.inject({
      method: "POST",
      url: "/echo",
      payload: "{not json",
      headers: { "content-type": "application/json" },
    });
    expect(bad.statusCode).toBe(400);
  });
});

describe("parseRange", () => {
  it("reads single ranges and ignores what it does not understand", () => {
    expect(parseRange(undefined, 10)).toBeUndefined();
    expect(parseRange("bytes=0-0", 10)).toEqual({ start: 0, end: 0 });
    expect(parseRange("bytes=5-100", 10)).toEqual({ start: 5, end: 9 });
    expect(parseRange("bytes=-100", 10)).toEqual({ start: 0, end: 9 });
    expect(parseRange("bytes=0-1,4-5", 10)).toBeUndefined();
    expect(parseRange("items=0-1", 10)).toBeUndefined();
    expect(parseRange("bytes=5-4", 10)).toBe("unsatisfiable");
    expect(parseRange("bytes=0-", 0)).toBe("unsatisfiable");
  });
});
