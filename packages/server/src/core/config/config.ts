// Pixl's configuration: one typed, validated object built from the environment and an optional JSON file.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { BlobConfig } from "../blobs/index.js";
import { AppError, messageOf } from "../errors/index.js";
import { boolean, decimal, integer, oneOf, text, url, type Parse } from "./settings.js";

export interface Config {
  /** HTTP port. `PORT`, default 8080. */
  port: number;
  /** Interface to bind. `HOST`, default 0.0.0.0. */
  host: string;
  /** Everything Pixl keeps on local disk. `PIXL_DATA_DIR`, default ./data. */
  dataDir: string;
  /** `DATABASE_URL`: absent = SQLite file `<dataDir>/pixl.db`; `postgres://…` = PostgreSQL. */
  databaseUrl: string | undefined;
  /** Pool size for PostgreSQL. `PIXL_DATABASE_POOL`, default 10. */
  databasePoolSize: number;
  /** Base of every URL Pixl hands out. `PIXL_PUBLIC_URL`, default http://localhost:<port>. */
  publicUrl: string;
  /** Allow outbound requests to loopback and private networks (dev/test). `PIXL_ALLOW_PRIVATE_NETWORKS`. */
  allowPrivateNetworks: boolean;
  blobs: BlobConfig;
  /** Largest JSON/form request body, bytes. `PIXL_BODY_LIMIT`, default 1 MiB. */
  bodyLimit: number;
  /** Largest upload through a presigned URL, bytes. `PIXL_MAX_UPLOAD_BYTES`, default 100 MiB. */
  maxUploadBytes: number;
  /** Compute-bound jobs (image processing) a worker process runs at once. `PIXL_WORKER_CONCURRENCY`, default 2. */
  workerConcurrency: number;
  /** Network-bound jobs (webhook deliveries) a worker process runs at once. `PIXL_IO_CONCURRENCY`, default 64. */
  ioConcurrency: number;
  /** How often an idle worker looks for due jobs when nothing wakes it (ms). `PIXL_WORKER_POLL_MS`, default 1000. */
  workerPollMs: number;
  /** How long shutdown waits for running jobs before releasing them (ms). `PIXL_SHUTDOWN_GRACE_MS`, default 10000. */
  shutdownGraceMs: number;
  /** A claimed job's lease (ms): if its worker dies, another takes it this long after the last renewal. `PIXL_JOB_LEASE_MS`, default 60000. */
  jobLeaseMs: number;
  /** How long a webhook receiver may take to answer (ms). `PIXL_WEBHOOK_TIMEOUT_MS`, default 30000. */
  webhookTimeoutMs: number;
  /**
   * Multiplies every webhook retry delay, for developing a receiver or chaos tests (1 = the documented
   * schedules). `PIXL_WEBHOOK_RETRY_SCALE`, default 1.
   */
  webhookRetryScale: number;
  /** pino level. `PIXL_LOG_LEVEL`, default info. */
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** Key for signing local presigned URLs; absent = generated once into `<dataDir>/secret.key`. */
  secretKey: string | undefined;
  /** Stores answer at `{subdomain}.<storeDomain>`. `PIXL_STORE_DOMAIN`, default localhost. */
  storeDomain: string;
  /** Memory for cached Store API GET bodies per process (MiB; 0 = off). `PIXL_STORE_READ_CACHE_MB`, default 32. */
  storeReadCacheMb: number;
  /** Memory for cached Studio REST status/list answers per process (MiB; 0 = off). `PIXL_STUDIO_READ_CACHE_MB`, default 16. */
  studioReadCacheMb: number;
  /** An unpaid store checkout expires after this many minutes. `PIXL_CHECKOUT_EXPIRY_MINUTES`, default 60. */
  checkoutExpiryMinutes: number;
  /**
   * Public checkout requests per minute: per client IP (`PIXL_CHECKOUT_RATE_LIMIT_IP`, default 120), per store
   * (`PIXL_CHECKOUT_RATE_LIMIT_STORE`, default 6000), checkouts per IP (`PIXL_CHECKOUT_RATE_LIMIT_CHECKOUTS`, default 10).
   */
  checkoutRateLimits: { perIp: number; perStore: number; checkoutsPerIp: number };
  /** Take the client IP from X-Forwarded-For (behind a reverse proxy). `PIXL_TRUST_PROXY`, default false. */
  trustProxy: boolean;
  /** The built web console served at `/`. `PIXL_WEB_DIR`; absent = packages/web/dist; `off` = not served. */
  webDir: string | undefined;
}

