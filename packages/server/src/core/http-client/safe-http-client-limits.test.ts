// End-to-end tests of the safe client's limits over loopback: redirects (each hop re-checked), body
// size, total and connect timeouts. Only 127.0.0.1 is connected to; other targets must be refused first.
import { createServer as createTcpServer, type AddressInfo, type Socket } from "node:net";
import type { ResolveHost } from "./checked-lookup.js";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import {
  catchAppError,
  closeFixtures,
  createResolver,
  createTestClient,
  startServer,
  type Handler,
} from "./loopback-fixtures.test-support.js";
import { installLoopbackGuard } from "./loopback-guard.test-support.js";

// Installed at load, before any test: a regression must fail here, not reach the network.
const guard = installLoopbackGuard();
afterEach(closeFixtures);
afterAll(() => guard.uninstall());

describe("redirects", () => {
  /** Answers `/r/<n>` with a redirect to `/r/<n-1>`, and `/r/0` with "done". */
  const chain: Handler = (req, res) => {
    const n = Number(req.url?.split("/")[2]);
    if (n > 0) res.writeHead(302, { location: `/r/${n - 1}` }).end();
    else res.end("done");
  };

  it("follows up to maxRedirects hops and reports them", async () => {
    const server = await startServer(chain);
    const r = await createTestClient().request(`${server.origin}/r/5`);
    expect(r.body.toString()).toBe("done");
    expect(r.url).toBe(`${server.origin}/r/0`);
    expect(r.redirects).toHaveLength(5);
  });

  it("refuses one hop more than maxRedirects (default 5, or per call)", async () => {
    const server = await startServer(chain);
    const error = await catchAppError(createTestClient().request(`${server.origin}/r/6`));
    expect(error.code).toBe("url_refused");
    expect(error.details).toMatchObject({ reason: "too_many_redirects", maxRedirects: 5 });
    const perCall = await catchAppError(
      createTestClient().request(`${server.origin}/r/2`, { maxRedirects: 1 }),
    );
    expect(perCall.details).toMatchObject({ reason: "too_many_redirects", maxRedirects: 1 });
  });

  it("refuses a redirect loop clearly", async () => {
    const server = await startServer((req, res) => {
      res.writeHead(307, { location: req.url === "/a" ? "/b" : "/a" }).end();
    });
    const error = await catchAppError(createTestClient().request(`${server.origin}/a`));
    expect(error.code).toBe("url_refused");
    expect(error.details).toMatchObject({ reason: "redirect_loop", url: `${server.origin}/a` });
    expect(server.requests.map((r) => r.url)).toEqual(["/a", "/b"]);
  });

  it("returns the 3xx itself when followRedirects is false", async () => {
    const server = await startServer(chain);
    const r = await createTestClient().request(`${server.origin}/r/1`, { followRedirects: false });
    expect(r.status).toBe(302);
    expect(r.headers.location).toBe("/r/0");
  });

  it.each([
    ["http://10.0.0.1/admin", "private_address", "private"],
    ["http://169.254.169.254/latest/meta-data/", "private_address", "linkLocal"],
    ["http://127.0.0.2:1/", "private_address", "loopback"],
    ["http://[::1]:1/", "private_address", "loopback"],
    ["http://2130706434:1/", "private_address", "loopback"], // 127.0.0.2 spelled as a number
    ["http://internal.example/", "private_address", "private"],
    ["file:///etc/passwd", "unsupported_scheme", undefined],
    ["gopher://example.com/", "unsupported_scheme", undefined],
  ])("checks every hop: refuses a redirect to %s", async (target, reason, range) => {
    // The first hop is an allowed loopback server; the hop it points to must be refused on its own merits.
    const server = await startServer((_req, res) => res.writeHead(302, { location: target }).end());
    const dns = createResolver({ "internal.example": ["10.9.9.9"] });
    const error = await catchAppError(createTestClient({ resolveHost: dns }).request(`${server.origin}/go`));
    expect(error.code).toBe("url_refused");
    expect(error.details?.reason).toBe(reason);
    expect(error.details?.range).toBe(range);
    expect(server.requests).toHaveLength(1);
  });

  it("turns a POST into a GET on 303 and keeps method and body on 307", async () => {
    const server = await startServer((req, res) => {
      if (req.url === "/see-other") res.writeHead(303, { location: "/result" }).end();
      else if (req.url === "/temporary") res.writeHead(307, { location: "/result" }).end();
      else res.end(req.method);
    });
    const c = createTestClient();
    const seeOther = await c.request(`${server.origin}/see-other`, { method: "POST", body: "payload" });
    expect(seeOther.body.toString()).toBe("GET");
    const temporary = await c.request(`${server.origin}/temporary`, { method: "POST", body: "payload" });
    expect(temporary.body.toString()).toBe("POST");
    expect(server.requests.map((r) => `${r.method} ${r.url} ${r.body}`)).toEqual([
      "POST /see-other payload",
      "GET /result ",
      "POST /temporary payload",
      "POST /result payload",
    ]);
  });

  it("drops credentials when a redirect leaves the origin", async () => {
    const other = await startServer((req, res) => res.end(String(req.headers.authorization)));
    const first = await startServer((_req, res) =>
      res.writeHead(302, { location: `${other.origin}/x` }).end(),
    );
    const r = await createTestClient().request(`${first.origin}/`, {
      headers: { Authorization: "Bearer secret" },
    });
    expect(first.requests[0]?.headers.authorization).toBe("Bearer secret");
    expect(r.body.toString()).toBe("undefined");
  });
});
describe("body size limit", () => {
  const payload = Buffer.alloc(1000, "x");

  it("refuses early when Content-Length is over the limit", async () => {
    const server = await startServer((_req, res) => res.setHeader("content-length", 1000).end(payload));
    const error = await catchAppError(createTestClient().request(`${server.origin}/`, { maxBodyBytes: 100 }));
    expect(error.code).toBe("fetch_too_large");
    expect(error.details).toEqual({ reason: "body_too_large", maxBodyBytes: 100, contentLength: 1000 });
  });

  it("does not hold a HEAD answer's Content-Length against it", async () => {
    const server = await startServer((_req, res) => res.setHeader("content-length", 1000).end());
    const r = await createTestClient().request(`${server.origin}/`, { method: "HEAD", maxBodyBytes: 100 });
    expect(r.status).toBe(200);
    expect(r.body).toHaveLength(0);
  });

  it("refuses while reading when no Content-Length is sent", async () => {
    const server = await startServer((_req, res) => {
      for (let i = 0; i < 10; i++) res.write(payload.subarray(0, 100));
      res.end();
    });
    const r = await catchAppError(createTestClient().request(`${server.origin}/`, { maxBodyBytes: 250 }));
    expect(r.code).toBe("fetch_too_large");
    expect(r.details).toEqual({ reason: "body_too_large", maxBodyBytes: 250 });
  });

  it("errors the stream past the limit", async () => {
    const server = await startServer((_req, res) => {
      for (let i = 0; i < 10; i++) res.write(payload.subarray(0, 100));
      res.end();
    });
    const r = await createTestClient({ maxBodyBytes: 250 }).stream(`${server.origin}/`);
    let received = 0;
    const error = await catchAppError(
      (async () => {
        for await (const chunk of r.body as AsyncIterable<Buffer>) received += chunk.length;
      })(),
    );
    expect(error.code).toBe("fetch_too_large");
    expect(received).toBeLessThanOrEqual(250);
  });

  it("truncates instead when asked (webhook responses)", async () => {
    const server = await startServer((_req, res) => res.end(payload));
    const r = await createTestClient().request(`${server.origin}/`, {
      maxBodyBytes: 100,
      truncateBody: true,
    });
    expect(r.truncated).toBe(true);
    expect(r.body).toHaveLength(100);
  });
});

