// A streaming ZIP writer (stored entries, no compression): files go out as they are read, CRC computed on
// the way, sizes in a data descriptor, so nothing is buffered beyond one chunk.
//
// Stored, not deflated: the archives carry photos (JPEG, PNG, TIFF, PSD) that are compressed already, and
// stored entries cost no CPU. No ZIP64: at most 65,535 entries and 4 GiB in all (the caller limits far lower).
import { Readable } from "node:stream";
import { crc32 } from "node:zlib";

export interface ZipEntry {
  /** Path inside the archive (`/` separated, UTF-8). */
  readonly name: string;
  /** Modification time, epoch ms (DOS time has 2-second resolution and no zone; written as UTC). */
  readonly modifiedAt: number;
  /** Opens the entry's bytes when its turn comes. */
  open(): Promise<AsyncIterable<Uint8Array> | Iterable<Uint8Array>>;
}

export interface ZipStreamOptions<E extends ZipEntry = ZipEntry> {
  /** Called once an entry's bytes have all been written (e.g. to record a download). */
  onEntryWritten?: (entry: E) => Promise<void>;
}

const MAX_ENTRIES = 0xffff;
const MAX_OFFSET = 0xffffffff;
// Bit 3: sizes and CRC follow the data; bit 11: the name is UTF-8.
const FLAGS = 0x0808;
const VERSION = 20;

function dosDateTime(ms: number): { date: number; time: number } {
  const d = new Date(Math.max(ms, Date.UTC(1980, 0, 1)));
  return {
    date: ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2),
  };
}

interface Written {
  name: Buffer;
  date: number;
  time: number;
  crc: number;
  size: number;
  offset: number;
}

function localHeader(name: Buffer, date: number, time: number): Buffer {
  const b = Buffer.alloc(30);
  b.writeUInt32LE(0x04034b50, 0);
  b.writeUInt16LE(VERSION, 4);
  b.writeUInt16LE(FLAGS, 6);
  b.writeUInt16LE(0, 8); // stored
  b.writeUInt16LE(time, 10);
  b.writeUInt16LE(date, 12);
  // CRC and sizes (14–25) stay zero: they are in the data descriptor.
  b.writeUInt16LE(name.length, 26);
  b.writeUInt16LE(0, 28);
  return Buffer.concat([b, name]);
}

function dataDescriptor(crc: number, size: number): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt32LE(0x08074b50, 0);
  b.writeUInt32LE(crc, 4);
  b.writeUInt32LE(size, 8);
  b.writeUInt32LE(size, 12);
  return b;
}

function centralEntry(w: Written): Buffer {
  const b = Buffer.alloc(46);
  b.writeUInt32LE(0x02014b50, 0);
  b.writeUInt16LE(VERSION, 4);
  b.writeUInt16LE(VERSION, 6);
  b.writeUInt16LE(FLAGS, 8);
  b.writeUInt16LE(0, 10);
  b.writeUInt16LE(w.time, 12);
  b.writeUInt16LE(w.date, 14);
  b.writeUInt32LE(w.crc, 16);
  b.writeUInt32LE(w.size, 20);
  b.writeUInt32LE(w.size, 24);
  b.writeUInt16LE(w.name.length, 28);
  // extra, comment, disk, internal and external attributes (30–41) stay zero.
  b.writeUInt32LE(w.offset, 42);
  return Buffer.concat([b, w.name]);
}

function endOfCentralDirectory(count: number, size: number, offset: number): Buffer {
  const b = Buffer.alloc(22);
  b.writeUInt32LE(0x06054b50, 0);
  b.writeUInt16LE(count, 8);
  b.writeUInt16LE(count, 10);
  b.writeUInt32LE(size, 12);
  b.writeUInt32LE(offset, 16);
  return b;
}

async function* zipChunks<E extends ZipEntry>(
  entries: Iterable<E>,
  options: ZipStreamOptions<E>,
): AsyncGenerator<Buffer> {
  const written: Written[] = [];
  const names = new Set<string>();
  let offset = 0;
  const tooBig = () => new Error("the archive would exceed 4 GiB (ZIP64 is not written)");
  for (const entry of entries) {
    if (written.length >= MAX_ENTRIES) throw new Error(`a ZIP holds at most ${MAX_ENTRIES} entries here`);
    if (names.has(entry.name)) throw new Error(`duplicate entry name ${entry.name}`);
    names.add(entry.name);
    const name = Buffer.from(entry.name, "utf8");
    const { date, time } = dosDateTime(entry.modifiedAt);
    const header = localHeader(name, date, time);
    const start = offset;
    yield header;
    offset += header.length;
    let crc = 0;
    let size = 0;
    for await (const chunk of await entry.open()) {
      crc = crc32(chunk, crc);
      size += chunk.length;
      if (offset + size > MAX_OFFSET) throw tooBig();
      yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    }
    offset += size;
    const descriptor = dataDescriptor(crc, size);
    yield descriptor;
    offset += descriptor.length;
    written.push({ name, date, time, crc, size, offset: start });
    await options.onEntryWritten?.(entry);
  }
  const central = Buffer.concat(written.map(centralEntry));
  if (offset + central.length > MAX_OFFSET) throw tooBig();
  yield central;
  yield endOfCentralDirectory(written.length, central.length, offset);
}

/**
 * A ZIP archive of `entries`, as a stream. Entries are opened one at a time, in order. A failure while
 * reading an entry destroys the stream (the client sees a cut-off download, never a wrong archive).
 */
export function createZipStream<E extends ZipEntry>(
  entries: Iterable<E>,
  options: ZipStreamOptions<E> = {},
): Readable {
  return Readable.from(zipChunks(entries, options), { objectMode: false });
}
