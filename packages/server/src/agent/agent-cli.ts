// `pixl agent`: checks its arguments, reads the secrets from the environment, runs the reference agent until
// SIGTERM/SIGINT, then lets it finish (or hand back) what it holds before exiting.
import { AppError } from "../core/errors/index.js";
import { createLogger } from "../core/logging/logger.js";
import { onShutdownSignal } from "../main/signals.js";
import { runAgent, type AgentOptions } from "./agent-runner.js";

export interface AgentCliOptions {
  url: string;
  rcon?: string;
  shell?: string;
  /** `--online-check <command>`; `--no-online-check` gives false. */
  onlineCheck?: string | false;
  /** `--offline-retry <seconds>`. */
  offlineRetry?: number;
}

const invalid = (message: string) => new AppError("config_invalid", message);

/** The agent's options from the command line and environment; throws one clear line for each mistake. */
export function resolveAgentOptions(
  opts: AgentCliOptions,
  env: Record<string, string | undefined>,
): Omit<AgentOptions, "signal" | "log"> {
  let url: URL;
  try {
    url = new URL(opts.url);
  } catch {
    throw invalid(`--url must be an http(s) URL (got ${JSON.stringify(opts.url)})`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw invalid(`--url must be an http(s) URL (got ${JSON.stringify(opts.url)})`);
  let target: AgentOptions["target"];
  if (opts.shell !== undefined && opts.rcon === undefined) {
    if (!opts.shell.startsWith("/")) throw invalid("--shell must be an absolute path, e.g. /bin/sh");
    target = { kind: "shell", shell: opts.shell };
  } else if (opts.rcon !== undefined && opts.shell === undefined) {
    const m = /^(.+):(\d{1,5})$/.exec(opts.rcon);
    const port = Number(m?.[2]);
    if (!m || port < 1 || port > 65535) throw invalid("--rcon must be host:port");
    target = {
      kind: "rcon",
      rcon: { host: m[1] ?? "", port, password: env["PIXL_AGENT_RCON_PASSWORD"] ?? "" },
    };
  } else throw invalid("give exactly one of --rcon host:port or --shell <path>");
  const storeSecret = env["PIXL_AGENT_STORE_SECRET"];
  const serverSecret = env["PIXL_AGENT_SERVER_SECRET"];
  if (!storeSecret || !serverSecret)
    throw invalid("set PIXL_AGENT_STORE_SECRET and PIXL_AGENT_SERVER_SECRET");
  return {
    url: url.toString(),
    storeSecret,
    serverSecret,
    target,
    ...(opts.onlineCheck === undefined
      ? {}
      : { onlineCheck: opts.onlineCheck === false ? null : opts.onlineCheck }),
    ...(opts.offlineRetry === undefined ? {} : { offlineRetryMs: opts.offlineRetry * 1000 }),
  };
}

export async function runAgentCli(
  opts: AgentCliOptions,
  env: Record<string, string | undefined>,
): Promise<void> {
  const options = resolveAgentOptions(opts, env);
  const logger = createLogger({ level: "info" });
  const stop = new AbortController();
  logger.info({ url: options.url, target: options.target.kind }, "agent started");
  const running = runAgent({ ...options, signal: stop.signal, log: (line) => logger.info(line) });
  onShutdownSignal(logger, async () => {
    stop.abort();
    await running;
    logger.info("agent stopped");
  });
  await running;
}
