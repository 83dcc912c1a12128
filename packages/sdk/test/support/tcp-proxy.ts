// A TCP proxy in front of a server whose open connections a test can cut (both sides at once) or hold
// (nothing more is forwarded to the server until released).
import net from "node:net";
import type { AddressInfo } from "node:net";

export interface TcpProxy {
  url: string;
  /** Destroys every open connection; returns how many there were. */
  cut(): number;
  /** Stops forwarding what clients send (open and new connections) until `release`. */
  hold(): void;
  release(): void;
  /** Connections accepted so far. */
  connections(): number;
  close(): void;
}

export async function startProxy(target: string): Promise<TcpProxy> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<net.Socket>();
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();
  let connections = 0;
  let held = false;
  const server = net.createServer((client) => {
    connections++;
    const upstream = net.connect(Number(port), hostname);
    const pair = { client, upstream };
    pairs.add(pair);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => {
        sockets.delete(s);
        pairs.delete(pair);
      });
      s.on("error", () => undefined);
    }
    upstream.pipe(client);
    if (held) client.pause();
    else client.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    cut: () => {
      const n = sockets.size;
      for (const s of sockets) s.destroy();
      return n;
    },
    hold: () => {
      held = true;
      for (const { client, upstream } of pairs) {
        client.unpipe(upstream);
        client.pause();
      }
    },
    release: () => {
      held = false;
      for (const { client, upstream } of pairs) client.pipe(upstream);
    },
    connections: () => connections,
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}