/** The environment-variable names Pixl reads, with a one-line description each (shown by `pixl config`). */
export const settingDocs = {
  PORT: "HTTP port (default 8080)",
  HOST: "interface to bind (default 0.0.0.0)",
  PIXL_DATA_DIR: "directory for the SQLite database, local blobs and the secret key (default ./data)",
  DATABASE_URL: "postgres://… for PostgreSQL; absent for the embedded SQLite file",
  PIXL_DATABASE_POOL: "PostgreSQL pool size (default 10)",
  PIXL_PUBLIC_URL: "base URL Pixl hands out (default http://localhost:PORT)",
  PIXL_ALLOW_PRIVATE_NETWORKS:
    "1 to allow outbound requests to loopback/private addresses (dev and tests only)",
  PIXL_BLOB_STORE: "local (default) or s3",
  PIXL_BLOB_DIR: "directory for local blobs (default DATA_DIR/blobs)",
  PIXL_S3_ENDPOINT: "S3-compatible endpoint URL (absent = AWS)",
  PIXL_S3_BUCKET: "bucket name (required for s3)",
  PIXL_S3_REGION: "region (default us-east-1)",
  PIXL_S3_ACCESS_KEY_ID: "access key id (absent = the SDK's default credential chain)",
  PIXL_S3_SECRET_ACCESS_KEY: "secret access key",
  PIXL_S3_FORCE_PATH_STYLE: "1 for path-style bucket URLs (most S3-compatible servers)",
  PIXL_BODY_LIMIT: "largest request body in bytes (default 1048576)",
  PIXL_MAX_UPLOAD_BYTES: "largest presigned upload in bytes (default 104857600)",
  PIXL_WORKER_CONCURRENCY: "compute-bound jobs (image processing) a worker runs at once (default 2)",
  PIXL_IO_CONCURRENCY: "network-bound jobs (webhook deliveries) a worker runs at once (default 64)",
  PIXL_WORKER_POLL_MS:
    "how often an idle worker looks for due jobs, ms (default 1000; enqueues wake it at once)",
  PIXL_SHUTDOWN_GRACE_MS:
    "how long shutdown waits for running jobs before releasing them, ms (default 10000)",
  PIXL_JOB_LEASE_MS:
    "a claimed job's lease, ms: a dead worker's jobs run again this long after (default 60000)",
  PIXL_WEBHOOK_TIMEOUT_MS: "how long a webhook receiver may take to answer, ms (default 30000)",
  PIXL_WEBHOOK_RETRY_SCALE:
    "multiplies webhook retry delays, e.g. 0.001 while developing a receiver (default 1)",
  PIXL_LOG_LEVEL: "fatal, error, warn, info (default), debug, trace or silent",
  PIXL_SECRET_KEY: "key for signing URLs (32+ chars); absent = generated into DATA_DIR/secret.key",
  PIXL_STORE_DOMAIN: "stores answer at {subdomain}.<this domain> (default localhost)",
  PIXL_STORE_READ_CACHE_MB: "MiB of cached Store API GET answers per process, 0 turns it off (default 32)",
  PIXL_STUDIO_READ_CACHE_MB:
    "MiB of cached Studio REST GET answers (status polls) per process, SQLite only, 0 turns it off (default 16)",
  PIXL_CHECKOUT_EXPIRY_MINUTES:
    "minutes after which an unpaid store checkout is cancelled and its coupon and gift cards released (default 60)",
  PIXL_CHECKOUT_RATE_LIMIT_IP: "public checkout requests per minute from one IP (default 120)",
  PIXL_CHECKOUT_RATE_LIMIT_STORE: "public checkout requests per minute to one store (default 6000)",
  PIXL_CHECKOUT_RATE_LIMIT_CHECKOUTS: "checkouts (orders started) per minute from one IP (default 10)",
  PIXL_TRUST_PROXY: "1 when behind a reverse proxy: client IPs come from X-Forwarded-For (default off)",
  PIXL_WEB_DIR: "directory of the built web console served at / (default packages/web/dist; off = none)",
  PIXL_CONFIG_FILE: "optional JSON file with any of these names as keys; the environment wins",
} as const;

