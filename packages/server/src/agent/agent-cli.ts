// `pixl agent`: reads the secrets from the environment, runs the reference agent until SIGTERM/SIGINT.
import { AppError } from "../core/errors/index.js";
import { createLogger } from "../core/logging/logger.js";
import { onShutdownSignal } from "../main/signals.js";
import { runAgent, type AgentOptions } from "./agent-runner.js";

export async function runAgentCli(
  opts: { url: string; rcon?: string; shell?: string },
  env: Record<string, string | undefined>,
): Promise<void> {
  const storeSecret = env["PIXL_AGENT_STORE_SECRET"];
  const serverSecret = env["PIXL_AGENT_SERVER_SECRET"];
  if (!storeSecret || !serverSecret)
    throw new AppError("config_invalid", "set PIXL_AGENT_STORE_SECRET and PIXL_AGENT_SERVER_SECRET");
  let target: AgentOptions["target"];
  if (opts.shell !== undefined && opts.rcon === undefined) target = { kind: "shell", shell: opts.shell };
  else if (opts.rcon !== undefined && opts.shell === undefined) {
    const m = /^(.+):(\d{1,5})$/.exec(opts.rcon);
    if (!m) throw new AppError("config_invalid", "--rcon must be host:port");
    target = {
      kind: "rcon",
      rcon: { host: m[1] ?? "", port: Number(m[2]), password: env["PIXL_AGENT_RCON_PASSWORD"] ?? "" },
    };
  } else throw new AppError("config_invalid", "give exactly one of --rcon host:port or --shell <path>");
  const logger = createLogger({ level: "info" });
  const stop = new AbortController();
  onShutdownSignal(logger, () => {
    stop.abort();
    return Promise.resolve();
  });
  logger.info({ url: opts.url, target: target.kind }, "agent started");
  await runAgent({
    url: opts.url,
    storeSecret,
    serverSecret,
    target,
    signal: stop.signal,
    log: (line) => logger.info(line),
  });
}
