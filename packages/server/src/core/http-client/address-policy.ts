// Which URLs and IP addresses an outbound request may reach: pure classification, no I/O (the SSRF guard).
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";
import { AppError } from "../errors/index.js";

/** Ranges `allowPrivateNetworks` lets through: loopback and private-use space, nothing else. */
const PRIVATE_NETWORK_RANGES: ReadonlySet<string> = new Set([
  "loopback",
  "private",
  "carrierGradeNat",
  "uniqueLocal",
]);

/** Global unicast IPv6 (2000::/3); everything outside it is special-purpose or unassigned. */
const IPV6_GLOBAL_UNICAST = ipaddr.parseCIDR("2000::/3");

export interface AddressPolicyOptions {
  /**
   * Let loopback, RFC 1918, CGNAT and IPv6 unique-local addresses through (local development and tests;
   * `PIXL_ALLOW_PRIVATE_NETWORKS=1`). Link-local (cloud metadata), unspecified, multicast and reserved
   * addresses stay refused even then. Default false.
   */
  allowPrivateNetworks?: boolean;
  /**
   * CIDR ranges allowed whatever their class, e.g. `["127.0.0.1/32"]` to reach one loopback test server
   * while `127.0.0.2` and `10.0.0.0/8` stay refused. Default none.
   */
  allowedRanges?: readonly string[];
}

/** Why an address was refused: the ipaddr.js range name it falls in (`loopback`, `private`, `linkLocal` …). */
export interface AddressRefusal {
  address: string;
  range: string;
}

/** Decides, per resolved or literal address, whether a connection may be made. */
export interface AddressPolicy {
  /** The refusal for `address`, or undefined when it may be connected to. */
  findRefusal(address: string): AddressRefusal | undefined;
}

/**
 * The special-purpose range `address` belongs to, or undefined for an ordinary public unicast address.
 * IPv4-mapped IPv6 (`::ffff:a.b.c.d`) is judged by its embedded IPv4 address. IPv6 outside 2000::/3
 * (e.g. IPv4-compatible `::a.b.c.d`) and NAT64, 6to4, Teredo, documentation and benchmarking ranges are
 * all refused: a public service has no reason to be reached through them. Unparseable input is `invalid`.
 */
export function findForbiddenRange(address: string): string | undefined {
  if (!ipaddr.isValid(address)) return "invalid";
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv4") {
    const range = parsed.range();
    return range === "unicast" ? undefined : range;
  }
  const v6 = parsed as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) {
    const range = v6.toIPv4Address().range();
    return range === "unicast" ? undefined : range;
  }
  const range = v6.range();
  if (range !== "unicast") return range;
  return v6.match(IPV6_GLOBAL_UNICAST) ? undefined : "reserved";
}

/** True when `address` is an ordinary public unicast IP address. */
export function isPublicAddress(address: string): boolean {
  return findForbiddenRange(address) === undefined;
}

/** Builds the per-address decision from the options (see {@link AddressPolicyOptions}). */
export function createAddressPolicy(options: AddressPolicyOptions = {}): AddressPolicy {
  const allowed = (options.allowedRanges ?? []).map((cidr) => ipaddr.parseCIDR(cidr));
  const allowPrivate = options.allowPrivateNetworks === true;
  return {
    findRefusal(address) {
      const range = findForbiddenRange(address);
      if (range === undefined || range === "invalid") {
        return range === undefined ? undefined : { address, range };
      }
      // ipaddr.process turns IPv4-mapped IPv6 into IPv4 so an IPv4 allowance covers both spellings.
      const normal = ipaddr.process(address);
      if (allowed.some(([net, bits]) => net.kind() === normal.kind() && normal.match(net, bits))) {
        return undefined;
      }
      if (allowPrivate && PRIVATE_NETWORK_RANGES.has(range)) return undefined;
      return { address, range };
    },
  };
}

/** The AppError for a refused address (code `url_refused`, reason `private_address`). */
export function createAddressRefusedError(refusal: AddressRefusal, host: string): AppError {
  return new AppError("url_refused", `Refusing to connect to ${host}: ${refusal.range} address`, {
    reason: "private_address",
    range: refusal.range,
    address: refusal.address,
    host,
  });
}

/**
 * Parses and vets a URL for an outbound request: only `http:` and `https:`, no credentials in the URL.
 * The WHATWG parser already normalises decimal, octal, hex and shortened IPv4 spellings
 * (`http://2130706433/`, `http://0x7f.1/`) to dotted quads, so {@link findIpLiteral} sees the real address.
 * Throws AppError `url_refused` with `details.reason` `invalid_url`, `unsupported_scheme` or
 * `credentials_in_url`.
 */
export function parseOutboundUrl(input: string | URL, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(input, base);
  } catch (e) {
    throw new AppError("url_refused", "Not a valid URL", { reason: "invalid_url" }, { cause: e });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new AppError("url_refused", `Only http and https URLs may be fetched, not ${url.protocol}`, {
      reason: "unsupported_scheme",
      scheme: url.protocol.replace(/:$/, ""),
    });
  }
  if (url.username !== "" || url.password !== "") {
    throw new AppError("url_refused", "URLs with credentials are not fetched", {
      reason: "credentials_in_url",
    });
  }
  if (url.hostname === "") {
    throw new AppError("url_refused", "The URL has no host", { reason: "invalid_url" });
  }
  return url;
}

/** The IP address a URL's host spells literally (brackets stripped), or undefined for a DNS name. */
export function findIpLiteral(url: URL): string | undefined {
  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  // Either parser recognising it is enough: net skips the lookup hook for anything isIP accepts.
  return isIP(host) !== 0 || ipaddr.isValid(host) ? host : undefined;
}
