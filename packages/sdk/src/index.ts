/** @pixl/sdk: typed clients for the Pixl Store (Pixlpay) and Studio (Pixelz) APIs, and webhook helpers. */
export * from "./core/errors.js";
export type { Fetch, RetryOptions } from "./core/transport.js";
export {
  createStoreClient,
  STORE_API_PATH,
  type StoreClient,
  type StoreClientOptions,
} from "./store/store-client.js";
export type { CallInput, CallOptions } from "./store/store-call.js";
export * from "./store/store-types.js";
export { storeEventTypes } from "./generated/store-api.js";
export {
  createAgentClient,
  createDiscordAgentClient,
  type AgentClient,
  type AgentClientOptions,
  type AgentCommand,
  type CommandKind,
  type DiscordAgentClient,
  type DiscordAgentClientOptions,
  type DiscordRoleOperation,
} from "./store/agent-client.js";
