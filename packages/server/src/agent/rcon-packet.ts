// Source RCON packets: int32 size, int32 id, int32 type, body, NUL, NUL (little-endian).

export const SERVERDATA_AUTH = 3;
/** Exec (client → server) and auth response (server → client) share the value 2. */
export const SERVERDATA_EXECCOMMAND = 2;
export const SERVERDATA_AUTH_RESPONSE = 2;
export const SERVERDATA_RESPONSE_VALUE = 0;
/** Largest packet size field Source servers accept. */
export const MAX_PACKET_SIZE = 4096;

export interface RconPacket {
  id: number;
  type: number;
  body: string;
}

export function encodePacket(p: RconPacket): Buffer {
  const body = Buffer.from(p.body, "utf8");
  const buf = Buffer.alloc(14 + body.length);
  buf.writeInt32LE(10 + body.length, 0);
  buf.writeInt32LE(p.id, 4);
  buf.writeInt32LE(p.type, 8);
  body.copy(buf, 12);
  return buf;
}

/** Splits complete packets off the front of `buffer`; returns them and the unread rest. Throws on nonsense sizes. */
export function decodePackets(buffer: Buffer): { packets: RconPacket[]; rest: Buffer } {
  const packets: RconPacket[] = [];
  let offset = 0;
  while (buffer.length - offset >= 4) {
    const size = buffer.readInt32LE(offset);
    if (size < 10 || size > MAX_PACKET_SIZE) throw new Error(`bad RCON packet size ${size}`);
    if (buffer.length - offset < 4 + size) break;
    packets.push({
      id: buffer.readInt32LE(offset + 4),
      type: buffer.readInt32LE(offset + 8),
      body: buffer.toString("utf8", offset + 12, offset + 4 + size - 2),
    });
    offset += 4 + size;
  }
  return { packets, rest: buffer.subarray(offset) };
}
