// The safe outbound HTTP client's public surface: the client and the pure address/URL policy.
export {
  createSafeHttpClient,
  type SafeBufferedRequestOptions,
  type SafeHttpClient,
  type SafeHttpClientOptions,
  type SafeRequestLimits,
  type SafeRequestOptions,
  type SafeResponse,
  type SafeResponseHead,
  type SafeStreamResponse,
} from "./safe-http-client.js";
export {
  createAddressPolicy,
  findForbiddenRange,
  isPublicAddress,
  parseOutboundUrl,
  type AddressPolicy,
  type AddressPolicyOptions,
  type AddressRefusal,
} from "./address-policy.js";
export { systemResolveHost, type ResolveHost } from "./checked-lookup.js";
export type { ResponseHeaders } from "./undici.adapter.js";
