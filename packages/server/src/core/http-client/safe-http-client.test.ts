// End-to-end tests of the safe client over real loopback sockets. Only 127.0.0.1 is ever connected to:
// every other address in here must be refused before a socket is opened, which these tests assert.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createTcpServer, type AddressInfo, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { AppError } from "../errors/index.js";
import type { ResolveHost } from "./checked-lookup.js";
import { createSafeHttpClient, type SafeHttpClient, type SafeHttpClientOptions } from "./safe-http-client.js";

type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;

interface TestServer {
  origin: string;
  port: number;
  /** TCP connections accepted so far. */
  connections: () => number;
  requests: { method: string; url: string; headers: IncomingMessage["headers"]; body: string }[];
}

const servers: Server[] = [];
const clients: SafeHttpClient[] = [];
const tcpSockets: Socket[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  for (const s of tcpSockets.splice(0)) s.destroy();
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise<void>((resolve) => {
          s.closeAllConnections();
          s.close(() => resolve());
        }),
    ),
  );
});

async function startServer(handler: Handler): Promise<TestServer> {
  let connections = 0;
  const requests: TestServer["requests"] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      requests.push({
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: body.toString(),
      });
      handler(req, res, body);
    });
  });
  server.on("connection", () => connections++);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, port, connections: () => connections, requests };
}

/** A fake DNS: names map to addresses; anything else fails like NXDOMAIN. Counts lookups per name. */
function createResolver(table: Record<string, readonly string[]>): ResolveHost & { calls: string[] } {
  const calls: string[] = [];
  const resolve = (hostname: string): Promise<readonly string[]> => {
    calls.push(hostname);
    const answer = table[hostname];
    return answer ? Promise.resolve(answer) : Promise.reject(new Error(`ENOTFOUND ${hostname}`));
  };
  return Object.assign(resolve, { calls });
}

/** A client that may reach 127.0.0.1 only (the test servers), nothing else private. */
function client(options: SafeHttpClientOptions = {}): SafeHttpClient {
  const c = createSafeHttpClient({ allowedRanges: ["127.0.0.1/32"], ...options });
  clients.push(c);
  return c;
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw new Error(`expected an AppError, got ${String(e)}`, { cause: e });
  }
  throw new Error("expected the request to fail");
}

const ok: Handler = (_req, res) => res.end("hello");

describe("refusals before any connection", () => {
  it("refuses 30 hostile URLs with a clear reason and never connects", async () => {
    const server = await startServer(ok);
    const p = server.port;
    const dns = createResolver({
      "metadata.internal": ["169.254.169.254"],
      "mixed.example": ["93.184.216.34", "10.0.0.1"],
      "ula.example": ["fd00::1"],
      "mapped.example": ["::ffff:192.168.0.1"],
    });
    const strict = createSafeHttpClient({ resolveHost: dns });
    const system = createSafeHttpClient(); // the real resolver, for "localhost" (/etc/hosts)
    clients.push(strict, system);
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
      const error = await failure((via ?? strict).request(url));
      expect({ url, code: error.code, reason: error.details?.reason, range: error.details?.range }).toEqual({
        url,
        code: "url_refused",
        reason,
        range,
      });
      expect(error.status).toBe(422);
    }
    expect(server.connections()).toBe(0);
    expect(dns.calls).toEqual(["metadata.internal", "mixed.example", "ula.example", "mapped.example"]);
  });

  it("reports the address and host it refused", async () => {
    const dns = createResolver({ "internal.example": ["10.0.0.7"] });
    const error = await failure(client({ resolveHost: dns }).request("https://internal.example/hook"));
    expect(error.details).toEqual({
      reason: "private_address",
      range: "private",
      address: "10.0.0.7",
      host: "internal.example",
    });
  });

  it("fails clearly when a name does not resolve", async () => {
    const error = await failure(
      client({ resolveHost: createResolver({}) }).request("http://nowhere.example/"),
    );
    expect(error.code).toBe("fetch_failed");
    expect(error.details).toMatchObject({ reason: "dns_failed", host: "nowhere.example" });
  });
});

