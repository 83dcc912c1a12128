// Clients of the delivery agent APIs (store-api.md §4–5): the game-server plugin's pull loop and the
// Discord bot's. These endpoints are not in the Store OpenAPI document yet (commerce is built separately),
// so their shapes are declared here from the spec; replace with generated types once the server has them.
import { createTransport, type Fetch, type RetryOptions } from "../core/transport.js";
import { createIdempotencyKey } from "../core/ids.js";
import { serverUrlOf } from "./store-client.js";

export type CommandKind = "purchase" | "refund" | "chargeback" | "subscription_expiry";

/** A command waiting for this game server (leased to this poll). */
export interface AgentCommand {
  id: number;
  /** The command with its placeholders (`{player}`, `{quantity}` …) already filled. */
  command: string;
  kind?: CommandKind;
  order_id?: number | null;
  order_number?: string | null;
  player?: string | null;
  uuid?: string | null;
  /** Run only while the player is online. */
  require_online?: boolean;
  created_at?: string;
  [key: string]: unknown;
}

interface Envelope<T> {
  success: boolean;
  data: T;
  message?: string;
}

export interface AgentClientOptions {
  url?: string;
  subdomain?: string;
  /** `X-Store-Secret` */
  storeSecret: string;
  /** `X-Server-Secret`: which game server polls. */
  serverSecret: string;
  fetch?: Fetch;
  retry?: RetryOptions;
  timeoutMs?: number;
}

/** The game-server agent API: poll the pending commands, then confirm or fail each (both idempotent). */
export function createAgentClient(options: AgentClientOptions) {
  const transport = createTransport({
    baseUrl: `${serverUrlOf(options)}/api/v1/agent`,
    headers: { "x-store-secret": options.storeSecret, "x-server-secret": options.serverSecret },
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  const post = async <T>(path: string, body: unknown) =>
    (
      await transport.request<Envelope<T>>("POST", path, {
        body,
        headers: { "idempotency-key": createIdempotencyKey() },
      })
    ).body;
  return {
    /** The commands pending for this server, claimed for this poll (a lease: concurrent polls never share one). */
    async pending(): Promise<AgentCommand[]> {
      return (await transport.request<Envelope<AgentCommand[]>>("GET", "/commands/pending")).body.data;
    },
    /** The command ran. Confirming twice is harmless. */
    confirm: (id: number, details: { output?: string } = {}) =>
      post<unknown>(`/commands/${encodeURIComponent(String(id))}/confirm`, details),
    /** The command failed; `reason` is kept for the store owner. */
    fail: (id: number, reason: string) =>
      post<unknown>(`/commands/${encodeURIComponent(String(id))}/fail`, { reason }),
  };
}

/** A Discord role change waiting for the bot (Discord snowflakes as strings). */
export interface DiscordRoleOperation {
  id: number;
  operation: "assign" | "remove";
  guild_id: string;
  discord_user_id: string;
  role_id: string;
  role_name: string;
  order_id?: number | null;
  order_number?: string | null;
  subscription_id?: number | null;
  created_at: string;
}

export interface DiscordAgentClientOptions {
  url?: string;
  subdomain?: string;
  /** A Store API token with the `discord:agent` scope. */
  token: string;
  fetch?: Fetch;
  retry?: RetryOptions;
  timeoutMs?: number;
}

/** The Discord agent API: pending role changes, claim, confirm, fail. */
export function createDiscordAgentClient(options: DiscordAgentClientOptions) {
  const transport = createTransport({
    baseUrl: `${serverUrlOf(options)}/api/v1/discord-agent`,
    headers: { authorization: `Bearer ${options.token}` },
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  const post = async <T>(path: string, body: unknown) =>
    (
      await transport.request<Envelope<T>>("POST", path, {
        body,
        headers: { "idempotency-key": createIdempotencyKey() },
      })
    ).body.data;
  return {
    async pending(): Promise<DiscordRoleOperation[]> {
      return (await transport.request<Envelope<DiscordRoleOperation[]>>("GET", "/pending")).body.data;
    },
    claim: (ids?: number[]) => post<DiscordRoleOperation[]>("/claim", ids === undefined ? {} : { ids }),
    confirm: (id: number) => post<unknown>(`/confirm/${encodeURIComponent(String(id))}`, {}),
    fail: (id: number, reason: string) =>
      post<unknown>(`/fail/${encodeURIComponent(String(id))}`, { reason }),
  };
}

export type AgentClient = ReturnType<typeof createAgentClient>;
export type DiscordAgentClient = ReturnType<typeof createDiscordAgentClient>;
