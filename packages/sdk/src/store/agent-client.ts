// Clients of the delivery agent APIs (store-api.md §4–5): the game-server plugin's pull loop and the Discord
// bot's. Types come from the server's agent OpenAPI document (src/generated/agent-api.ts).
import { createIdempotencyKey } from "../core/ids.js";
import { createTransport, type Fetch, type RetryOptions } from "../core/transport.js";
import type { AgentEndpoints } from "../generated/agent-api.js";
import { fillPath } from "./store-call.js";
import { serverUrlOf } from "./store-client.js";

export type { AgentEndpoints } from "../generated/agent-api.js";
export type AgentEndpoint = keyof AgentEndpoints;
export type AgentResponse<K extends AgentEndpoint> = AgentEndpoints[K]["response"];

/** One poll's answer: the commands claimed for this server and when to poll again. */
export type AgentPoll = AgentResponse<"GET /agent/commands/pending">;
/** A command claimed by a poll (placeholders filled, leased until `lease_expires_at`). */
export type AgentCommand = AgentPoll["data"][number];
export type CommandKind = AgentCommand["kind"];
/** What confirming or failing a command answers (`changed` false for a repeat). */
export type AgentCommandOutcome = AgentResponse<"POST /agent/commands/{id}/confirm">["data"];
/** Confirming many: an outcome per id, or `{id, success: false, error, message}` for one refused. */
export type AgentBatchOutcome = AgentResponse<"POST /agent/commands/confirm">["data"][number];
/** A Discord role change waiting for the bot (Discord snowflakes as strings). */
export type DiscordRoleOperation = AgentResponse<"GET /discord-agent/pending">["data"][number];
export type DiscordRoleOutcome = AgentResponse<"POST /discord-agent/confirm/{id}">["data"];

interface CommonOptions {
  url?: string;
  subdomain?: string;
  fetch?: Fetch;
  retry?: RetryOptions;
  timeoutMs?: number;
}

export interface AgentClientOptions extends CommonOptions {
  /** `X-Store-Secret` (`pxs_…`, shown once when the store's first delivery server is created). */
  storeSecret: string;
  /** `X-Server-Secret` (`srv_…`): which game server polls. */
  serverSecret: string;
}

export interface DiscordAgentClientOptions extends CommonOptions {
  /** A Store API token with the `discord:agent` scope. */
  token: string;
}

function agentTransport(options: CommonOptions, headers: Record<string, string>) {
  const transport = createTransport({
    baseUrl: `${serverUrlOf(options)}/api/v1`,
    headers,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  const pathOf = (key: AgentEndpoint, id?: number) =>
    fillPath(key.slice(key.indexOf(" ") + 1), id === undefined ? {} : { id });
  return {
    get: async <K extends AgentEndpoint>(key: K, query: object) =>
      (await transport.request<AgentResponse<K>>("GET", pathOf(key), { query })).body,
    /** POSTs with an Idempotency-Key (the same on its 429 retries). */
    post: async <K extends AgentEndpoint>(key: K, id: number | undefined, body: unknown) =>
      (
        await transport.request<AgentResponse<K>>("POST", pathOf(key, id), {
          body,
          headers: { "idempotency-key": createIdempotencyKey() },
        })
      ).body,
  };
}

/** The game-server agent API: poll (claims under a lease), then confirm or fail each (both idempotent). */
export function createAgentClient(options: AgentClientOptions) {
  const t = agentTransport(options, {
    "x-store-secret": options.storeSecret,
    "x-server-secret": options.serverSecret,
  });
  const poll = (query: { limit?: number } = {}) => t.get("GET /agent/commands/pending", query);
  return {
    /** Claims the pending commands with a lease and answers them with `meta.next_poll_seconds`. */
    poll,
    /** The commands of one poll (see `poll` for the lease and the next poll time). */
    pending: async (query: { limit?: number } = {}): Promise<AgentCommand[]> => (await poll(query)).data,
    /** The command ran. Confirming twice is harmless (`changed` false). */
    confirm: async (id: number): Promise<AgentCommandOutcome> =>
      (await t.post("POST /agent/commands/{id}/confirm", id, {})).data,
    /** Many commands ran: one round trip; each id gets its outcome (a refused one does not stop the rest). */
    confirmMany: async (ids: readonly number[]): Promise<AgentBatchOutcome[]> =>
      (await t.post("POST /agent/commands/confirm", undefined, { ids })).data,
    /**
     * The command failed; `reason` is kept. `retry`: not run yet (player offline), offer it again at a later
     * poll, not before `retryAfterSeconds`.
     */
    fail: async (
      id: number,
      reason: string,
      o: { retry?: boolean; retryAfterSeconds?: number } = {},
    ): Promise<AgentCommandOutcome> =>
      (
        await t.post("POST /agent/commands/{id}/fail", id, {
          reason,
          ...(o.retry === undefined ? {} : { retry: o.retry }),
          ...(o.retryAfterSeconds === undefined ? {} : { retry_after_seconds: o.retryAfterSeconds }),
        })
      ).data,
  };
}

/** The Discord agent API: pending role changes, claim (a lease), confirm, fail. */
export function createDiscordAgentClient(options: DiscordAgentClientOptions) {
  const t = agentTransport(options, { authorization: `Bearer ${options.token}` });
  return {
    pending: async (query: { limit?: number } = {}): Promise<DiscordRoleOperation[]> =>
      (await t.get("GET /discord-agent/pending", query)).data,
    /** Claims operations (these ids, or the oldest `limit`) under a lease. */
    claim: async (o: { ids?: number[]; limit?: number } = {}): Promise<DiscordRoleOperation[]> =>
      (await t.post("POST /discord-agent/claim", undefined, o)).data,
    confirm: async (id: number): Promise<DiscordRoleOutcome> =>
      (await t.post("POST /discord-agent/confirm/{id}", id, {})).data,
    /**
     * The role change failed; `reason` is kept. `retry`: not done yet (Discord rate limit, member not in the
     * guild yet), pending again and not claimable before `retryAfterSeconds`.
     */
    fail: async (
      id: number,
      reason: string,
      o: { retry?: boolean; retryAfterSeconds?: number } = {},
    ): Promise<DiscordRoleOutcome> =>
      (
        await t.post("POST /discord-agent/fail/{id}", id, {
          reason,
          ...(o.retry === undefined ? {} : { retry: o.retry }),
          ...(o.retryAfterSeconds === undefined ? {} : { retry_after_seconds: o.retryAfterSeconds }),
        })
      ).data,
  };
}

export type AgentClient = ReturnType<typeof createAgentClient>;
export type DiscordAgentClient = ReturnType<typeof createDiscordAgentClient>;
