import { describe, expect, it } from "vitest";
import { isAppError } from "../errors/index.js";
import { createSafeHttpClient } from "./safe-http-client.js";

// Resolution is simulated by an injected resolver: no packet leaves the machine.
const dns: Record<string, string[]> = {
  "public.example": ["93.184.215.14"],
  "internal.example": ["10.0.0.5"],
  "mixed.example": ["93.184.215.14", "127.0.0.1"],
  "metadata.example": ["169.254.169.254"],
};
const resolveHost = (host: string) => Promise.resolve(dns[host] ?? []);

async function reasonOf(promise: Promise<void>): Promise<unknown> {
  try {
    await promise;
  } catch (e) {
    expect(isAppError(e)).toBe(true);
    return (e as { details?: { reason?: unknown } }).details?.reason;
  }
  return "allowed";
}

describe("assertAllowed (checks at registration time)", () => {
  const strict = createSafeHttpClient({ resolveHost });
  const relaxed = createSafeHttpClient({ resolveHost, allowPrivateNetworks: true });

  it.each([
    ["https://public.example/hook", "allowed"],
    ["https://internal.example/hook", "private_address"],
    ["https://mixed.example/hook", "private_address"],
    ["https://metadata.example/latest", "private_address"],
    ["http://127.0.0.1:3000/", "private_address"],
    ["http://2130706433/", "private_address"],
    ["http://[::ffff:10.0.0.1]/", "private_address"],
    ["ftp://public.example/", "unsupported_scheme"],
    ["https://user:pw@public.example/", "credentials_in_url"],
    ["https://nowhere.example/", "dns_failed"],
    ["not a url", "invalid_url"],
  ])("%s → %s", async (url, expected) => {
    expect(await reasonOf(strict.assertAllowed(url))).toBe(expected);
  });

  it("lets loopback and private addresses through when private networks are allowed, never metadata", async () => {
    expect(await reasonOf(relaxed.assertAllowed("http://127.0.0.1:3000/"))).toBe("allowed");
    expect(await reasonOf(relaxed.assertAllowed("https://internal.example/"))).toBe("allowed");
    expect(await reasonOf(relaxed.assertAllowed("https://metadata.example/"))).toBe("private_address");
  });
});
