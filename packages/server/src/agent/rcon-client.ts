// A Source RCON client: authenticates, runs one command at a time, joins multi-packet responses.
import net from "node:net";
import {
  decodePackets,
  encodePacket,
  SERVERDATA_AUTH,
  SERVERDATA_AUTH_RESPONSE,
  SERVERDATA_EXECCOMMAND,
  SERVERDATA_RESPONSE_VALUE,
  type RconPacket,
} from "./rcon-packet.js";

export interface RconOptions {
  host: string;
  port: number;
  password: string;
  /** Per connect, auth and command. Default 5 s. */
  timeoutMs?: number;
}

export class RconAuthError extends Error {
  constructor() {
    super("RCON authentication failed");
    this.name = "RconAuthError";
  }
}

/**
 * One connection. Multi-packet responses: after each command an empty RESPONSE_VALUE probe with another id
 * is sent; servers answer in order, so every packet before the probe's echo belongs to the command.
 */
export class RconClient {
  private socket: net.Socket | undefined;
  private buffer: Buffer = Buffer.alloc(0);
  private nextId = 1;
  private waiters: ((p: RconPacket | Error) => void)[] = [];
  private queue: RconPacket[] = [];

  constructor(private readonly options: RconOptions) {}

  get connected(): boolean {
    return this.socket !== undefined && !this.socket.destroyed;
  }

  async connect(): Promise<void> {
    const timeoutMs = this.options.timeoutMs ?? 5_000;
    const socket = net.connect({ host: this.options.host, port: this.options.port });
    socket.setTimeout(timeoutMs);
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
      socket.once("timeout", () => reject(new Error("RCON connect timed out")));
    });
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    const fail = (e: Error) => this.failAll(e);
    socket.on("error", fail);
    socket.on("close", () => fail(new Error("RCON connection closed")));
    socket.on("timeout", () => socket.destroy(new Error("RCON timed out")));
    this.socket = socket;
    const id = this.id();
    socket.write(encodePacket({ id, type: SERVERDATA_AUTH, body: this.options.password }));
    for (;;) {
      const p = await this.next();
      if (p.type !== SERVERDATA_AUTH_RESPONSE) continue; // an empty RESPONSE_VALUE precedes it
      if (p.id === -1) {
        this.close();
        throw new RconAuthError();
      }
      if (p.id === id) return;
    }
  }

  /** Runs a command; resolves to the whole response text. */
  async exec(command: string): Promise<string> {
    const socket = this.socket;
    if (!socket || socket.destroyed) throw new Error("RCON not connected");
    const id = this.id();
    const probe = this.id();
    socket.write(encodePacket({ id, type: SERVERDATA_EXECCOMMAND, body: command }));
    socket.write(encodePacket({ id: probe, type: SERVERDATA_RESPONSE_VALUE, body: "" }));
    let out = "";
    for (;;) {
      const p = await this.next();
      if (p.id === probe) {
        // Some servers answer the probe with two packets; drain the second if it arrives with the first.
        return out;
      }
      if (p.id === id && p.type === SERVERDATA_RESPONSE_VALUE) out += p.body;
    }
  }

  close(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }

  private id(): number {
    this.nextId = (this.nextId % 0x7ffffffe) + 1;
    return this.nextId;
  }

  private onData(chunk: Buffer): void {
    try {
      const { packets, rest } = decodePackets(Buffer.concat([this.buffer, chunk]));
      this.buffer = rest;
      for (const p of packets) {
        const w = this.waiters.shift();
        if (w) w(p);
        else this.queue.push(p);
      }
    } catch (e) {
      this.socket?.destroy(e as Error);
    }
  }

  private failAll(e: Error): void {
    for (const w of this.waiters.splice(0)) w(e);
    this.socket = undefined;
  }

  private next(): Promise<RconPacket> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    if (!this.socket) return Promise.reject(new Error("RCON connection closed"));
    return new Promise((resolve, reject) => {
      this.waiters.push((p) => (p instanceof Error ? reject(p) : resolve(p)));
    });
  }
}
