// The reference agent (`pixl agent`): polls the agent API, runs commands over RCON (or a shell, opt-in),
// confirms or fails each, obeys the poll interval, and backs off and reconnects when the network goes away.
import { execFile } from "node:child_process";
import { setTimeout as delay } from "node:timers/promises";
import { messageOf } from "../core/errors/index.js";
import { RconAuthError, RconClient, type RconOptions } from "./rcon-client.js";

export interface AgentOptions {
  /** The store's base URL, e.g. `https://alpha.example.com`. */
  url: string;
  storeSecret: string;
  serverSecret: string;
  /** Where commands run. */
  target: { kind: "rcon"; rcon: RconOptions } | { kind: "shell"; shell: string };
  /** Longest wait between polls, whatever the server says. Default 60 s. */
  maxPollMs?: number;
  /** First and largest backoff after a network or server error. Default 1 s and 60 s. */
  backoffMs?: { min: number; max: number };
  signal?: AbortSignal;
  log?: (line: string) => void;
  /** Per HTTP request. Default 10 s. */
  requestTimeoutMs?: number;
}

interface PendingCommand {
  id: number;
  command: string;
}

function runShell(shell: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(shell, ["-c", command], { timeout: 30_000 }, (error, stdout) => {
      if (error) reject(new Error(error.message));
      else resolve(stdout);
    });
  });
}

/** Runs until `signal` aborts. Never throws for network trouble: it waits and tries again. */
export async function runAgent(options: AgentOptions): Promise<void> {
  const log = options.log ?? (() => undefined);
  const base = options.url.replace(/\/+$/, "") + "/api/v1/agent/commands";
  const headers = { "x-store-secret": options.storeSecret, "x-server-secret": options.serverSecret };
  const backoff = options.backoffMs ?? { min: 1_000, max: 60_000 };
  const maxPollMs = options.maxPollMs ?? 60_000;
  const timeoutMs = options.requestTimeoutMs ?? 10_000;
  let failures = 0;
  let rcon: RconClient | undefined;

  const request = async (
    path: string,
    init: { method?: string; headers?: Record<string, string>; body?: string } = {},
  ): Promise<Response> => {
    const signals = [AbortSignal.timeout(timeoutMs), ...(options.signal ? [options.signal] : [])];
    return fetch(`${base}${path}`, {
      ...init,
      headers: { ...headers, ...init.headers },
      signal: AbortSignal.any(signals),
    });
  };
  const report = async (id: number, what: "confirm" | "fail", body?: unknown): Promise<void> => {
    // Outcomes are retried until the server has them: a lost confirm would let the lease run out and the
    // command be offered again.
    for (let attempt = 0; !options.signal?.aborted; attempt++) {
      try {
        const r = await request(`/${id}/${what}`, {
          method: "POST",
          ...(body === undefined
            ? {}
            : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
        });
        if (r.status < 500 && r.status !== 429) return;
      } catch (e) {
        log(`report ${what} ${id} failed: ${messageOf(e)}`);
      }
      await delay(Math.min(backoff.max, backoff.min * 2 ** attempt), undefined, {
        signal: options.signal,
      }).catch(() => undefined);
    }
  };
  const run = async (command: string): Promise<string> => {
    if (options.target.kind === "shell") return runShell(options.target.shell, command);
    if (!rcon?.connected) {
      rcon = new RconClient(options.target.rcon);
      await rcon.connect();
    }
    return rcon.exec(command);
  };

  while (!options.signal?.aborted) {
    let waitMs: number;
    try {
      const r = await request("/pending");
      if (r.status !== 200) throw new Error(`poll answered ${r.status}`);
      const body = (await r.json()) as { data: PendingCommand[]; meta: { next_poll_ms?: number } };
      for (const c of body.data) {
        try {
          const out = await run(c.command);
          log(`ran ${c.id}: ${c.command} → ${out.trim()}`);
          await report(c.id, "confirm");
        } catch (e) {
          if (e instanceof RconAuthError) {
            await report(c.id, "fail", { reason: e.message, retry: true });
            throw e;
          }
          rcon?.close();
          const network = options.target.kind === "rcon" && !(rcon?.connected ?? false);
          await report(c.id, "fail", { reason: messageOf(e).slice(0, 900), retry: network });
        }
      }
      failures = 0;
      waitMs = Math.min(maxPollMs, body.meta.next_poll_ms ?? maxPollMs);
    } catch (e) {
      if (options.signal?.aborted) break;
      failures++;
      waitMs = Math.min(backoff.max, backoff.min * 2 ** Math.min(failures - 1, 16));
      log(`poll failed (${messageOf(e)}), retrying in ${waitMs} ms`);
    }
    await delay(waitMs, undefined, { signal: options.signal }).catch(() => undefined);
  }
  rcon?.close();
}
