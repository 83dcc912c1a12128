// Starting third-party programs (the seeds' receivers in Python, PHP and Node) for end-to-end tests.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import net from "node:net";

const isCi = process.env["CI"] === "true";

/**
 * True when `command args` runs successfully. Outside CI a missing tool skips its suite with a visible
 * message; under CI=true it is a failure (`.ci/run` installs them).
 */
export function hasTool(label: string, command: string, args: string[]): boolean {
  const r = spawnSync(command, args, { stdio: "ignore" });
  const ok = r.status === 0;
  if (!ok) {
    if (isCi) throw new Error(`${label} is required under CI=true (${command} ${args.join(" ")} failed)`);
    console.warn(`\n!! ${label} is not available (${command} ${args.join(" ")}): its suite is SKIPPED.\n`);
  }
  return ok;
}

export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

export interface RunningProcess {
  child: ChildProcess;
  /** Everything printed so far, stdout and stderr. */
  output(): string;
  stop(): Promise<void>;
}

/** Spawns a server process and waits until `port` accepts connections. */
export async function startServerProcess(
  command: string,
  args: string[],
  options: { port: number; env?: Record<string, string>; cwd?: string; timeoutMs?: number },
): Promise<RunningProcess> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  while (!(await canConnect(options.port))) {
    if (child.exitCode !== null) throw new Error(`${command} exited early (${child.exitCode}): ${out}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`${command} did not listen on ${options.port}: ${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    child,
    output: () => out,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}
