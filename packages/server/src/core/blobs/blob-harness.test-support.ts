// Test harness for the local blob store (its routes on 127.0.0.1) and stream helpers for blob suites.
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { createFakeClock, type FakeClock } from "../clock.js";
import { createHttpServer, type HttpServer } from "../http/index.js";
import { createLogger } from "../logging/logger.js";
import type { BlobStore } from "./blob-store.js";
import { registerBlobRoutes } from "./blob.routes.js";
import { createBlobStore, isLocalBlobStore } from "./create-blob-store.js";
import { LocalBlobStore } from "./local-blob-store.js";

export interface BlobHarness {
  store: BlobStore;
  /** The store's clock; starts at the real time (S3 servers check expiry against their own clock). */
  clock: FakeClock;
  /** Query parameters of a presigned URL carrying its expiry and its signature. */
  expiresParam: string;
  signatureParam: string;
  close(): Promise<void>;
}

export interface LocalHarness extends BlobHarness {
  store: LocalBlobStore;
  dir: string;
  server: HttpServer;
}

export interface LocalHarnessOptions {
  /** Use this root instead of a fresh temp directory (e.g. a tiny tmpfs). */
  dir?: string;
  maxUploadBytes?: number;
  /** Adds routes to the app before it listens. */
  configure?: (app: FastifyInstance) => void;
}

/** A local store in a temp directory, its routes served by Pixl's HTTP server on 127.0.0.1:0. */
export async function startLocalHarness(options: LocalHarnessOptions = {}): Promise<LocalHarness> {
  const dir = options.dir ?? mkdtempSync(path.join(tmpdir(), "pixl-blobs-"));
  const clock = createFakeClock(Date.now());
  const signingKey = randomBytes(32);
  const server = createHttpServer({
    logger: createLogger({ level: "silent" }),
    bodyLimit: 1024,
    readiness: () => Promise.resolve(undefined),
  });
  // The serving instance learns the port only after listening, so the one handing out URLs is a
  // second instance over the same directory and key, as two Pixl processes would be.
  const serving = new LocalBlobStore({ dir, publicUrl: "http://unused.invalid", signingKey, clock });
  await server.app.register(registerBlobRoutes, {
    store: serving,
    maxUploadBytes: options.maxUploadBytes ?? 256 * 1024 * 1024,
  });
  options.configure?.(server.app);
  await server.app.listen({ host: "127.0.0.1", port: 0 });
  const { port } = server.app.server.address() as AddressInfo;
  const store = createBlobStore(
    { kind: "local", dir },
    { publicUrl: `http://127.0.0.1:${port}/`, signingKey, clock },
  );
  if (!isLocalBlobStore(store)) throw new Error("createBlobStore ignored kind: local");
  return {
    store,
    clock,
    dir,
    server,
    expiresParam: "expires",
    signatureParam: "sig",
    close: async () => {
      await server.app.close();
      if (options.dir === undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const MiB = 1024 * 1024;

/** `total` bytes in fresh 1 MiB chunks (never reused, so buffering them all would show in memory). */
export function generated(
  total: number,
  onChunk: () => void = () => undefined,
): { stream: Readable; sha256: () => string } {
  const hash = createHash("sha256");
  let sent = 0;
  const stream = new Readable({
    read() {
      if (sent >= total) return void this.push(null);
      const chunk = Buffer.alloc(Math.min(MiB, total - sent), sent / MiB);
      chunk.writeUInt32BE(sent, 0);
      sent += chunk.length;
      hash.update(chunk);
      onChunk();
      this.push(chunk);
    },
  });
  return { stream, sha256: () => hash.digest("hex") };
}

/** Sends `bytes` then fails, like a client or disk that dies mid-upload. */
export function failing(bytes: number): Readable {
  let sent = false;
  return new Readable({
    read() {
      if (!sent) {
        sent = true;
        this.push(Buffer.alloc(bytes, 7));
      } else this.destroy(new Error("source broke midway"));
    },
  });
}

export async function digest(
  body: Readable,
  onMiB: () => void = () => undefined,
): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    if (Math.floor((bytes + chunk.length) / MiB) > Math.floor(bytes / MiB)) onMiB();
    bytes += chunk.length;
    hash.update(chunk);
  }
  return { sha256: hash.digest("hex"), bytes };
}

export async function text(body: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString();
}
