// The built console (packages/web/dist) held in memory: each file with its type, ETag and compressed forms.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

/** One file of the built app, ready to send. */
export interface WebAsset {
  body: Buffer;
  /** The compressed body, made on first use (app start stays fast) and kept; undefined when not worth it. */
  encoded(encoding: "br" | "gzip"): Buffer | undefined;
  type: string;
  etag: string;
  /** Hashed build output under /assets/: cached for a year; everything else revalidates. */
  immutable: boolean;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".json": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".woff2": "font/woff2",
  ".map": "application/json; charset=utf-8",
};
const COMPRESSIBLE = new Set([".html", ".js", ".css", ".svg", ".json", ".txt", ".map"]);
/** The build is a few MB; a directory far past this is not a console build and is refused. */
const MAX_TOTAL_BYTES = 64 * 1024 * 1024;

/** Where `npm run build` puts the console, relative to this file in src/ or dist/. */
export function defaultWebDir(): string {
  return fileURLToPath(new URL("../../../web/dist/", import.meta.url));
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    // Dotfiles (the build's .vite/manifest.json) are build metadata, not part of the site.
    if (entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.isFile()) yield full;
  }
}

/**
 * Reads every file under `dir` (keys are URL paths like `/assets/index-abc.js`). Answers undefined when
 * the directory has no index.html (the console was not built).
 */
export function loadWebAssets(dir: string): Map<string, WebAsset> | undefined {
  if (!existsSync(path.join(dir, "index.html"))) return undefined;
  const assets = new Map<string, WebAsset>();
  let total = 0;
  for (const file of walk(dir)) {
    total += statSync(file).size;
    if (total > MAX_TOTAL_BYTES) throw new Error(`${dir} holds more than ${MAX_TOTAL_BYTES} bytes`);
    const rel = "/" + path.relative(dir, file).split(path.sep).join("/");
    const ext = path.extname(file).toLowerCase();
    const body = readFileSync(file);
    const compress = COMPRESSIBLE.has(ext) && body.length > 512;
    const cache: Partial<Record<"br" | "gzip", Buffer>> = {};
    assets.set(rel, {
      body,
      encoded(encoding) {
        if (!compress) return undefined;
        cache[encoding] ??=
          encoding === "br"
            ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })
            : gzipSync(body, { level: 9 });
        return cache[encoding];
      },
      type: TYPES[ext] ?? "application/octet-stream",
      etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`,
      immutable: rel.startsWith("/assets/"),
    });
  }
  return assets;
}
