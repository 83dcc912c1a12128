// The whole app over a test database: a fresh data dir, a fixed signing key, loopback allowed, silent logs.
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createApp, type App } from "../../src/app.js";
import { loadConfig } from "../../src/core/config/index.js";
import { createLogger } from "../../src/core/logging/logger.js";
import type { TestDatabase } from "./databases.js";

/**
 * The environment for an app (or a `pixl` child process) on `t`: the same env gives the same data dir and
 * signing key, so a test process and its children read each other's sealed secrets.
 */
export function createTestEnv(
  t: TestDatabase,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    DATABASE_URL: t.url,
    PIXL_DATA_DIR: mkdtempSync(path.join(tmpdir(), "pixl-app-")),
    PIXL_SECRET_KEY: randomBytes(32).toString("hex"),
    PIXL_ALLOW_PRIVATE_NETWORKS: "1",
    PIXL_WORKER_POLL_MS: "20",
    ...overrides,
  };
}

export function createTestApp(env: Record<string, string>): App {
  return createApp(loadConfig(env), { logger: createLogger({ level: "silent" }) });
}
