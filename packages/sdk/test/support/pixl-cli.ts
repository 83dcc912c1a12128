// Spawns the real `pixl` command for end-to-end tests of the developer tools: the built executable
// (bin/pixl.js) with PIXL_TEST_BUILT_CLI=1, otherwise the same entry point from source (tsx, the workspace
// packages' sources), so a test never runs a stale build.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const serverRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../server");

export interface CliProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
  /** Resolves once stdout (or stderr) matches `pattern`; rejects when the process exits first or on timeout. */
  waitFor(
    pattern: RegExp,
    options?: { stream?: "stdout" | "stderr"; timeoutMs?: number },
  ): Promise<RegExpExecArray>;
}

export function spawnCli(args: string[], env: Record<string, string> = {}): CliProcess {
  const built = process.env["PIXL_TEST_BUILT_CLI"] === "1";
  const argv = built
    ? [path.join(serverRoot, "bin/pixl.js"), ...args]
    : ["--conditions=@pixl/source", "--import", "tsx", path.join(serverRoot, "src/main/pixl.ts"), ...args];
  const child = spawn(process.execPath, argv, {
    cwd: serverRoot,
    env: { ...process.env, PIXL_LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const out = { stdout: "", stderr: "" };
  const listeners = new Set<() => void>();
  for (const stream of ["stdout", "stderr"] as const)
    child[stream].on("data", (d: Buffer) => {
      out[stream] += d.toString();
      for (const l of listeners) l();
    });
  let done = false;
  const exited = new Promise<number | string>((resolve) =>
    child.on("close", (code, signal) => {
      done = true;
      for (const l of listeners) l();
      resolve(code ?? signal ?? "unknown");
    }),
  );
  return {
    child,
    stdout: () => out.stdout,
    stderr: () => out.stderr,
    exited,
    waitFor(pattern, o = {}) {
      const stream = o.stream ?? "stdout";
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out waiting for ${pattern}\nstdout: ${out.stdout}\nstderr: ${out.stderr}`));
        }, o.timeoutMs ?? 60_000);
        function check() {
          const m = pattern.exec(out[stream]);
          if (m) {
            clearTimeout(timer);
            listeners.delete(check);
            resolve(m);
          } else if (done) {
            clearTimeout(timer);
            listeners.delete(check);
            reject(new Error(`pixl exited before ${pattern}\nstdout: ${out.stdout}\nstderr: ${out.stderr}`));
          }
        }
        listeners.add(check);
        check();
      });
    },
  };
}
