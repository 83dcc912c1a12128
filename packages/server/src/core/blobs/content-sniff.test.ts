// Unit tests of magic-byte sniffing: real signatures are named, look-alikes and other files are not.
import { describe, expect, it } from "vitest";
import { sniffImageType } from "./content-sniff.js";

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : Buffer.from(p))));

describe("sniffImageType", () => {
  it("names images by their first bytes", () => {
    expect(sniffImageType(bytes([0xff, 0xd8, 0xff, 0xdb]))).toBe("image/jpeg");
    expect(sniffImageType(bytes([0x89], "PNG\r\n\x1a\n", [0, 0, 0, 13]))).toBe("image/png");
    expect(sniffImageType(bytes("GIF89a", [1, 0]))).toBe("image/gif");
    expect(sniffImageType(bytes("GIF87a"))).toBe("image/gif");
    expect(sniffImageType(bytes("RIFF", [0, 0, 0, 0], "WEBPVP8 "))).toBe("image/webp");
    expect(sniffImageType(bytes([0, 0, 0, 0x1c], "ftypavif"))).toBe("image/avif");
  });

  it("names nothing for look-alikes, text and truncated heads", () => {
    for (const b of [
      bytes("<!doctype html><html>"),
      bytes("<svg xmlns='http://www.w3.org/2000/svg'>"),
      bytes("%PDF-1.7"),
      bytes("GIF88a"),
      bytes("RIFF", [0, 0, 0, 0], "WAVEfmt "),
      bytes([0x89], "PNX\r\n\x1a\n"),
      bytes([0xff, 0xd8]),
      bytes(""),
    ])
      expect(sniffImageType(b), b.toString("latin1")).toBeUndefined();
  });
});
