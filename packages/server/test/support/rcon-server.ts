// A small Source RCON server for tests: real TCP, real packets, a password, split multi-packet responses.
import net from "node:net";
import type { AddressInfo } from "node:net";
import {
  decodePackets,
  encodePacket,
  SERVERDATA_AUTH,
  SERVERDATA_AUTH_RESPONSE,
  SERVERDATA_EXECCOMMAND,
  SERVERDATA_RESPONSE_VALUE,
} from "../../src/agent/rcon-packet.js";

export interface RconTestServer {
  port: number;
  /** Every command run, in order (`list` included). */
  commands: string[];
  /** Who `list` reports online (Minecraft's answer format). */
  online: Set<string>;
  /** Drops every open connection (the network going away). */
  dropConnections(): void;
  close(): Promise<void>;
}

/**
 * Answers `echo <text>` with the text (over several packets when long), `list` with the players in
 * `online` as Minecraft does, anything else with "ok".
 */
export async function startRconTestServer(password: string): Promise<RconTestServer> {
  const commands: string[] = [];
  const online = new Set<string>();
  const list = () => `There are ${online.size} of a max of 20 players online: ${[...online].join(", ")}`;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    let buffer: Buffer = Buffer.alloc(0);
    let authed = false;
    socket.on("data", (chunk: Buffer) => {
      const { packets, rest } = decodePackets(Buffer.concat([buffer, chunk]));
      buffer = rest;
      for (const p of packets) {
        if (p.type === SERVERDATA_AUTH) {
          authed = p.body === password;
          socket.write(encodePacket({ id: p.id, type: SERVERDATA_RESPONSE_VALUE, body: "" }));
          socket.write(encodePacket({ id: authed ? p.id : -1, type: SERVERDATA_AUTH_RESPONSE, body: "" }));
        } else if (!authed) {
          socket.destroy();
        } else if (p.type === SERVERDATA_EXECCOMMAND) {
          commands.push(p.body);
          const reply = p.body.startsWith("echo ") ? p.body.slice(5) : p.body === "list" ? list() : "ok";
          for (let i = 0; i < reply.length || i === 0; i += 100) {
            socket.write(
              encodePacket({ id: p.id, type: SERVERDATA_RESPONSE_VALUE, body: reply.slice(i, i + 100) }),
            );
          }
        } else if (p.type === SERVERDATA_RESPONSE_VALUE) {
          socket.write(encodePacket({ id: p.id, type: SERVERDATA_RESPONSE_VALUE, body: "" }));
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    commands,
    online,
    dropConnections: () => {
      for (const s of sockets) s.destroy();
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