describe("allowPrivateNetworks", () => {
  it("lets loopback through, by literal and by name, but still refuses cloud metadata", async () => {
    const server = await startServer(ok);
    const dev = createSafeHttpClient({ allowPrivateNetworks: true });
    clients.push(dev);
    expect((await dev.request(`${server.origin}/`)).body.toString()).toBe("hello");
    expect((await dev.request(`http://localhost:${server.port}/`)).status).toBe(200);
    const error = await failure(dev.request("http://169.254.169.254/"));
    expect(error.details).toMatchObject({ reason: "private_address", range: "linkLocal" });
  });
});

describe("requests", () => {
  it("GETs a body with status, headers and duration", async () => {
    const server = await startServer((_req, res) => {
      res.setHeader("content-type", "image/png");
      res.end("png-bytes");
    });
    const r = await client().request(`${server.origin}/img.png?size=2`);
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
    const r = await client().request(`${server.origin}/hooks`, {
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
    const c = client();
    for (let i = 0; i < 5; i++) {
      const r = await c.request(`${server.origin}/hooks`, { method: "POST", body: `delivery ${i}` });
      expect(r.status).toBe(200);
    }
    expect(server.requests).toHaveLength(5);
    expect(server.connections()).toBe(1);
  });

  it("streams a download", async () => {
    const server = await startServer((_req, res) => {
      res.write("part1-");
      res.end("part2");
    });
    const r = await client().stream(`${server.origin}/big`);
    const chunks: Buffer[] = [];
    for await (const chunk of r.body as AsyncIterable<Buffer>) chunks.push(chunk);
    expect(Buffer.concat(chunks).toString()).toBe("part1-part2");
  });

  it("propagates the caller's cancellation", async () => {
    const server = await startServer(() => undefined); // never answers
    const controller = new AbortController();
    const pending = client().request(`${server.origin}/`, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const error = await failure(pending);
    expect(error.code).toBe("fetch_failed");
    expect(error.details).toEqual({ reason: "aborted" });
  });
});

describe("redirects", () => {
  /** Answers `/r/<n>` with a redirect to `/r/<n-1>`, and `/r/0` with "done". */
  const chain: Handler = (req, res) => {
    const n = Number(req.url?.split("/")[2]);
    if (n > 0) res.writeHead(302, { location: `/r/${n - 1}` }).end();
    else res.end("done");
  };

  it("follows up to maxRedirects hops and reports them", async () => {
    const server = await startServer(chain);
    const r = await client().request(`${server.origin}/r/5`);
    expect(r.body.toString()).toBe("done");
    expect(r.url).toBe(`${server.origin}/r/0`);
    expect(r.redirects).toHaveLength(5);
  });

  it("refuses one hop more than maxRedirects (default 5, or per call)", async () => {
    const server = await startServer(chain);
    const error = await failure(client().request(`${server.origin}/r/6`));
    expect(error.code).toBe("url_refused");
    expect(error.details).toMatchObject({ reason: "too_many_redirects", maxRedirects: 5 });
    const perCall = await failure(client().request(`${server.origin}/r/2`, { maxRedirects: 1 }));
    expect(perCall.details).toMatchObject({ reason: "too_many_redirects", maxRedirects: 1 });
  });

  it("refuses a redirect loop clearly", async () => {
    const server = await startServer((req, res) => {
      res.writeHead(307, { location: req.url === "/a" ? "/b" : "/a" }).end();
    });
    const error = await failure(client().request(`${server.origin}/a`));
    expect(error.code).toBe("url_refused");
    expect(error.details).toMatchObject({ reason: "redirect_loop", url: `${server.origin}/a` });
    expect(server.requests.map((r) => r.url)).toEqual(["/a", "/b"]);
  });

  it("returns the 3xx itself when followRedirects is false", async () => {
    const server = await startServer(chain);
    const r = await client().request(`${server.origin}/r/1`, { followRedirects: false });
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
    const error = await failure(client({ resolveHost: dns }).request(`${server.origin}/go`));
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
    const c = client();
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
    const r = await client().request(`${first.origin}/`, { headers: { Authorization: "Bearer secret" } });
    expect(first.requests[0]?.headers.authorization).toBe("Bearer secret");
    expect(r.body.toString()).toBe("undefined");
  });
});

describe("DNS rebinding", () => {
  it("checks the address each new connection actually uses", async () => {
    // A name that answers loopback (allowed here) first, then a private address: the classic rebinding.
    const server = await startServer((_req, res) => res.setHeader("connection", "close").end("first"));
    let lookups = 0;
    const rebinding: ResolveHost = () => Promise.resolve(lookups++ === 0 ? ["127.0.0.1"] : ["10.0.0.1"]);
    const c = client({ resolveHost: rebinding });
    const url = `http://rebind.example:${server.port}/`;
    expect((await c.request(url)).body.toString()).toBe("first");
    const error = await failure(c.request(url));
    expect(error.details).toMatchObject({ reason: "private_address", address: "10.0.0.1" });
    expect(lookups).toBe(2);
    expect(server.connections()).toBe(1);
  });
});

describe("body size limit", () => {
  const payload = Buffer.alloc(1000, "x");

  it("refuses early when Content-Length is over the limit", async () => {
    const server = await startServer((_req, res) => res.setHeader("content-length", 1000).end(payload));
    const error = await failure(client().request(`${server.origin}/`, { maxBodyBytes: 100 }));
    expect(error.code).toBe("fetch_too_large");
    expect(error.details).toEqual({ reason: "body_too_large", maxBodyBytes: 100, contentLength: 1000 });
  });

  it("refuses while reading when no Content-Length is sent", async () => {
    const server = await startServer((_req, res) => {
      for (let i = 0; i < 10; i++) res.write(payload.subarray(0, 100));
      res.end();
    });
    const r = await failure(client().request(`${server.origin}/`, { maxBodyBytes: 250 }));
    expect(r.code).toBe("fetch_too_large");
    expect(r.details).toEqual({ reason: "body_too_large", maxBodyBytes: 250 });
  });

  it("errors the stream past the limit", async () => {
    const server = await startServer((_req, res) => {
      for (let i = 0; i < 10; i++) res.write(payload.subarray(0, 100));
      res.end();
    });
    const r = await client({ maxBodyBytes: 250 }).stream(`${server.origin}/`);
    let received = 0;
    const error = await failure(
      (async () => {
        for await (const chunk of r.body as AsyncIterable<Buffer>) received += chunk.length;
      })(),
    );
    expect(error.code).toBe("fetch_too_large");
    expect(received).toBeLessThanOrEqual(250);
  });

  it("truncates instead when asked (webhook responses)", async () => {
    const server = await startServer((_req, res) => res.end(payload));
    const r = await client().request(`${server.origin}/`, { maxBodyBytes: 100, truncateBody: true });
    expect(r.truncated).toBe(true);
    expect(r.body).toHaveLength(100);
  });
});

describe("timeouts", () => {
  it("gives up at the total timeout when the server never answers", async () => {
    const server = await startServer(() => undefined);
    const error = await failure(client().request(`${server.origin}/`, { totalTimeoutMs: 150 }));
    expect(error.code).toBe("fetch_timeout");
    expect(error.details).toEqual({ reason: "total_timeout", timeoutMs: 150 });
  });

  it("counts reading a slow body against the total timeout, buffered and streamed", async () => {
    const server = await startServer((_req, res) => {
      res.write("a");
      const timer = setInterval(() => res.write("a"), 20);
      res.on("close", () => clearInterval(timer));
    });
    const c = client({ totalTimeoutMs: 200 });
    const buffered = await failure(c.request(`${server.origin}/`));
    expect(buffered.details).toMatchObject({ reason: "total_timeout" });
    const r = await c.stream(`${server.origin}/`);
    const streamed = await failure(
      (async () => {
        for await (const _chunk of r.body as AsyncIterable<Buffer>);
      })(),
    );
    expect(streamed.details).toMatchObject({ reason: "total_timeout" });
  });

  it("times out connecting when the name never resolves (connect timeout covers DNS)", async () => {
    const never: ResolveHost = () => new Promise(() => undefined);
    const error = await failure(
      client({ resolveHost: never }).request("http://slow-dns.example/", { connectTimeoutMs: 100 }),
    );
    expect(error.code).toBe("fetch_timeout");
    expect(error.details).toMatchObject({ reason: "connect_timeout", timeoutMs: 100 });
  });

  it("times out connecting when the TLS handshake never completes", async () => {
    // A TCP server that accepts and stays silent: the https connection never finishes connecting.
    const silent = createTcpServer((socket) => tcpSockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const error = await failure(client().request(`https://127.0.0.1:${port}/`, { connectTimeoutMs: 150 }));
      expect(error.code).toBe("fetch_timeout");
      expect(error.details).toMatchObject({ reason: "connect_timeout" });
    } finally {
      for (const s of tcpSockets.splice(0)) s.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
