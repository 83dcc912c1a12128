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
  type AgentBatchOutcome,
  type AgentClientOptions,
  type AgentCommand,
  type AgentCommandOutcome,
  type AgentEndpoint,
  type AgentEndpoints,
  type AgentPoll,
  type AgentResponse,
  type CommandKind,
  type DiscordAgentClient,
  type DiscordAgentClientOptions,
  type DiscordRoleOperation,
  type DiscordRoleOutcome,
} from "./store/agent-client.js";
export {
  createStudioClient,
  isImageFailed,
  isImageFinished,
  ImageFailedError,
  type StudioClient,
  type StudioClientOptions,
  type StudioInput,
  type StudioMethodName,
  type StudioOutput,
  type UploadFile,
  type WaitForImageOptions,
} from "./studio/studio-client.js";
export { StudioApiError, isStudioError, type StudioFailureCode } from "./studio/studio-errors.js";
export type * from "./generated/studio-api.js";
export { studioErrorCodes, studioRoutes } from "./generated/studio-api.js";
export * from "./webhooks/verify.js";
export * from "./webhooks/dedupe-store.js";
export * from "./webhooks/store-webhook-handler.js";
export * from "./webhooks/studio-webhook-handler.js";
export * from "./webhooks/webhook-adapters.js";
export {
  createContactListeners,
  type ContactListenerDelivery,
  type ContactListenerPull,
  type ContactListeners,
  type ContactListenersOptions,
} from "./studio/contact-listeners.js";
export {
  createLocalSecret,
  forwardDeliveries,
  type ForwardOptions,
  type ForwardedDelivery,
} from "./listen/forward-deliveries.js";
export {
  storeListenSource,
  studioListenSource,
  type ListenSource,
  type PulledDelivery,
} from "./listen/listen-sources.js";