export type SettingName = keyof typeof settingDocs;
type RawSettings = Partial<Record<SettingName, string>>;

/**
 * Builds the config from `env` (and the JSON file named by `PIXL_CONFIG_FILE`, if any).
 * Throws one AppError `config_invalid` listing every bad setting by name.
 */
export function loadConfig(env: Record<string, string | undefined>, cwd = process.cwd()): Config {
  const raw = readRawSettings(env, cwd);
  const problems: string[] = [];
  const get = <T>(name: SettingName, parse: Parse<T>, fallback: T): T => {
    const value = raw[name];
    if (value === undefined || value.trim() === "") return fallback;
    const r = parse(value);
    if (r.ok) return r.value;
    problems.push(`${name} must be ${r.expected} (got ${JSON.stringify(value)})`);
    return fallback;
  };
  const opt = <T>(name: SettingName, parse: Parse<T>): T | undefined =>
    get<T | undefined>(name, parse, undefined);

  const port = get("PORT", integer(0, 65535), 8080);
  const dataDir = path.resolve(cwd, get("PIXL_DATA_DIR", text(), "./data"));
  const databaseUrl = opt("DATABASE_URL", url(["postgres", "postgresql", "sqlite"]));
  const blobKind = get(
    "PIXL_BLOB_STORE",
    oneOf(["local", "s3"] as const),
    raw.PIXL_S3_BUCKET ? "s3" : "local",
  );
  let blobs: BlobConfig;
  if (blobKind === "s3") {
    const bucket = opt(
      "PIXL_S3_BUCKET",
      text({ pattern: /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, expected: "a valid bucket name" }),
    );
    if (bucket === undefined && !problems.some((p) => p.startsWith("PIXL_S3_BUCKET"))) {
      problems.push("PIXL_S3_BUCKET is required when PIXL_BLOB_STORE=s3");
    }
    const endpoint = opt("PIXL_S3_ENDPOINT", url(["http", "https"]));
    const accessKeyId = opt("PIXL_S3_ACCESS_KEY_ID", text());
    const secretAccessKey = opt("PIXL_S3_SECRET_ACCESS_KEY", text());
    if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
      problems.push("PIXL_S3_ACCESS_KEY_ID and PIXL_S3_SECRET_ACCESS_KEY must be set together");
    }
    blobs = {
      kind: "s3",
      bucket: bucket ?? "",
      region: get("PIXL_S3_REGION", text(), "us-east-1"),
      forcePathStyle: get("PIXL_S3_FORCE_PATH_STYLE", boolean(), endpoint !== undefined),
      ...(endpoint === undefined ? {} : { endpoint }),
      ...(accessKeyId === undefined ? {} : { accessKeyId }),
      ...(secretAccessKey === undefined ? {} : { secretAccessKey }),
    };
  } else {
    blobs = {
      kind: "local",
      dir: path.resolve(cwd, get("PIXL_BLOB_DIR", text(), path.join(dataDir, "blobs"))),
    };
  }
  const config: Config = {
    port,
    host: get("HOST", text(), "0.0.0.0"),
    dataDir,
    databaseUrl,
    databasePoolSize: get("PIXL_DATABASE_POOL", integer(1, 1000), 10),
    publicUrl: get("PIXL_PUBLIC_URL", url(["http", "https"]), `http://localhost:${port}`),
    allowPrivateNetworks: get("PIXL_ALLOW_PRIVATE_NETWORKS", boolean(), false),
    blobs,
    bodyLimit: get("PIXL_BODY_LIMIT", integer(1024, 1024 ** 3), 1024 * 1024),
    maxUploadBytes: get("PIXL_MAX_UPLOAD_BYTES", integer(1024, 64 * 1024 ** 3), 100 * 1024 * 1024),
    workerConcurrency: get("PIXL_WORKER_CONCURRENCY", integer(1, 256), 2),
    ioConcurrency: get("PIXL_IO_CONCURRENCY", integer(1, 4096), 64),
    workerPollMs: get("PIXL_WORKER_POLL_MS", integer(5, 60_000), 1000),
    shutdownGraceMs: get("PIXL_SHUTDOWN_GRACE_MS", integer(0, 600_000), 10_000),
    jobLeaseMs: get("PIXL_JOB_LEASE_MS", integer(1000, 3_600_000), 60_000),
    webhookTimeoutMs: get("PIXL_WEBHOOK_TIMEOUT_MS", integer(100, 300_000), 30_000),
    webhookRetryScale: get("PIXL_WEBHOOK_RETRY_SCALE", decimal(0.0001, 1), 1),
    logLevel: get(
      "PIXL_LOG_LEVEL",
      oneOf(["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const),
      "info",
    ),
    secretKey: opt("PIXL_SECRET_KEY", text({ minLength: 32, expected: "at least 32 characters" })),
    storeDomain: get(
      "PIXL_STORE_DOMAIN",
      text({ pattern: /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/i, expected: "a domain name" }),
      "localhost",
    ).toLowerCase(),
    storeReadCacheMb: get("PIXL_STORE_READ_CACHE_MB", integer(0, 65_536), 32),
    studioReadCacheMb: get("PIXL_STUDIO_READ_CACHE_MB", integer(0, 65_536), 16),
    checkoutExpiryMinutes: get("PIXL_CHECKOUT_EXPIRY_MINUTES", integer(1, 10_080), 60),
    checkoutRateLimits: {
      perIp: get("PIXL_CHECKOUT_RATE_LIMIT_IP", integer(1, 10_000_000), 120),
      perStore: get("PIXL_CHECKOUT_RATE_LIMIT_STORE", integer(1, 10_000_000), 6000),
      checkoutsPerIp: get("PIXL_CHECKOUT_RATE_LIMIT_CHECKOUTS", integer(1, 10_000_000), 10),
    },
    trustProxy: get("PIXL_TRUST_PROXY", boolean(), false),
    webDir: ((dir) => (dir === undefined || dir === "off" ? dir : path.resolve(cwd, dir)))(
      opt("PIXL_WEB_DIR", text()),
    ),
  };
  if (problems.length > 0) {
    throw new AppError("config_invalid", `Invalid configuration: ${problems.join("; ")}`, { problems });
  }
  return config;
}

function readRawSettings(env: Record<string, string | undefined>, cwd: string): RawSettings {
  const fromEnv: RawSettings = {};
  for (const name of Object.keys(settingDocs) as SettingName[]) {
    const v = env[name];
    if (v !== undefined) fromEnv[name] = v;
  }
  const file = fromEnv.PIXL_CONFIG_FILE;
  if (file === undefined || file.trim() === "") return fromEnv;
  return { ...readConfigFile(path.resolve(cwd, file)), ...fromEnv };
}

function readConfigFile(file: string): RawSettings {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new AppError(
      "config_invalid",
      `Invalid configuration: PIXL_CONFIG_FILE ${file} could not be read as JSON: ${messageOf(e)}`,
    );
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new AppError(
      "config_invalid",
      `Invalid configuration: PIXL_CONFIG_FILE ${file} must hold a JSON object`,
    );
  }
  const out: RawSettings = {};
  const unknown: string[] = [];
  for (const [k, v] of Object.entries(parsed)) {
    if (!(k in settingDocs)) {
      unknown.push(k);
      continue;
    }
    if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") {
      throw new AppError(
        "config_invalid",
        `Invalid configuration: ${k} in ${file} must be a string, number or boolean`,
      );
    }
    out[k as SettingName] = String(v);
  }
  if (unknown.length > 0) {
    throw new AppError(
      "config_invalid",
      `Invalid configuration: unknown setting ${unknown.join(", ")} in ${file}`,
      { unknown },
    );
  }
  return out;
}
