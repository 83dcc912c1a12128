// The server's signing key: from PIXL_SECRET_KEY, else generated once into the data dir (mode 0600).
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Config } from "./config.js";

/** Returns the signing key, creating `<dataDir>/secret.key` on first use when none is configured. */
export function resolveSecretKey(config: Pick<Config, "secretKey" | "dataDir">): Buffer {
  if (config.secretKey !== undefined) return Buffer.from(config.secretKey, "utf8");
  const file = path.join(config.dataDir, "secret.key");
  try {
    return Buffer.from(readFileSync(file, "utf8").trim(), "base64");
  } catch {
    mkdirSync(config.dataDir, { recursive: true });
    const key = randomBytes(32).toString("base64");
    try {
      // "wx": if another process created it first, use theirs.
      writeFileSync(file, key + "\n", { mode: 0o600, flag: "wx" });
    } catch {
      return Buffer.from(readFileSync(file, "utf8").trim(), "base64");
    }
    return Buffer.from(key, "base64");
  }
}
