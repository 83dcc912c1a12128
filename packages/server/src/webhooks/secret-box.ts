// Encrypts webhook signing secrets at rest (they must be recoverable to sign, so they cannot be hashed).
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

const VERSION = "v1";

/** Seals and opens short secrets with AES-256-GCM under a key derived from the server's secret key. */
export interface SecretBox {
  seal(plaintext: string): string;
  open(sealed: string): string;
}

export function createSecretBox(serverKey: Buffer, purpose = "pixl/webhook-secrets"): SecretBox {
  const key = Buffer.from(hkdfSync("sha256", serverKey, Buffer.alloc(0), purpose, 32));
  return {
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return [
        VERSION,
        iv.toString("base64url"),
        data.toString("base64url"),
        cipher.getAuthTag().toString("base64url"),
      ].join(".");
    },
    open(sealed) {
      const [version, iv, data, tag] = sealed.split(".");
      if (version !== VERSION || iv === undefined || data === undefined || tag === undefined) {
        throw new Error("sealed secret is malformed");
      }
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString(
        "utf8",
      );
    },
  };
}
