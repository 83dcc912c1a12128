// Unit tests for local signed URLs: every granted field is covered by the signature; expiry is exact.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createFakeClock } from "../clock.js";
import { isAppError } from "../errors/index.js";
import { createUrlSigner, type SignedGrant } from "./signed-url.js";

const clock = createFakeClock(Date.UTC(2026, 0, 1));
const signer = createUrlSigner({ publicUrl: "https://pixl.example/", signingKey: randomBytes(32), clock });
const expires = clock.now() / 1000 + 60;
const grant: SignedGrant = {
  method: "PUT",
  key: "a/b.png",
  expires,
  contentType: "image/png",
  maxBytes: 1000,
};

function parse(url: string): { key: string; query: Record<string, string> } {
  const u = new URL(url);
  return { key: u.pathname.replace(/^\/blobs\//, ""), query: Object.fromEntries(u.searchParams) };
}

const code = (f: () => unknown): string | undefined => {
  try {
    f();
    return undefined;
  } catch (e) {
    return isAppError(e) ? e.code : "not an AppError";
  }
};

describe("signed URLs", () => {
  it("round-trips a grant and builds the URL on the public base", () => {
    const url = signer.sign(grant);
    expect(url).toMatch(/^https:\/\/pixl\.example\/blobs\/a\/b\.png\?expires=\d+&method=PUT&/);
    const { key, query } = parse(url);
    expect(signer.verify("PUT", key, query)).toEqual(grant);
  });

  it("refuses a change to any signed field", () => {
    const { key, query } = parse(signer.sign(grant));
    const changed: [string, string, Record<string, unknown>][] = [
      ["PUT", "a/c.png", query],
      ["GET", key, query],
      ["PUT", key, { ...query, method: "GET" }],
      ["PUT", key, { ...query, expires: String(expires + 1) }],
      ["PUT", key, { ...query, "content-type": "text/html" }],
      ["PUT", key, { ...query, "max-bytes": "1000000" }],
      ["PUT", key, { ...query, "max-bytes": undefined }],
      ["PUT", key, { ...query, "content-type": undefined }],
      ["PUT", key, { ...query, sig: `${query["sig"] ?? ""}=` }],
      ["PUT", key, { ...query, sig: ["a", "b"] }],
      ["PUT", key, { ...query, sig: undefined }],
      ["PUT", key, { ...query, expires: "1e12" }],
      ["DELETE", key, query],
    ];
    for (const [method, k, q] of changed)
      expect(
        code(() => signer.verify(method, k, q)),
        JSON.stringify(q),
      ).toBe("signed_url_invalid");
  });

  it("expires exactly at `expires`, and an invalid signature is reported before expiry", () => {
    const { key, query } = parse(signer.sign({ method: "GET", key: "x", expires }));
    clock.set(expires * 1000 - 1);
    expect(code(() => signer.verify("HEAD", key, query))).toBeUndefined();
    clock.set(expires * 1000);
    expect(code(() => signer.verify("GET", key, query))).toBe("signed_url_expired");
    expect(code(() => signer.verify("GET", key, { ...query, expires: String(expires + 3600) }))).toBe(
      "signed_url_invalid",
    );
  });

  it("refuses a different signing key and short keys", () => {
    const other = createUrlSigner({ publicUrl: "https://pixl.example", signingKey: randomBytes(32), clock });
    const { key, query } = parse(signer.sign({ method: "GET", key: "x", expires: expires + 10_000 }));
    expect(code(() => other.verify("GET", key, query))).toBe("signed_url_invalid");
    expect(() => createUrlSigner({ publicUrl: "https://x", signingKey: randomBytes(16), clock })).toThrow(
      /32 bytes/,
    );
  });
});
