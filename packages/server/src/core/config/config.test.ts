import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isAppError } from "../errors/index.js";
import { loadConfig } from "./config.js";

const cwd = "/srv/pixl";

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(isAppError(e, "config_invalid")).toBe(true);
    return (e as Error).message;
  }
  throw new Error("expected a config error");
}

describe("loadConfig", () => {
  it("gives the embedded defaults on an empty environment", () => {
    const c = loadConfig({}, cwd);
    expect(c.port).toBe(8080);
    expect(c.dataDir).toBe("/srv/pixl/data");
    expect(c.databaseUrl).toBeUndefined();
    expect(c.blobs).toEqual({ kind: "local", dir: "/srv/pixl/data/blobs" });
    expect(c.publicUrl).toBe("http://localhost:8080");
    expect(c.allowPrivateNetworks).toBe(false);
  });

  it("reads PostgreSQL, S3, public URL and the private-network switch", () => {
    const c = loadConfig(
      {
        PORT: "9000",
        DATABASE_URL: "postgres://pixl@db:5432/pixl",
        PIXL_S3_BUCKET: "pixl-media",
        PIXL_S3_ENDPOINT: "http://127.0.0.1:9001/",
        PIXL_S3_ACCESS_KEY_ID: "AK",
        PIXL_S3_SECRET_ACCESS_KEY: "SK",
        PIXL_PUBLIC_URL: "https://shop.example.com/",
        PIXL_ALLOW_PRIVATE_NETWORKS: "1",
      },
      cwd,
    );
    expect(c.port).toBe(9000);
    expect(c.databaseUrl).toBe("postgres://pixl@db:5432/pixl");
    expect(c.blobs).toEqual({
      kind: "s3",
      bucket: "pixl-media",
      endpoint: "http://127.0.0.1:9001",
      region: "us-east-1",
      accessKeyId: "AK",
      secretAccessKey: "SK",
      forcePathStyle: true,
    });
    expect(c.publicUrl).toBe("https://shop.example.com");
    expect(c.allowPrivateNetworks).toBe(true);
  });

  it("names every bad setting in one error", () => {
    const message = errorOf(() =>
      loadConfig({ PORT: "eighty", DATABASE_URL: "mysql://x", PIXL_ALLOW_PRIVATE_NETWORKS: "maybe" }, cwd),
    );
    expect(message).toContain('PORT must be an integer from 0 to 65535 (got "eighty")');
    expect(message).toContain("DATABASE_URL must be a postgres or postgresql or sqlite URL");
    expect(message).toContain("PIXL_ALLOW_PRIVATE_NETWORKS must be 1/0");
  });

  it("rejects half-configured S3 and out-of-range numbers", () => {
    expect(errorOf(() => loadConfig({ PIXL_BLOB_STORE: "s3" }, cwd))).toContain("PIXL_S3_BUCKET is required");
    expect(errorOf(() => loadConfig({ PIXL_S3_BUCKET: "b-1", PIXL_S3_ACCESS_KEY_ID: "x" }, cwd))).toContain(
      "must be set together",
    );
    expect(errorOf(() => loadConfig({ PORT: "70000" }, cwd))).toContain("PORT");
    expect(errorOf(() => loadConfig({ PIXL_SECRET_KEY: "short" }, cwd))).toContain("at least 32 characters");
  });

  it("reads a JSON config file, with the environment winning", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "pixl-config-"));
    const file = path.join(dir, "pixl.json");
    writeFileSync(
      file,
      JSON.stringify({ PORT: 7000, PIXL_DATA_DIR: "/var/lib/pixl", PIXL_LOG_LEVEL: "debug" }),
    );
    const c = loadConfig({ PIXL_CONFIG_FILE: file, PIXL_LOG_LEVEL: "warn" }, cwd);
    expect(c.port).toBe(7000);
    expect(c.dataDir).toBe("/var/lib/pixl");
    expect(c.logLevel).toBe("warn");
  });

  it("refuses a malformed or unknown-keyed config file by name", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "pixl-config-"));
    const broken = path.join(dir, "broken.json");
    writeFileSync(broken, "{ PORT: 1");
    expect(errorOf(() => loadConfig({ PIXL_CONFIG_FILE: broken }, cwd))).toContain(
      "could not be read as JSON",
    );
    const unknown = path.join(dir, "unknown.json");
    writeFileSync(unknown, JSON.stringify({ PROT: "8080" }));
    expect(errorOf(() => loadConfig({ PIXL_CONFIG_FILE: unknown }, cwd))).toContain("unknown setting PROT");
    expect(errorOf(() => loadConfig({ PIXL_CONFIG_FILE: path.join(dir, "missing.json") }, cwd))).toContain(
      "missing.json",
    );
  });
});
