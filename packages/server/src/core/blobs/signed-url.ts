// HMAC-signed URLs for the local store: Pixl itself serves `/blobs/<key>` while the signature holds.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Clock } from "../clock.js";
import { AppError } from "../errors/index.js";
import { isBlobKey } from "./blob-key.js";

/** The route prefix local signed URLs live under. */
export const SIGNED_URL_PREFIX = "/blobs/";

export type SignedMethod = "GET" | "PUT";

/** What a signature grants: one method on one key until `expires`, with optional upload constraints. */
export interface SignedGrant {
  method: SignedMethod;
  key: string;
  /** Epoch seconds after which the URL is refused. */
  expires: number;
  contentType?: string;
  maxBytes?: number;
}

export interface UrlSignerOptions {
  /** Base of the URLs handed out, e.g. `https://pixl.example.com` (a trailing `/` is ignored). */
  publicUrl: string;
  /** HMAC-SHA256 key; at least 32 bytes. */
  signingKey: Buffer;
  clock: Clock;
  /** Path the signed URLs live under, between `publicUrl` and the key. Default `/blobs/`. */
  pathPrefix?: string;
}

/** Signs and verifies grants; verification is constant-time and checks the signature before expiry. */
export interface UrlSigner {
  sign(grant: SignedGrant): string;
  /** The grant a URL's path and query carry; throws `signed_url_invalid` or `signed_url_expired`. */
  verify(method: string, key: string, query: Record<string, unknown>): SignedGrant;
}

// Every field is on its own line, tagged, so no two different grants share a canonical string.
function canonical(grant: SignedGrant): string {
  return [
    "pixl-blob-url-v1",
    `method=${grant.method}`,
    `key=${grant.key}`,
    `expires=${grant.expires}`,
    `content-type=${grant.contentType ?? ""}`,
    `max-bytes=${grant.maxBytes ?? ""}`,
  ].join("\n");
}

const INTEGER = /^(0|[1-9][0-9]{0,15})$/;
// Exactly the unpadded base64url of a SHA-256 MAC, so one signature has one spelling.
const SIGNATURE = /^[A-Za-z0-9_-]{43}$/;

export function createUrlSigner(options: UrlSignerOptions): UrlSigner {
  if (options.signingKey.length < 32) throw new Error("The blob URL signing key must be at least 32 bytes");
  const base = options.publicUrl.replace(/\/+$/, "");
  const prefix = options.pathPrefix ?? SIGNED_URL_PREFIX;
  const mac = (grant: SignedGrant): Buffer =>
    createHmac("sha256", options.signingKey).update(canonical(grant)).digest();
  const invalid = (why: string): AppError =>
    new AppError("signed_url_invalid", `The signed URL is not valid: ${why}`);

  return {
    sign(grant) {
      const query = new URLSearchParams({ expires: String(grant.expires), method: grant.method });
      if (grant.contentType !== undefined) query.set("content-type", grant.contentType);
      if (grant.maxBytes !== undefined) query.set("max-bytes", String(grant.maxBytes));
      query.set("sig", mac(grant).toString("base64url"));
      const path = grant.key.split("/").map(encodeURIComponent).join("/");
      return `${base}${prefix}${path}?${query.toString()}`;
    },

    verify(method, key, query) {
      const field = (name: string): string | undefined => {
        const value = query[name];
        if (value === undefined) return undefined;
        if (typeof value !== "string") throw invalid(`repeated parameter ${name}`);
        return value;
      };
      const expiresText = field("expires");
      const signedMethod = field("method");
      const sig = field("sig");
      const contentType = field("content-type");
      const maxBytesText = field("max-bytes");
      if (expiresText === undefined || signedMethod === undefined || sig === undefined) {
        throw invalid("expires, method and sig are required");
      }
      // HEAD is a GET without the body.
      const asked = method === "HEAD" ? "GET" : method;
      if (asked !== "GET" && asked !== "PUT") throw invalid(`method ${method} is not signable`);
      if (signedMethod !== asked) throw invalid(`it was signed for ${signedMethod}, not ${method}`);
      if (!isBlobKey(key)) throw invalid("bad key");
      if (!INTEGER.test(expiresText)) throw invalid("bad expires");
      if (maxBytesText !== undefined && !INTEGER.test(maxBytesText)) throw invalid("bad max-bytes");
      const grant: SignedGrant = {
        method: asked,
        key,
        expires: Number(expiresText),
        ...(contentType === undefined ? {} : { contentType }),
        ...(maxBytesText === undefined ? {} : { maxBytes: Number(maxBytesText) }),
      };
      if (!SIGNATURE.test(sig)) throw invalid("malformed signature");
      const given = Buffer.from(sig, "base64url");
      const expected = mac(grant);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw invalid("signature mismatch");
      }
      if (options.clock.now() >= grant.expires * 1000) {
        throw new AppError("signed_url_expired", "The signed URL has expired", {
          expiredAt: new Date(grant.expires * 1000).toISOString(),
        });
      }
      return grant;
    },
  };
}
