// Safe decoding: limits before allocation, clear errors for bad files, and every input kind normalised.
import { describe, expect, it } from "vitest";
import { createSharpCodec } from "../adapters/sharp.adapter.js";
import { isImagingError, type ImagingErrorCode } from "../errors/imaging-error.js";
import {
  createAnimatedGif,
  createBombPng,
  createFixture,
  createTestRaster,
} from "../testing/photo-fixtures.js";
import { decodePhoto } from "./decode.js";

const codec = createSharpCodec();
// 60×40, red block in the top-left quarter on blue: orientation changes are visible.
const sample = createTestRaster(60, 40, [0, 0, 255], {
  left: 0,
  top: 0,
  width: 30,
  height: 20,
  color: [255, 0, 0],
});

async function expectRefusal(input: Uint8Array, code: ImagingErrorCode, options = {}): Promise<void> {
  let error: unknown;
  try {
    await decodePhoto(codec, input, options);
  } catch (e) {
    error = e;
  }
  expect(isImagingError(error, code), String(error)).toBe(true);
}

const pixel = (r: { width: number; data: Uint8Array; channels: number }, x: number, y: number) =>
  Array.from(r.data.subarray((y * r.width + x) * r.channels, (y * r.width + x) * r.channels + 3));

describe("decodePhoto", () => {
  it("refuses a few-KB PNG declaring 20000×20000 from its header, without allocating it", async () => {
    const bomb = createBombPng(20_000, 20_000);
    expect(bomb.length).toBeLessThan(10_000);
    const before = process.memoryUsage().rss;
    await expectRefusal(bomb, "image_too_large");
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  it("applies a configurable pixel limit and a byte limit", async () => {
    const png = await createFixture(sample, { format: "png" });
    await expectRefusal(png, "image_too_large", { maxPixels: 1000 });
    await expectRefusal(png, "image_too_large", { maxBytes: 10 });
    await expect(decodePhoto(codec, png, { maxPixels: 2400 })).resolves.toBeDefined();
  });

  it("gives clear errors for zero-byte, text, truncated and corrupt files", async () => {
    await expectRefusal(new Uint8Array(), "image_unreadable");
    await expectRefusal(
      Buffer.from("this is not an image, just some text\n".repeat(20)),
      "unsupported_format",
    );
    const jpg = await createFixture(createTestRaster(400, 300, [10, 200, 30]), { format: "jpg" });
    await expectRefusal(jpg.subarray(0, Math.floor(jpg.length / 2)), "image_unreadable");
    const png = await createFixture(sample, { format: "png" });
    await expectRefusal(png.subarray(0, png.length - 40), "image_unreadable");
  });

  it.each(["jpg", "png", "webp", "tiff", "avif"] as const)(
    "decodes %s to 8-bit sRGB RGBA",
    async (format) => {
      const { raster, header } = await decodePhoto(codec, await createFixture(sample, { format }));
      expect([raster.width, raster.height, raster.channels]).toEqual([60, 40, 4]);
      expect(header.format).toBe(format === "jpg" ? "jpeg" : format === "avif" ? "heif" : format);
      const red = pixel(raster, 5, 5);
      expect(red[0]).toBeGreaterThan(230);
      expect(red[2]).toBeLessThan(30);
    },
  );

  it("applies EXIF orientation (6: rotate 90° clockwise)", async () => {
    const file = await createFixture(sample, { format: "jpg", orientation: 6 });
    const { raster, header } = await decodePhoto(codec, file);
    expect(header.orientation).toBe(6);
    expect([raster.width, raster.height]).toEqual([40, 60]);
    // The red top-left block ends up top-right.
    expect(pixel(raster, 35, 5)[0]).toBeGreaterThan(200);
    expect(pixel(raster, 5, 5)[0]).toBeLessThan(50);
  });

  it("converts CMYK JPEG, 16-bit PNG, greyscale and Display P3 to sRGB", async () => {
    const cmyk = await decodePhoto(codec, await createFixture(sample, { format: "jpg", cmyk: true }));
    expect(cmyk.header.space).toBe("cmyk");
    const red = pixel(cmyk.raster, 5, 5);
    expect(red[0]).toBeGreaterThan(200);
    expect(red[1]).toBeLessThan(80);
    const deep = await decodePhoto(codec, await createFixture(sample, { format: "png", bits16: true }));
    expect(deep.header.space).toBe("rgb16");
    expect(pixel(deep.raster, 5, 5)).toEqual([255, 0, 0]);
    const grey = await decodePhoto(codec, await createFixture(sample, { format: "png", grey: true }));
    expect(grey.raster.channels).toBe(4);
    const g = pixel(grey.raster, 5, 5);
    expect(g[0]).toBe(g[1]);
    const p3 = await decodePhoto(
      codec,
      await createFixture(createTestRaster(8, 8, [0, 255, 0]), { format: "png", p3: true }),
    );
    expect(p3.header.hasProfile).toBe(true);
    // The file stores sRGB green re-expressed in P3 (about 117, 251, 63); decoding converts it back.
    const [r = 0, g2 = 0, b = 0] = pixel(p3.raster, 1, 1);
    expect(r).toBeLessThan(20);
    expect(g2).toBeGreaterThan(240);
    expect(b).toBeLessThan(20);
  });

  it("takes the first frame of an animated image", async () => {
    const { raster, header } = await decodePhoto(codec, await createAnimatedGif(20, 10));
    expect(header.pages).toBe(2);
    expect([raster.width, raster.height]).toEqual([20, 10]);
    expect(pixel(raster, 3, 3)).toEqual([255, 0, 0]);
  });
});
