import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createSecretBox } from "./secret-box.js";
import {
  createEndpointSecret,
  isSameSignature,
  signStandardWebhook,
  signStoreBody,
  signStudioBody,
} from "./signing.js";

describe("webhook signing", () => {
  const body = '{"id":"wh_del_1","event_type":"order.received","data":{}}';

  it("signs store bodies as lowercase hex, as the seed's verify_webhook_signature computes", () => {
    const secret = "whsec_test";
    expect(signStoreBody(body, secret)).toBe(createHmac("sha256", "whsec_test").update(body).digest("hex"));
    expect(signStoreBody(body, secret)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("signs studio bodies as base64, as the seed's verifyWebhook computes", () => {
    expect(signStudioBody(body, "MY_APPLICATION_SECRET_CODE")).toBe(
      createHmac("sha256", "MY_APPLICATION_SECRET_CODE").update(body).digest("base64"),
    );
  });

  it("produces Standard Webhooks signatures, one per secret during rotation", () => {
    const a = createEndpointSecret();
    const b = createEndpointSecret();
    const header = signStandardWebhook("msg_1", 1_700_000_000, body, [a, b]);
    const parts = header.split(" ");
    expect(parts).toHaveLength(2);
    const expected = createHmac("sha256", Buffer.from(a.slice(6), "base64"))
      .update(`msg_1.1700000000.${body}`)
      .digest("base64");
    expect(parts[0]).toBe(`v1,${expected}`);
  });

  it("compares signatures exactly", () => {
    expect(isSameSignature("abc", "abc")).toBe(true);
    expect(isSameSignature("abc", "abd")).toBe(false);
    expect(isSameSignature("abc", "abcd")).toBe(false);
  });

  it("creates distinct whsec_ secrets", () => {
    const s = createEndpointSecret();
    expect(s).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(createEndpointSecret()).not.toBe(s);
  });
});

describe("secret box", () => {
  it("round-trips and refuses tampering or a different server key", () => {
    const box = createSecretBox(Buffer.from("k".repeat(32)));
    const sealed = box.seal("whsec_abc");
    expect(sealed).not.toContain("whsec_abc");
    expect(box.open(sealed)).toBe("whsec_abc");
    const tampered = sealed.slice(0, -2) + (sealed.endsWith("A") ? "BB" : "AA");
    expect(() => box.open(tampered)).toThrow();
    expect(() => createSecretBox(Buffer.from("x".repeat(32))).open(sealed)).toThrow();
  });
});