describe("timeouts", () => {
  it("gives up at the total timeout when the server never answers", async () => {
    const server = await startServer(() => undefined);
    const error = await catchAppError(
      createTestClient().request(`${server.origin}/`, { totalTimeoutMs: 150 }),
    );
    expect(error.code).toBe("fetch_timeout");
    expect(error.details).toEqual({ reason: "total_timeout", timeoutMs: 150 });
  });

  it("counts reading a slow body against the total timeout, buffered and streamed", async () => {
    const server = await startServer((_req, res) => {
      res.write("a");
      const timer = setInterval(() => res.write("a"), 20);
      res.on("close", () => clearInterval(timer));
    });
    const c = createTestClient({ totalTimeoutMs: 200 });
    const buffered = await catchAppError(c.request(`${server.origin}/`));
    expect(buffered.details).toMatchObject({ reason: "total_timeout" });
    const r = await c.stream(`${server.origin}/`);
    const streamed = await catchAppError(
      (async () => {
        for await (const _chunk of r.body as AsyncIterable<Buffer>);
      })(),
    );
    expect(streamed.details).toMatchObject({ reason: "total_timeout" });
  });

  it("times out connecting when the name never resolves (connect timeout covers DNS)", async () => {
    const never: ResolveHost = () => new Promise(() => undefined);
    const error = await catchAppError(
      createTestClient({ resolveHost: never }).request("http://slow-dns.example/", { connectTimeoutMs: 100 }),
    );
    expect(error.code).toBe("fetch_timeout");
    expect(error.details).toMatchObject({ reason: "connect_timeout", timeoutMs: 100 });
  });

  it("times out connecting when the TLS handshake never completes", async () => {
    // A TCP server that accepts and stays silent: the https connection never finishes connecting.
    const accepted: Socket[] = [];
    const silent = createTcpServer((socket) => accepted.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const error = await catchAppError(
        createTestClient().request(`https://127.0.0.1:${port}/`, { connectTimeoutMs: 150 }),
      );
      expect(error.code).toBe("fetch_timeout");
      expect(error.details).toMatchObject({ reason: "connect_timeout" });
    } finally {
      for (const socket of accepted) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
