// What counts as a photo: magic bytes, names for the usual impostors, header limits.
import { createSharpCodec } from "@pixl/imaging";
import { describe, expect, it } from "vitest";
import { createBombPng } from "../../../../imaging/src/testing/photo-fixtures.js";
import { assertPhoto, describeNonImage, sniffImageType, SourceRefused } from "./source-check.js";

const codec = createSharpCodec();
const limits = { maxBytes: 1_000_000, maxPixels: 1_000_000 };

describe("source checks", () => {
  it("recognises photos by their first bytes, whatever the server said", () => {
    expect(sniffImageType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(sniffImageType(Buffer.from("RIFF\0\0\0\0WEBPVP8 "))).toBe("image/webp");
    expect(sniffImageType(Buffer.from("8BPS\0\x01"))).toBe("image/vnd.adobe.photoshop");
    expect(sniffImageType(Buffer.from("<html>"))).toBeUndefined();
  });

  it("names what a non-photo looks like", () => {
    expect(describeNonImage(Buffer.from("  <!DOCTYPE html><html>"), "image/jpeg")).toBe("an HTML page");
    expect(describeNonImage(Buffer.from("%PDF-1.7"), undefined)).toBe("a PDF document");
    expect(describeNonImage(Buffer.from('{"error":1}'), "application/json")).toBe("a JSON document");
    expect(describeNonImage(Buffer.alloc(0), undefined)).toBe("an empty file");
  });

  it("refuses decompression bombs and disguised files before decoding", async () => {
    await expect(assertPhoto(codec, createBombPng(20_000, 20_000), "image/png", limits)).rejects.toThrow(
      /the image is 20000×20000 \(400000000 pixels\); the limit is 1000000/,
    );
    await expect(
      assertPhoto(codec, Buffer.from("<html><body>hi</body></html>"), "image/png", limits),
    ).rejects.toBeInstanceOf(SourceRefused);
    const png = await codec.encode(
      { width: 4, height: 3, channels: 3, data: new Uint8Array(36) },
      { format: "png", quality: 90, dpi: 72 },
    );
    await expect(assertPhoto(codec, png, undefined, limits)).resolves.toBe("image/png");
  });
});
