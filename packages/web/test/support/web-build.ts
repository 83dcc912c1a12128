// Brings packages/web/dist up to date before a browser test (a source newer than the build rebuilds it),
// under a lock so parallel test files never build at once.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";

const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const WEB_DIST = path.join(webRoot, "dist");
const LOCK = path.join(tmpdir(), `pixl-web-build-${Buffer.from(webRoot).toString("hex").slice(-32)}.lock`);

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function isFresh(): boolean {
  const index = path.join(WEB_DIST, "index.html");
  if (!existsSync(index)) return false;
  const sources = Math.max(
    newestMtime(path.join(webRoot, "src")),
    newestMtime(path.join(webRoot, "public")),
    statSync(path.join(webRoot, "index.html")).mtimeMs,
    statSync(path.join(webRoot, "vite.config.ts")).mtimeMs,
  );
  return statSync(index).mtimeMs >= sources;
}

let ready: Promise<void> | undefined;

/** Resolves once dist/ is at least as new as every source of the console. */
export function ensureWebBuilt(): Promise<void> {
  ready ??= (async () => {
    for (;;) {
      if (isFresh()) return;
      try {
        mkdirSync(LOCK);
      } catch {
        // Another test file builds; a lock left by a killed run is taken over after two minutes.
        try {
          if (Date.now() - statSync(LOCK).mtimeMs > 120_000) rmdirSync(LOCK);
        } catch {
          /* gone meanwhile */
        }
        await sleep(500);
        continue;
      }
      try {
        if (isFresh()) return;
        const r = spawnSync(
          process.execPath,
          [path.join(webRoot, "../../node_modules/vite/bin/vite.js"), "build", "--logLevel", "error"],
          {
            cwd: webRoot,
            encoding: "utf8",
          },
        );
        if (r.status !== 0) throw new Error(`vite build failed: ${r.stderr || r.stdout}`);
        return;
      } finally {
        rmdirSync(LOCK);
      }
    }
  })();
  return ready;
}
