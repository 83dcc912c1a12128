// The socket lookup hook that resolves a host name and checks every address before the socket connects,
// so the address validated is the address connected to (no DNS-rebinding window).
import { lookup as dnsLookup } from "node:dns/promises";
import { isIP, type LookupFunction } from "node:net";
import { AppError } from "../errors/index.js";
import { createAddressRefusedError, type AddressPolicy } from "./address-policy.js";

/** Resolves a host name to its IP addresses (v4 and/or v6). Injected in tests to simulate DNS. */
export type ResolveHost = (hostname: string) => Promise<readonly string[]>;

/** The system resolver (getaddrinfo, so /etc/hosts applies), all addresses. */
export const systemResolveHost: ResolveHost = async (hostname) =>
  (await dnsLookup(hostname, { all: true })).map((entry) => entry.address);

/**
 * Creates a `net.connect` lookup hook. Design choice: if a name resolves to several addresses and ANY is
 * refused, the whole lookup is refused (rather than connecting to the public subset): a name that mixes
 * public and private answers is either misconfigured or an attack, and refusing is easy to explain.
 * Errors are AppErrors (`url_refused` / `fetch_failed`) and reach the caller through the transport.
 */
export function createCheckedLookup(resolveHost: ResolveHost, policy: AddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    resolveHost(hostname).then(
      (resolved) => {
        const family = options.family === 4 || options.family === 6 ? options.family : undefined;
        const addresses = resolved.filter((a) => family === undefined || isIP(a) === family);
        const first = addresses[0];
        if (first === undefined) {
          callback(notFound(hostname), "", 0);
          return;
        }
        for (const address of addresses) {
          const refusal = policy.findRefusal(address);
          if (refusal !== undefined) {
            callback(createAddressRefusedError(refusal, hostname), "", 0);
            return;
          }
        }
        if (options.all === true) {
          // The Node typings model only the single-address callback; with `all` it takes a list.
          const all = addresses.map((address) => ({ address, family: isIP(address) }));
          (callback as unknown as (err: null, list: typeof all) => void)(null, all);
        } else {
          callback(null, first, isIP(first));
        }
      },
      (e: unknown) => callback(notFound(hostname, e), "", 0),
    );
  };
}

function notFound(hostname: string, cause?: unknown): NodeJS.ErrnoException {
  const error = new AppError(
    "fetch_failed",
    `Could not resolve ${hostname}`,
    { reason: "dns_failed", host: hostname },
    { cause },
  );
  return error;
}
