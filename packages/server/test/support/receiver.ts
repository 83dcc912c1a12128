// A real HTTP receiver on loopback for webhook tests: records every request, answers as scripted.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  socket: number;
}

export type Reply = (req: ReceivedRequest, res: http.ServerResponse) => void;

export interface Receiver {
  url: string;
  received: ReceivedRequest[];
  /** Changes how the next requests are answered. */
  setReply(reply: Reply): void;
  close(): Promise<void>;
}

export const reply200: Reply = (_req, res) => res.writeHead(200).end("ok");

export async function startReceiver(reply: Reply = reply200): Promise<Receiver> {
  const received: ReceivedRequest[] = [];
  let current = reply;
  let sockets = 0;
  const socketIds = new WeakMap<object, number>();
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (body += c));
    req.on("end", () => {
      let id = socketIds.get(req.socket);
      if (id === undefined) socketIds.set(req.socket, (id = ++sockets));
      const r = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body, socket: id };
      received.push(r);
      current(r, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    setReply: (r) => (current = r),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
