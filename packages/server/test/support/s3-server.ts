// Test S3: a real S3-compatible server (s3rver) in a child process on 127.0.0.1, behind a SigV4 check.
//
// Why the front door: s3rver 3.7 accepts any SigV4 signature ("V4 calculation is unimplemented"), so
// tampered or wrongly-signed presigned URLs would pass. Every request is verified here first, as S3
// would (signature over method, path, query, signed headers; presigned expiry), then handed to s3rver.
// Why a child process: s3rver's memory and event loop stay out of the suite's measurements.
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

/** s3rver's fixed credentials. */
export const S3RVER_ACCESS_KEY_ID = "S3RVER";
export const S3RVER_SECRET_ACCESS_KEY = "S3RVER";

export interface TestS3Server {
  /** e.g. `http://127.0.0.1:41234`; use with `forcePathStyle: true`. */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Stops the server and deletes its directory. */
  close(): Promise<void>;
}

export interface StartS3rverOptions {
  /** Bucket created before the server starts. Default "pixl-test". */
  bucket?: string;
}

const thisFile = fileURLToPath(import.meta.url);

/**
 * Starts s3rver (in a child process, through tsx) on 127.0.0.1 and an ephemeral port, with a fresh
 * temp directory and one bucket. Rejects when it cannot start; suites under CI=true must then fail.
 */
export async function startS3rver(options: StartS3rverOptions = {}): Promise<TestS3Server> {
  const bucket = options.bucket ?? "pixl-test";
  const directory = mkdtempSync(path.join(tmpdir(), "pixl-s3rver-"));
  const child = spawn(process.execPath, ["--import", "tsx", thisFile, directory, bucket], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  let port: number;
  try {
    port = await readPort(child);
  } catch (e) {
    child.kill("SIGKILL");
    rmSync(directory, { recursive: true, force: true });
    throw e;
  }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    region: "us-east-1",
    accessKeyId: S3RVER_ACCESS_KEY_ID,
    secretAccessKey: S3RVER_SECRET_ACCESS_KEY,
    close: async () => {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

function readPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("s3rver did not start within 20 s")), 20_000);
    child.once("exit", (code) => reject(new Error(`s3rver exited with code ${code ?? "null"}`)));
    if (child.stdout === null) throw new Error("no stdout");
    createInterface({ input: child.stdout }).once("line", (line) => {
      clearTimeout(timer);
      const port = Number(/^listening (\d+)$/.exec(line)?.[1]);
      if (Number.isInteger(port) && port > 0) resolve(port);
      else reject(new Error(`unexpected s3rver output: ${line}`));
    });
  });
}

// ---- SigV4 verification (query-string presigned and Authorization-header requests) ----

const rfc3986 = (s: string): string =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const hmac = (key: Buffer | string, data: string): Buffer => createHmac("sha256", key).update(data).digest();
const sha256 = (data: string): string => createHash("sha256").update(data).digest("hex");

/** Why `req` would be refused by S3 (signature, expiry), or undefined when it is correctly signed. */
export function checkSigV4(req: IncomingMessage, secret: string, now = Date.now()): string | undefined {
  const [rawPath = "/", rawQuery = ""] = (req.url ?? "/").split("?", 2) as [string?, string?];
  const params = rawQuery
    .split("&")
    .filter((p) => p !== "")
    .map((p) => {
      const [k = "", v = ""] = p.split("=", 2) as [string?, string?];
      return [decodeURIComponent(k), decodeURIComponent(v.replace(/\+/g, "%20"))] as const;
    });
  const query = new Map(params);
  const header = (name: string): string | undefined => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(",") : value;
  };
  let credential: string | undefined, signedHeaders: string | undefined, signature: string | undefined;
  let amzDate: string | undefined, payloadHash: string | undefined;
  if (query.has("X-Amz-Signature")) {
    credential = query.get("X-Amz-Credential");
    signedHeaders = query.get("X-Amz-SignedHeaders");
    signature = query.get("X-Amz-Signature");
    amzDate = query.get("X-Amz-Date");
    payloadHash = query.get("X-Amz-Content-Sha256") ?? "UNSIGNED-PAYLOAD";
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate ?? "");
    const expires = Number(query.get("X-Amz-Expires"));
    if (m === null || !Number.isInteger(expires)) return "malformed presigned query";
    const [y = 0, mo = 0, d = 0, hh = 0, mm = 0, ss = 0] = m.slice(1).map(Number);
    const signedAt = Date.UTC(y, mo - 1, d, hh, mm, ss);
    if (now > signedAt + expires * 1000) return "Request has expired";
  } else {
    const auth = /^AWS4-HMAC-SHA256 Credential=([^,]+), ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]+)$/.exec(
      header("authorization") ?? "",
    );
    if (auth === null) return "missing or malformed Authorization";
    [, credential, signedHeaders, signature] = auth;
    amzDate = header("x-amz-date");
    payloadHash = header("x-amz-content-sha256");
  }
  if (!credential || !signedHeaders || !signature || !amzDate || !payloadHash) return "incomplete signature";
  if (!/^[0-9a-f]{64}$/.test(signature)) return "SignatureDoesNotMatch";
  const [, ...scopeParts] = credential.split("/");
  const scope = scopeParts.join("/");
  const [date = "", region = "", service = ""] = scopeParts;
  const canonicalQuery = params
    .filter(([k]) => k !== "X-Amz-Signature")
    .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const names = signedHeaders.split(";");
  const canonicalHeaders = names
    .map((n) => `${n}:${(header(n) ?? "").trim().replace(/\s+/g, " ")}\n`)
    .join("");
  const canonicalRequest = [
    req.method,
    rawPath,
    canonicalQuery,
    canonicalHeaders,
    signedHeaders,
    payloadHash,
  ].join("\n");
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonicalRequest)].join("\n");
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), "aws4_request");
  const expected = hmac(key, stringToSign);
  const given = Buffer.from(signature, "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return "SignatureDoesNotMatch";
  return undefined;
}

function refuse(res: ServerResponse, reason: string): void {
  const code = reason === "Request has expired" ? "AccessDenied" : "SignatureDoesNotMatch";
  res.writeHead(403, { "content-type": "application/xml", connection: "close" });
  res.end(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${reason}</Message></Error>`,
  );
}

/** Child-process entry: `node --import tsx s3-server.ts <directory> <bucket>`. */
async function serveChild(directory: string, bucket: string): Promise<void> {
  interface S3rverApp {
    configureBuckets(): Promise<void>;
    callback(): RequestListener;
  }
  type S3rverConstructor = new (options: Record<string, unknown>) => S3rverApp;
  const S3rver = createRequire(import.meta.url)("s3rver") as S3rverConstructor;
  const s3rver = new S3rver({ directory, silent: true, configureBuckets: [{ name: bucket }] });
  await s3rver.configureBuckets();
  const handle = s3rver.callback();
  const server = createServer((req, res) => {
    const problem = checkSigV4(req, S3RVER_SECRET_ACCESS_KEY);
    if (problem === undefined) {
      handle(req, res);
      return;
    }
    refuse(res, problem);
    req.resume();
  });
  server.listen(0, "127.0.0.1", () => {
    process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
  });
  const stop = (): void => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  };
  process.once("SIGTERM", stop);
  // The parent closing our stdin (it exited or crashed) stops us too.
  process.stdin.once("end", stop).resume();
}

if (process.argv[1] === thisFile) {
  const [directory, bucket] = process.argv.slice(2);
  if (directory === undefined || bucket === undefined) throw new Error("usage: s3-server.ts <dir> <bucket>");
  await serveChild(directory, bucket);
}
