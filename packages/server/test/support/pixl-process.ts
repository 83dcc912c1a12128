// Runs the real `pixl` CLI as a child process for end-to-end tests: the built executable users run (bin/pixl.js),
// brought up to date when this module loads (from source through tsx, each start cost twice the CPU).
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureBuilt, PIXL_BIN } from "./built-pixl.js";

const serverRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
await ensureBuilt();

export interface PixlResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

// Everything each spawned child printed on stdout so far, so later waits also see earlier output.
const printed = new WeakMap<ChildProcess, { stdout: string }>();

/** Starts `pixl <args>`; the environment is the test's plus `env`. */
export function spawnPixl(args: string[], env: Record<string, string> = {}): ChildProcess {
  const child = spawn(process.execPath, [PIXL_BIN, ...args], {
    cwd: serverRoot,
    env: { ...process.env, PIXL_LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const record = { stdout: "" };
  printed.set(child, record);
  child.stdout.on("data", (d: Buffer) => (record.stdout += d.toString()));
  return child;
}

/** Runs `pixl <args>` to completion. */
export async function runPixl(args: string[], env: Record<string, string> = {}): Promise<PixlResult> {
  const child = spawnPixl(args, env);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
  return { code, stdout, stderr };
}

/** Waits until `child` prints a line matching `pattern` on stdout (or fails after `timeoutMs`). */
export async function waitForOutput(
  child: ChildProcess,
  pattern: RegExp,
  timeoutMs = 60_000,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const record = printed.get(child);
    let seen = record?.stdout ?? "";
    let errors = "";
    const early = pattern.exec(seen);
    if (early) {
      resolve(early[0]);
      return;
    }
    const timer = setTimeout(
      () => reject(new Error(`timed out waiting for ${pattern}; stdout: ${seen}; stderr: ${errors}`)),
      timeoutMs,
    );
    child.stderr?.on("data", (d: Buffer) => (errors += d.toString()));
    child.stdout?.on("data", (d: Buffer) => {
      seen += d.toString();
      const m = pattern.exec(seen);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`pixl exited with ${code} before printing ${pattern}; stderr: ${errors}`));
    });
  });
}
