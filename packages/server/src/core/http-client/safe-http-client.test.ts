// End-to-end tests of the safe client over real loopback sockets. Only 127.0.0.1 is ever connected to:
// every other address in here must be refused before a socket is opened, which these tests assert.
import type { ResolveHost } from "./checked-lookup.js";
import { createSafeHttpClient, type SafeHttpClient } from "./safe-http-client.js";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import {
  catchAppError,
  closeFixtures,
  createResolver,
  createTestClient,
  startServer,
  trackClient,
  type Handler,
} from "./loopback-fixtures.test-support.js";
import { installLoopbackGuard } from "./loopback-guard.test-support.js";

// Installed at load, before any test: a regression must fail here, not reach the network.
const guard = installLoopbackGuard();
afterEach(closeFixtures);
afterAll(() => guard.uninstall());

const ok: Handler = (_req, res) => res.end("hello");

describe("refusals before any connection", () => {
  it("refuses 30 hostile URLs with a clear reason and never connects", async () => {
    const server = await startServer(ok);
    const p = server.port;
    const attemptsBefore = guard.attempts.length;
    const dns = createResolver({
      "metadata.internal": ["169.254.169.254"],
      "mixed.example": ["93.184.216.34", "10.0.0.1"],
      "ula.example": ["fd00::1"],
      "mapped.example": ["::ffff:192.168.0.1"],
    });
    const strict = createSafeHttpClient({ resolveHost: dns });
    const system = createSafeHttpClient(); // the real resolver, for "localhost" (/etc/hosts)
    trackClient(strict, system);
    const cases: [string, string, string | undefined, SafeHttpClient?][] = [
      [`http://127.0.0.1:${p}/`, "private_address", "loopback"],
      [`http://localhost:${p}/`, "private_address", "loopback", system],
      [`http://2130706433:${p}/`, "private_address", "loopback"],
      [`http://0x7f000001:${p}/`, "private_address", "loopback"],
      [`http://0x7f.1:${p}/`, "private_address", "loopback"],
      [`http://0177.0.0.1:${p}/`, "private_address", "loopback"],
      [`http://127.1:${p}/`, "private_address", "loopback"],
      [`http://[::1]:${p}/`, "private_address", "loopback"],
      [`http://[::ffff:127.0.0.1]:${p}/`, "private_address", "loopback"],
      [`http://[::ffff:7f00:1]:${p}/`, "private_address", "loopback"],
      [`http://[::127.0.0.1]:${p}/`, "private_address", "reserved"],
      ["http://10.1.2.3/", "private_address", "private"],
      ["http://172.16.0.1/", "private_address", "private"],
      ["http://192.168.1.1/", "private_address", "private"],
      ["http://169.254.169.254/latest/meta-data/", "private_address", "linkLocal"],
      ["http://100.64.0.1/", "private_address", "carrierGradeNat"],
      [`http://0.0.0.0:${p}/`, "private_address", "unspecified"],
      [`http://0:${p}/`, "private_address", "unspecified"],
      ["http://224.0.0.1/", "private_address", "multicast"],
      ["http://255.255.255.255/", "private_address", "broadcast"],
      ["http://[fc00::1]/", "private_address", "uniqueLocal"],
      ["http://[fe80::1]/", "private_address", "linkLocal"],
      ["http://[64:ff9b::a00:1]/", "private_address", "rfc6052"],
      ["http://[2002:a00:1::1]/", "private_address", "6to4"],
      ["http://metadata.internal/", "private_address", "linkLocal"],
      ["http://mixed.example/", "private_address", "private"],
      ["http://ula.example/", "private_address", "uniqueLocal"],
      ["http://mapped.example/", "private_address", "private"],
      ["file:///etc/passwd", "unsupported_scheme", undefined],
      ["ftp://example.com/file", "unsupported_scheme", undefined],
      ["gopher://example.com/", "unsupported_scheme", undefined],
      ["data:text/plain,hello", "unsupported_scheme", undefined],
      [`http://user:pass@127.0.0.1:${p}/`, "credentials_in_url", undefined],
    ];
    for (const [url, reason, range, via] of cases) {
      const error = await catchAppError((via ?? strict).request(url));
      expect({ url, code: error.code, reason: error.details?.reason, range: error.details?.range }).toEqual({
        url,
        code: "url_refused",
        reason,
        range,
      });
      expect(error.status).toBe(422);
    }
    expect(server.connections()).toBe(0);
    // No IP literal got as far as a socket; names did, and their sockets' lookup hook refused them.
    expect(guard.attempts.slice(attemptsBefore)).toEqual([
      "localhost",
      "metadata.internal",
      "mixed.example",
      "ula.example",
      "mapped.example",
    ]);
    expect(dns.calls).toEqual(["metadata.internal", "mixed.example", "ula.example", "mapped.example"]);
  });

  it("reports the address and host it refused", async () => {
    const dns = createResolver({ "internal.example": ["10.0.0.7"] });
    const error = await catchAppError(
      createTestClient({ resolveHost: dns }).request("https://internal.example/hook"),
    );
    expect(error.details).toEqual({
      reason: "private_address",
      range: "private",
      address: "10.0.0.7",
      host: "internal.example",
    });
  });

  it("fails clearly when a name does not resolve", async () => {
    const error = await catchAppError(
      createTestClient({ resolveHost: createResolver({}) }).request("http://nowhere.example/"),
    );
    expect(error.code).toBe("fetch_failed");
    expect(error.details).toMatchObject({ reason: "dns_failed", host: "nowhere.example" });
  });
});

