// Fixtures for the safe client's tests: loopback HTTP servers, a fake DNS, and clients closed after each test.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { AppError } from "../errors/index.js";
import type { ResolveHost } from "./checked-lookup.js";
import { createSafeHttpClient, type SafeHttpClient, type SafeHttpClientOptions } from "./safe-http-client.js";

export type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;

export interface TestServer {
  origin: string;
  port: number;
  /** TCP connections accepted so far. */
  connections: () => number;
  requests: { method: string; url: string; headers: IncomingMessage["headers"]; body: string }[];
  /** Stops listening now (afterEach would otherwise do it). */
  close: () => Promise<void>;
}

const servers: Server[] = [];
const clients: SafeHttpClient[] = [];

/** Closes every client, socket and server the fixtures made; call from `afterEach`. */
export async function closeFixtures(): Promise<void> {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise<void>((resolve) => {
          s.closeAllConnections();
          s.close(() => resolve());
        }),
    ),
  );
}

/** Closes `client` after the test. */
export function trackClient(...list: SafeHttpClient[]): void {
  clients.push(...list);
}

/** Starts a node:http server on 127.0.0.1, port 0, recording requests and TCP connections. */
export async function startServer(handler: Handler): Promise<TestServer> {
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
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    connections: () => connections,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A fake DNS: names map to addresses; anything else fails like NXDOMAIN. Counts lookups per name. */
export function createResolver(table: Record<string, readonly string[]>): ResolveHost & { calls: string[] } {
  const calls: string[] = [];
  const resolve = (hostname: string): Promise<readonly string[]> => {
    calls.push(hostname);
    const answer = table[hostname];
    return answer ? Promise.resolve(answer) : Promise.reject(new Error(`ENOTFOUND ${hostname}`));
  };
  return Object.assign(resolve, { calls });
}

/** A client that may reach 127.0.0.1 only (the test servers), nothing else private. */
export function createTestClient(options: SafeHttpClientOptions = {}): SafeHttpClient {
  const c = createSafeHttpClient({ allowedRanges: ["127.0.0.1/32"], ...options });
  clients.push(c);
  return c;
}

/** The AppError `promise` rejects with; fails the test if it resolves or rejects otherwise. */
export async function catchAppError(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw new Error(`expected an AppError, got ${String(e)}`, { cause: e });
  }
  throw new Error("expected the request to fail");
}
