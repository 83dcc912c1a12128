// The reference agent (`pixl agent`): polls the agent API, runs commands over RCON (or a shell, opt-in),
// confirms or fails each, waits for players who must be online, obeys the poll interval, backs off and
// reconnects when the network goes away, and stops gracefully (finishing or releasing what it holds).
import { setTimeout as delay } from "node:timers/promises";
import { messageOf } from "../core/errors/index.js";
import { createAgentTarget, RefusedCommandError, type TargetOptions } from "./agent-target.js";
import { isPlayerListed } from "./online-players.js";
import { RconAuthError } from "./rcon-client.js";

export interface AgentOptions {
  /** The store's base URL, e.g. `https://alpha.example.com`. */
  url: string;
  storeSecret: string;
  serverSecret: string;
  /** Where commands run. */
  target: TargetOptions;
  /**
   * Run on the target to list the players online before a `require_online` command. Default `list`
   * (Minecraft and most RCON games) over RCON; with a shell, null: players count as online.
   */
  onlineCheck?: string | null;
  /** How long a command waits (back in the store's queue) when its player is offline. Default 30 s. */
  offlineRetryMs?: number;
  /** Longest wait between polls, whatever the server says. Default 60 s. */
  maxPollMs?: number;
  /** First and largest backoff after a network or server error. Default 1 s and 60 s. */
  backoffMs?: { min: number; max: number };
  /**
   * Stops the agent: it finishes the command running, reports it, hands the rest of its batch back to the
   * store (deferred, offered to the next poll) and returns.
   */
  signal?: AbortSignal;
  /** How long reporting may go on after `signal` (the network may be down). Default 10 s. */
  stopGraceMs?: number;
  log?: (line: string) => void;
  /** Per HTTP request. Default 10 s. */
  requestTimeoutMs?: number;
}

interface PendingCommand {
  id: number;
  command: string;
  player: string | null;
  require_online: boolean;
}

type Outcome =
  { what: "confirm" } | { what: "fail"; reason: string; retry: boolean; retryAfterSeconds?: number };

/** Runs until `signal` aborts. Never throws for network trouble: it waits and tries again. */
export async function runAgent(options: AgentOptions): Promise<void> {
  const log = options.log ?? (() => undefined);
  const base = options.url.replace(/\/+$/, "") + "/api/v1/agent/commands";
  const headers = { "x-store-secret": options.storeSecret, "x-server-secret": options.serverSecret };
  const backoff = options.backoffMs ?? { min: 1_000, max: 60_000 };
  const maxPollMs = options.maxPollMs ?? 60_000;
  const timeoutMs = options.requestTimeoutMs ?? 10_000;
  const onlineCheck =
    options.onlineCheck === undefined
      ? options.target.kind === "rcon"
        ? "list"
        : null
      : options.onlineCheck;
  const offlineRetrySeconds = Math.ceil((options.offlineRetryMs ?? 30_000) / 1000);
  const target = createAgentTarget(options.target);
  const stopping = () => options.signal?.aborted === true;
  // Requests are not cut by the stop itself (a confirmation must get through), only by this, the grace after it.
  const giveUp = new AbortController();
  const onStop = () => setTimeout(() => giveUp.abort(), options.stopGraceMs ?? 10_000).unref();
  options.signal?.addEventListener("abort", onStop, { once: true });
  let failures = 0;

  const request = (path: string, init: { method?: string; body?: unknown } = {}): Promise<Response> =>
    fetch(`${base}${path}`, {
      method: init.method ?? "GET",
      headers: {
        ...headers,
        ...(init.body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), giveUp.signal]),
    });

  /** Retries until the server has the outcome: a lost confirm would let the lease run out and the command run again. */
  const report = async (id: number, outcome: Outcome): Promise<void> => {
    const body =
      outcome.what === "confirm"
        ? undefined
        : {
            reason: outcome.reason.slice(0, 900),
            retry: outcome.retry,
            ...(outcome.retryAfterSeconds === undefined
              ? {}
              : { retry_after_seconds: outcome.retryAfterSeconds }),
          };
    for (let attempt = 0; !giveUp.signal.aborted; attempt++) {
      try {
        const r = await request(`/${id}/${outcome.what}`, { method: "POST", body });
        if (r.status < 500 && r.status !== 429) return;
      } catch (e) {
        log(`report ${outcome.what} ${id} failed: ${messageOf(e)}`);
      }
      await delay(Math.min(backoff.max, backoff.min * 2 ** attempt), undefined, {
        signal: giveUp.signal,
      }).catch(() => undefined);
    }
  };

  /** The online players' list, read once per batch when a command needs it. */
  let players: string | undefined;
  const isOnline = async (player: string): Promise<boolean> => {
    if (onlineCheck === null) return true;
    players ??= await target.run(onlineCheck, null);
    return isPlayerListed(players, player);
  };

  const runOne = async (c: PendingCommand): Promise<void> => {
    try {
      if (c.require_online && c.player !== null && !(await isOnline(c.player))) {
        log(`deferred ${c.id}: ${c.player} is not online`);
        await report(c.id, {
          what: "fail",
          reason: `${c.player} is not online`,
          retry: true,
          retryAfterSeconds: offlineRetrySeconds,
        });
        return;
      }
      const out = await target.run(c.command, c.player);
      log(`ran ${c.id}: ${c.command} → ${out.trim()}`);
      await report(c.id, { what: "confirm" });
    } catch (e) {
      if (e instanceof RconAuthError) {
        await report(c.id, { what: "fail", reason: e.message, retry: true });
        throw e;
      }
      const refused = e instanceof RefusedCommandError;
      if (!refused) target.close();
      // A dropped RCON connection means the command may not have reached the server: run it again later.
      const network = target.kind === "rcon" && !refused && !target.connected;
      log(`failed ${c.id}: ${messageOf(e)}`);
      await report(c.id, { what: "fail", reason: messageOf(e), retry: network });
    }
  };

  while (!stopping()) {
    let waitMs: number;
    try {
      const r = await request("/pending");
      if (r.status !== 200) throw new Error(`poll answered ${r.status}`);
      const body = (await r.json()) as { data: PendingCommand[]; meta: { next_poll_ms?: number } };
      players = undefined;
      for (const [i, c] of body.data.entries()) {
        if (stopping()) {
          // Handed back untouched, so the next agent gets them at once instead of after the lease.
          for (const rest of body.data.slice(i))
            await report(rest.id, { what: "fail", reason: "agent stopped before running it", retry: true });
          log(`released ${body.data.length - i} commands`);
          break;
        }
        await runOne(c);
      }
      failures = 0;
      waitMs = Math.min(maxPollMs, body.meta.next_poll_ms ?? maxPollMs);
    } catch (e) {
      if (stopping()) break;
      failures++;
      waitMs = Math.min(backoff.max, backoff.min * 2 ** Math.min(failures - 1, 16));
      log(`poll failed (${messageOf(e)}), retrying in ${waitMs} ms`);
    }
    await delay(waitMs, undefined, { signal: options.signal }).catch(() => undefined);
  }
  options.signal?.removeEventListener("abort", onStop);
  target.close();
}