describe("allowPrivateNetworks", () => {
  it("lets loopback through, by literal and by name, but still refuses cloud metadata", async () => {
    const server = await startServer(ok);
    const dev = createSafeHttpClient({ allowPrivateNetworks: true });
    trackClient(dev);
    expect((await dev.request(`${server.origin}/`)).body.toString()).toBe("hello");
    expect((await dev.request(`http://localhost:${server.port}/`)).status).toBe(200);
    const error = await catchAppError(dev.request("http://169.254.169.254/"));
    expect(error.details).toMatchObject({ reason: "private_address", range: "linkLocal" });
  });
});

describe("requests", () => {
  it("GETs a body with status, headers and duration", async () => {
    const server = await startServer((_req, res) => {
      res.setHeader("content-type", "image/png");
      res.end("png-bytes");
    });
    const r = await createTestClient().request(`${server.origin}/img.png?size=2`);
    expect(r.status).toBe(200);
    expect(r.headers["content-type"]).toBe("image/png");
    expect(r.body.toString()).toBe("png-bytes");
    expect(r.truncated).toBe(false);
    expect(r.url).toBe(`${server.origin}/img.png?size=2`);
    expect(r.durationMs).toBeGreaterThanOrEqual(0);
    expect(server.requests[0]?.headers["user-agent"]).toBe("Pixl");
  });

  it("POSTs a webhook with method, headers and raw body, and returns the endpoint's answer", async () => {
    const server = await startServer((req, res, body) => {
      res.statusCode = 202;
      res.setHeader("x-got-signature", String(req.headers["x-pixl-signature"]));
      res.end(`got ${body.length} bytes`);
    });
    const payload = JSON.stringify({ event: "order.created", id: 1 });
    const r = await createTestClient().request(`${server.origin}/hooks`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Pixl-Signature": "t=1,v1=abc" },
      body: payload,
    });
    expect(r.status).toBe(202);
    expect(r.headers["x-got-signature"]).toBe("t=1,v1=abc");
    expect(r.body.toString()).toBe(`got ${payload.length} bytes`);
    expect(server.requests[0]).toMatchObject({ method: "POST", url: "/hooks", body: payload });
    expect(server.requests[0]?.headers["content-type"]).toBe("application/json");
  });

  it("reuses one keep-alive connection for several deliveries to the same endpoint", async () => {
    const server = await startServer(ok);
    const c = createTestClient();
    for (let i = 0; i < 5; i++) {
      const r = await c.request(`${server.origin}/hooks`, { method: "POST", body: `delivery ${i}` });
      expect(r.status).toBe(200);
    }
    expect(server.requests).toHaveLength(5);
    expect(server.connections()).toBe(1);
    expect(guard.attempts.at(-1)).toBe("127.0.0.1"); // the guard sees real connects
  });

  it("streams a download", async () => {
    const server = await startServer((_req, res) => {
      res.write("part1-");
      res.end("part2");
    });
    const r = await createTestClient().stream(`${server.origin}/big`);
    const chunks: Buffer[] = [];
    for await (const chunk of r.body as AsyncIterable<Buffer>) chunks.push(chunk);
    expect(Buffer.concat(chunks).toString()).toBe("part1-part2");
  });

  it("reports a refused connection as fetch_failed", async () => {
    const server = await startServer(ok);
    const port = server.port;
    await server.close();
    const error = await catchAppError(createTestClient().request(`http://127.0.0.1:${port}/`));
    expect(error.code).toBe("fetch_failed");
    expect(error.details).toMatchObject({ reason: "network_error", error: "ECONNREFUSED" });
  });

  it("rejects nonsensical limits as programmer errors", async () => {
    const c = createTestClient();
    await expect(c.request("http://127.0.0.1/", { totalTimeoutMs: 0 })).rejects.toThrow(RangeError);
    await expect(c.request("http://127.0.0.1/", { maxBodyBytes: Number.NaN })).rejects.toThrow(RangeError);
    expect(() => createSafeHttpClient({ maxRedirects: -1 })).toThrow(RangeError);
  });

  it("propagates the caller's cancellation", async () => {
    const server = await startServer(() => undefined); // never answers
    const controller = new AbortController();
    const pending = createTestClient().request(`${server.origin}/`, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const error = await catchAppError(pending);
    expect(error.code).toBe("fetch_failed");
    expect(error.details).toEqual({ reason: "aborted" });
  });
});
describe("DNS rebinding", () => {
  it("checks the address each new connection actually uses", async () => {
    // A name that answers loopback (allowed here) first, then a private address: the classic rebinding.
    const server = await startServer((_req, res) => res.setHeader("connection", "close").end("first"));
    let lookups = 0;
    const rebinding: ResolveHost = () => Promise.resolve(lookups++ === 0 ? ["127.0.0.1"] : ["10.0.0.1"]);
    const c = createTestClient({ resolveHost: rebinding });
    const url = `http://rebind.example:${server.port}/`;
    expect((await c.request(url)).body.toString()).toBe("first");
    const error = await catchAppError(c.request(url));
    expect(error.details).toMatchObject({ reason: "private_address", address: "10.0.0.1" });
    expect(lookups).toBe(2);
    expect(server.connections()).toBe(1);
  });
});
