// Where the reference agent runs commands: one Source RCON connection (reconnected when it drops) or a local
// shell, started without the agent's environment (its secrets) and told the player only through PIXL_PLAYER.
import { execFile } from "node:child_process";
import { isSafeIdentifier } from "../store/deliveries/command-template.js";
import { RconClient, type RconOptions } from "./rcon-client.js";

export type TargetOptions = { kind: "rcon"; rcon: RconOptions } | { kind: "shell"; shell: string };

/** A command that must not run (the agent fails it without retrying). */
export class RefusedCommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RefusedCommandError";
  }
}

export interface AgentTarget {
  readonly kind: TargetOptions["kind"];
  /** Runs `command` for `player`; resolves to its output. */
  run(command: string, player: string | null): Promise<string>;
  /** True while the target is reachable as far as the agent knows (an RCON connection is open). */
  readonly connected: boolean;
  close(): void;
}

/** What a shell command sees of the environment: enough to find programs, never the agent's secrets. */
function shellEnvironment(player: string | null): Record<string, string> {
  const keep = ["PATH", "HOME", "LANG", "LC_ALL", "TZ"];
  const env: Record<string, string> = {};
  for (const k of keep) {
    const v = process.env[k];
    if (v !== undefined) env[k] = v;
  }
  if (player !== null) env["PIXL_PLAYER"] = player;
  return env;
}

function runShell(shell: string, command: string, player: string | null): Promise<string> {
  // The store renders every placeholder from a character set with no shell syntax (command-template.ts);
  // checking the player again here keeps a hostile or broken server from smuggling one through `player`.
  if (player !== null && !isSafeIdentifier(player))
    return Promise.reject(new RefusedCommandError(`refused: unsafe player name ${JSON.stringify(player)}`));
  return new Promise((resolve, reject) => {
    execFile(
      shell,
      ["-c", command],
      { timeout: 30_000, env: shellEnvironment(player), maxBuffer: 1024 * 1024 },
      (error, stdout) => {
        if (error) reject(new Error(error.message));
        else resolve(stdout);
      },
    );
  });
}

export function createAgentTarget(options: TargetOptions): AgentTarget {
  if (options.kind === "shell") {
    return {
      kind: "shell",
      connected: true,
      run: (command, player) => runShell(options.shell, command, player),
      close: () => undefined,
    };
  }
  let rcon: RconClient | undefined;
  return {
    kind: "rcon",
    get connected() {
      return rcon?.connected ?? false;
    },
    async run(command) {
      if (!rcon?.connected) {
        rcon = new RconClient(options.rcon);
        await rcon.connect();
      }
      return rcon.exec(command);
    },
    close() {
      rcon?.close();
    },
  };
}
