// The built `pixl` executable (bin/pixl.js, running dist/) for tests of what users run: the build is brought up
// to date first (incremental, under a lock so parallel test files never build at once).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, rmdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const serverRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const repoRoot = path.resolve(serverRoot, "../..");
export const PIXL_BIN = path.join(serverRoot, "bin/pixl.js");
const LOCK = path.join(tmpdir(), `pixl-build-${Buffer.from(repoRoot).toString("hex").slice(-32)}.lock`);

function tryLock(): boolean {
  try {
    mkdirSync(LOCK);
    return true;
  } catch {
    // A lock left by a killed run is taken over after two minutes.
    try {
      if (Date.now() - statSync(LOCK).mtimeMs > 120_000) rmdirSync(LOCK);
    } catch {
      /* gone meanwhile */
    }
    return false;
  }
}

let built: Promise<void> | undefined;

/** Runs `tsc -b tsconfig.build.json` once per test process (a no-op taking a second when up to date). */
export function ensureBuilt(): Promise<void> {
  built ??= (async () => {
    while (!tryLock()) await new Promise((r) => setTimeout(r, 200));
    try {
      const r = spawnSync(
        process.execPath,
        [path.join(repoRoot, "node_modules/typescript/bin/tsc"), "-b", "tsconfig.build.json"],
        { cwd: repoRoot, encoding: "utf8", timeout: 300_000 },
      );
      if (r.status !== 0) throw new Error(`the build failed:\n${r.stdout}${r.stderr}`);
    } finally {
      rmdirSync(LOCK);
    }
  })();
  return built;
}

/** Starts the built `pixl <args>` (call `ensureBuilt` first); the environment is the test's plus `env`. */
export function spawnBuiltPixl(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [PIXL_BIN, ...args], {
    cwd: serverRoot,
    env: { ...process.env, PIXL_LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Collects a child's output and resolves when it exits. */
export function finished(child: ChildProcess): Promise<Finished> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
}
