// A safety net for these tests: while installed, any socket connect to a non-loopback address throws
// before a packet is sent, so a regression in the client fails a test instead of reaching a real network.
import { lookup as dnsLookup } from "node:dns";
import net, { type LookupFunction } from "node:net";

type ConnectArgs = Parameters<net.Socket["connect"]>;

/** True for 127.0.0.0/8, ::1 and their IPv4-mapped spellings. */
export function isLoopbackAddress(address: string): boolean {
  const v4 = address.replace(/^::ffff:/i, "");
  return (net.isIPv4(v4) && v4.startsWith("127.")) || address === "::1";
}

/** The guard's record: every host a socket tried to connect to while installed. */
export interface LoopbackGuard {
  attempts: string[];
  uninstall(): void;
}

/**
 * Patches `net.Socket.prototype.connect` (used by net.connect, tls.connect and so undici): IP literals
 * must be loopback, and host names get their lookup wrapped so a non-loopback answer fails the connect.
 */
export function installLoopbackGuard(): LoopbackGuard {
  // Kept to be called with the socket as `this` (via apply), which is what the rule warns about.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const original = net.Socket.prototype.connect;
  const attempts: string[] = [];
  net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: ConnectArgs) {
    // net.connect passes its normalised arguments as one array; direct calls pass (options) or (port, host).
    const first: unknown = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
    const options =
      typeof first === "object" && first !== null ? (first as net.TcpNetConnectOpts) : undefined;
    const host = options
      ? (options.host ?? "localhost")
      : typeof args[1] === "string"
        ? args[1]
        : "localhost";
    attempts.push(host);
    if (options?.port === undefined && typeof first !== "number") {
      return original.apply(this, args); // a Unix socket path, not the network
    }
    if (net.isIP(host) !== 0) {
      if (!isLoopbackAddress(host)) throw new Error(`loopback guard: refused connect to ${host}`);
    } else if (options) {
      options.lookup = guardLookup(options.lookup ?? dnsLookup);
    } else {
      throw new Error(`loopback guard: unchecked connect to ${host}`);
    }
    return original.apply(this, args);
  } as typeof original;
  return {
    attempts,
    uninstall: () => {
      net.Socket.prototype.connect = original;
    },
  };
}

function guardLookup(inner: LookupFunction): LookupFunction {
  return (hostname, options, callback) => {
    inner(hostname, options, (error, address, family) => {
      const list: unknown[] = Array.isArray(address) ? address : [{ address }];
      const outside = list
        .map((entry) => (entry as { address: string }).address)
        .find((a) => !isLoopbackAddress(a));
      if (error === null && outside !== undefined) {
        callback(new Error(`loopback guard: ${hostname} resolved to ${outside}`), "", 0);
      } else {
        callback(error, address, family);
      }
    });
  };
}
