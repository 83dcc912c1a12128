// End-to-end edits on synthetic studio photos: exact geometry, alpha, formats, profiles, layers, shadows.
import { describe, expect, it } from "vitest";
import { readLayeredPsd } from "../adapters/psd.adapter.js";
import { createSharpCodec } from "../adapters/sharp.adapter.js";
import { isImagingError } from "../errors/imaging-error.js";
import type { Raster } from "../raster.js";
import { DEFAULT_EDIT_TEMPLATE, type EditTemplate } from "../template/edit-template.js";
import { createBombPng, createFixture, createTestRaster, readBack } from "../testing/photo-fixtures.js";
import { editImage } from "./edit-image.js";

const codec = createSharpCodec();
const RED: [number, number, number] = [200, 30, 30];
// A 200×300 red product at (300, 150) on a light grey studio backdrop, 800×600.
const product = createTestRaster(800, 600, [240, 240, 240], {
  left: 300,
  top: 150,
  width: 200,
  height: 300,
  color: RED,
});
const pngPhoto = createFixture(product, { format: "png" });

const template = (t: Partial<EditTemplate>): EditTemplate => ({ ...DEFAULT_EDIT_TEMPLATE, ...t });
const at = (r: Raster, x: number, y: number) =>
  Array.from(r.data.subarray((y * r.width + x) * 4, (y * r.width + x) * 4 + 4));

function opaqueBox(r: Raster): { left: number; top: number; width: number; height: number } {
  let left = r.width;
  let top = r.height;
  let right = -1;
  let bottom = -1;
  for (let y = 0; y < r.height; y++)
    for (let x = 0; x < r.width; x++)
      if ((r.data[(y * r.width + x) * 4 + 3] ?? 0) > 127) {
        left = Math.min(left, x);
        right = Math.max(right, x);
        top = Math.min(top, y);
        bottom = y;
      }
  return { left, top, width: right - left + 1, height: bottom - top + 1 };
}

describe("editImage", () => {
  it("cuts out to a transparent PNG with the product exactly at its placement", async () => {
    const result = await editImage(
      await pngPhoto,
      template({
        outputFormat: "png",
        background: { type: "transparent" },
        resize: { type: "fixed", width: 1000, height: 1000, unit: "px" },
        margin: { type: "pixels", top: 100, bottom: 100, left: 100, right: 100 },
      }),
      { codec },
    );
    expect(result.report.removal.method).toBe("backdrop");
    expect(result.report.subject).toEqual({ left: 300, top: 150, width: 200, height: 300 });
    // inner 800×800; 200×300 ×(800/300) → 533×800, centred: left 100 + floor(267/2) = 233.
    expect(result.report.layout.placement).toEqual({ left: 233, top: 100, width: 533, height: 800 });
    const out = await readBack(result.image);
    expect([out.raster.width, out.raster.height]).toEqual([1000, 1000]);
    expect(opaqueBox(out.raster)).toEqual({ left: 233, top: 100, width: 533, height: 800 });
    expect(at(out.raster, 500, 500)).toEqual([...RED, 255]);
    expect(at(out.raster, 233, 100)[3]).toBe(255);
    expect(at(out.raster, 232, 500)[3]).toBe(0);
    expect(at(out.raster, 766, 500)[3]).toBe(0);
    expect(at(out.raster, 500, 99)[3]).toBe(0);
    expect(at(out.raster, 10, 10)[3]).toBe(0);
    expect(out.icc).toBe(true);
    expect(result.thumbnail).toBeDefined();
  });

  it("writes a progressive mozjpeg JPG with an sRGB profile and the file's resolution", async () => {
    const file = await createFixture(product, { format: "jpg", dpi: 200 });
    const result = await editImage(
      file,
      template({ resize: { type: "fixed", width: 50.8, height: 25.4, unit: "mm" }, jpegQuality: 80 }),
      { codec },
    );
    const out = await readBack(result.image);
    expect([out.raster.width, out.raster.height]).toEqual([400, 200]);
    expect(out).toMatchObject({ icc: true, dpi: 200, format: "jpeg", progressive: true });
    const thumb = await readBack(result.thumbnail ?? Buffer.alloc(0));
    expect(Math.max(thumb.raster.width, thumb.raster.height)).toBe(300);
  });

  it("refuses transparency written as JPG", async () => {
    await expect(
      editImage(await pngPhoto, template({ outputFormat: "jpg", background: { type: "transparent" } }), {
        codec,
      }),
    ).rejects.toSatisfy((e) => isImagingError(e, "invalid_template"));
  });

  it.each(["png", "tiff"] as const)(
    "embeds an sRGB profile and 300 dpi by default in %s",
    async (outputFormat) => {
      const result = await editImage(await pngPhoto, template({ outputFormat }), { codec });
      const out = await readBack(result.image);
      expect(out.icc).toBe(true);
      expect(out.dpi).toBe(300);
    },
  );

  it("paints a vertical gradient from the first to the last row", async () => {
    const result = await editImage(
      await pngPhoto,
      template({
        outputFormat: "png",
        background: { type: "gradient", top: { r: 255, g: 255, b: 255 }, bottom: { r: 0, g: 0, b: 100 } },
      }),
      { codec },
    );
    const out = await readBack(result.image);
    expect(at(out.raster, 5, 0)).toEqual([255, 255, 255, 255]);
    expect(at(out.raster, 5, 599)).toEqual([0, 0, 100, 255]);
    expect(at(out.raster, 400, 300)).toEqual([...RED, 255]);
  });

  it("writes a layered PSD that reads back with original, cut-out with mask, background and sRGB profile", async () => {
    const result = await editImage(await pngPhoto, template({ outputFormat: "psd" }), { codec });
    const psd = readLayeredPsd(result.image);
    expect([psd.width, psd.height, psd.dpi]).toEqual([800, 600, 300]);
    expect(psd.layers.map((l) => l.name)).toEqual(["Background", "Original", "Cut-out"]);
    expect(psd.layers.find((l) => l.name === "Cut-out")?.hasMask).toBe(true);
    expect(result.mimeType).toBe("image/vnd.adobe.photoshop");
    // The profile is libvips' sRGB, the same bytes the JPG/PNG/TIFF outputs embed.
    expect(psd.icc).toEqual(await codec.srgbProfile());
    // An ICC header: 'acsp' at byte 36, RGB data colour space at byte 16.
    expect(Buffer.from(psd.icc ?? []).toString("latin1", 36, 40)).toBe("acsp");
    expect(Buffer.from(psd.icc ?? []).toString("latin1", 16, 20)).toBe("RGB ");
    const px = (name: string, x: number, y: number) => {
      const p = psd.layers.find((l) => l.name === name)?.pixels ?? new Uint8ClampedArray();
      return Array.from(p.subarray((y * 800 + x) * 4, (y * 800 + x) * 4 + 4));
    };
    // The original keeps the backdrop; the cut-out layer holds the product's colours; background is white.
    expect(px("Original", 10, 10)).toEqual([240, 240, 240, 255]);
    expect(px("Cut-out", 400, 300)).toEqual([...RED, 255]);
    expect(px("Background", 10, 10)).toEqual([255, 255, 255, 255]);
  });

  it("without background removal, letterboxes the photo in one libvips pipeline, dropping input EXIF", async () => {
    const input = await createFixture(product, { format: "jpg", exifCopyright: "Camera serial 1234" });
    expect((await readBack(input)).exifText).toContain("Camera serial 1234");
    const result = await editImage(
      input,
      template({
        background: { type: "none" },
        resize: { type: "fixed", width: 500, height: 500, unit: "px" },
      }),
      { codec },
    );
    expect(result.report.timingsMs).toHaveProperty("render");
    expect(result.report.layout.placement).toEqual({ left: 0, top: 62, width: 500, height: 375 });
    const out = await readBack(result.image);
    expect([out.raster.width, out.raster.height]).toEqual([500, 500]);
    expect(out.exifText ?? "").not.toContain("Camera serial 1234");
    expect(
      at(out.raster, 250, 20)
        .slice(0, 3)
        .every((v) => v > 250),
    ).toBe(true);
  });

  it("keeps the floor shadow under the product, or draws a drop shadow, or none", async () => {
    // Product over a soft darkening below it on white.
    const photo = createTestRaster(400, 400, [250, 250, 250], {
      left: 150,
      top: 100,
      width: 100,
      height: 200,
      color: [20, 90, 200],
    });
    for (let y = 300; y < 360; y++)
      for (let x = 110; x < 290; x++) {
        const k = 1 - 0.3 * Math.sin(((y - 300) / 60) * Math.PI) * Math.sin(((x - 110) / 180) * Math.PI);
        photo.data.set([250 * k, 250 * k, 250 * k].map(Math.round), (y * 400 + x) * 3);
      }
    const file = await createFixture(photo, { format: "png" });
    const below = async (shadow: EditTemplate["shadow"]) => {
      const result = await editImage(file, template({ outputFormat: "png", shadow }), { codec });
      const out = await readBack(result.image);
      return at(out.raster, 200, 330)[0] ?? 0;
    };
    expect(await below("none")).toBe(255);
    // The source darkens the backdrop by 30 % there; kept over white that is 255 × 0.7 ≈ 179.
    expect(Math.abs((await below("keep")) - 179)).toBeLessThanOrEqual(3);
    const drop = await editImage(file, template({ outputFormat: "png", shadow: "drop" }), { codec });
    const out = await readBack(drop.image);
    expect(at(out.raster, 252, 302)[0]).toBeLessThan(240);
    expect(at(out.raster, 100, 50)[0]).toBe(255);
  });
});

describe("editImage geometry, end to end", () => {
  // The product (200×300 at 300,150 in an 800×600 photo) must land exactly where the layout says: the
  // opaque box of the transparent output is checked pixel for pixel for every resize type, unit and margin
  // mode. Without margins the whole photo is framed, so the product moves with it.
  type Box = { left: number; top: number; width: number; height: number };
  const cases: [string, Partial<EditTemplate>, [number, number], Box, Box][] = [
    [
      "type 0, no margins",
      {},
      [800, 600],
      { left: 0, top: 0, width: 800, height: 600 },
      { left: 300, top: 150, width: 200, height: 300 },
    ],
    [
      "type 0, 10 % margins",
      { margin: { type: "percent", top: 10, bottom: 10, left: 10, right: 10 } },
      [800, 600],
      { left: 240, top: 60, width: 320, height: 480 },
      { left: 240, top: 60, width: 320, height: 480 },
    ],
    [
      "type 1 (3:4), 20 px margins",
      {
        resize: { type: "aspect", width: 3, height: 4 },
        margin: { type: "pixels", top: 20, bottom: 20, left: 20, right: 20 },
      },
      [255, 340],
      { left: 27, top: 20, width: 200, height: 300 },
      { left: 27, top: 20, width: 200, height: 300 },
    ],
    [
      "type 2 in px, 50 px margins, bottom",
      {
        resize: { type: "fixed", width: 500, height: 500, unit: "px" },
        margin: { type: "pixels", top: 50, bottom: 50, left: 50, right: 50 },
        verticalAlignment: "bottom",
      },
      [500, 500],
      { left: 116, top: 50, width: 267, height: 400 },
      { left: 116, top: 50, width: 267, height: 400 },
    ],
    [
      "type 2 in mm (300 dpi), 5 % margins, top",
      {
        resize: { type: "fixed", width: 50.8, height: 25.4, unit: "mm" },
        margin: { type: "percent", top: 5, bottom: 5, left: 5, right: 5 },
        verticalAlignment: "top",
      },
      [600, 300],
      { left: 210, top: 15, width: 180, height: 270 },
      { left: 210, top: 15, width: 180, height: 270 },
    ],
    [
      "type 2 in inches, no margins",
      { resize: { type: "fixed", width: 2, height: 1, unit: "inch" } },
      [600, 300],
      { left: 100, top: 0, width: 400, height: 300 },
      { left: 250, top: 75, width: 100, height: 150 },
    ],
    [
      "type 3 max in px, 25 % margins",
      {
        resize: { type: "minmax", max: 400, unit: "px" },
        margin: { type: "percent", top: 25, bottom: 25, left: 25, right: 25 },
      },
      [267, 400],
      { left: 67, top: 100, width: 133, height: 200 },
      { left: 67, top: 100, width: 133, height: 200 },
    ],
    [
      "type 3 min in mm, 10 px margins",
      {
        resize: { type: "minmax", min: 76.2, unit: "mm" },
        margin: { type: "pixels", top: 10, bottom: 10, left: 10, right: 10 },
      },
      [900, 1309],
      { left: 20, top: 10, width: 859, height: 1289 },
      { left: 20, top: 10, width: 859, height: 1289 },
    ],
  ];

  it.each(cases)("%s", async (_name, t, size, placement, productBox) => {
    const result = await editImage(
      await pngPhoto,
      template({ outputFormat: "png", background: { type: "transparent" }, ...t }),
      { codec, skipThumbnail: true },
    );
    expect([result.width, result.height]).toEqual(size);
    expect(result.report.layout.placement).toEqual(placement);
    const out = await readBack(result.image);
    expect([out.raster.width, out.raster.height]).toEqual(size);
    expect(opaqueBox(out.raster)).toEqual(productBox);
  });

  it("keeps the alpha of anti-aliased edge pixels exactly where they were", async () => {
    // Columns 100 and 299 are half covered by the product (blue on white); rows 50 and 149 a quarter.
    const photo = createTestRaster(400, 200, [250, 250, 250]);
    for (let y = 50; y < 150; y++)
      for (let x = 100; x < 300; x++) {
        const cover = (x === 100 || x === 299 ? 0.5 : 1) * (y === 50 || y === 149 ? 0.25 : 1);
        const mix = (f: number) => Math.round(f * cover + 250 * (1 - cover));
        photo.data.set([mix(20), mix(40), mix(200)], (y * 400 + x) * 3);
      }
    const result = await editImage(
      await createFixture(photo, { format: "png" }),
      template({ outputFormat: "png", background: { type: "transparent" } }),
      { codec, skipThumbnail: true },
    );
    const out = await readBack(result.image);
    const alpha = (x: number, y: number) => at(out.raster, x, y)[3] ?? -1;
    expect(alpha(200, 100)).toBe(255);
    expect(Math.abs(alpha(100, 100) - 128)).toBeLessThanOrEqual(3);
    expect(Math.abs(alpha(299, 100) - 128)).toBeLessThanOrEqual(3);
    expect(Math.abs(alpha(200, 50) - 64)).toBeLessThanOrEqual(3);
    expect(Math.abs(alpha(100, 50) - 32)).toBeLessThanOrEqual(3);
    expect(alpha(99, 100)).toBe(0);
    expect(alpha(200, 49)).toBe(0);
    // Decontaminated: the half-covered edge keeps the product's blue, not a blend with the white backdrop.
    expect(at(out.raster, 100, 100).slice(0, 3)).toEqual([20, 40, 200]);
  });
});

describe("editImage on awkward inputs", () => {
  const cutout = template({
    outputFormat: "png",
    background: { type: "color", color: { r: 255, g: 255, b: 255 } },
    margin: { type: "pixels", top: 10, bottom: 10, left: 10, right: 10 },
  });

  it.each([
    ["a CMYK JPEG", { format: "jpg", cmyk: true }],
    ["a 16-bit PNG", { format: "png", bits16: true }],
    ["a greyscale PNG", { format: "png", grey: true }],
    ["a Display P3 PNG", { format: "png", p3: true }],
  ] as const)("cuts the product out of %s and writes sRGB", async (_name, fixture) => {
    const result = await editImage(await createFixture(product, fixture), cutout, {
      codec,
      skipThumbnail: true,
    });
    expect(result.report.subject).toEqual({ left: 300, top: 150, width: 200, height: 300 });
    // The original canvas, 10 px margins: the product is scaled to the inner height (580) and centred.
    expect(result.report.layout.placement).toEqual({ left: 206, top: 10, width: 387, height: 580 });
    const out = await readBack(result.image);
    expect([out.raster.width, out.raster.height]).toEqual([800, 600]);
    expect(out.icc).toBe(true);
    expect(at(out.raster, 400, 300)[3]).toBe(255);
    expect(at(out.raster, 2, 2)).toEqual([255, 255, 255, 255]);
    expect(at(out.raster, 203, 300)).toEqual([255, 255, 255, 255]);
  });

  it("applies EXIF orientation before framing (orientation 6: the product turns on its side)", async () => {
    const file = await createFixture(product, { format: "jpg", orientation: 6 });
    const result = await editImage(file, cutout, { codec, skipThumbnail: true });
    expect(result.report.source).toMatchObject({ width: 600, height: 800, orientation: 6 });
    // Rotated 90° clockwise: the 200×300 product at (300,150) becomes 300×200 at (150,300).
    expect(result.report.subject).toEqual({ left: 150, top: 300, width: 300, height: 200 });
    expect([result.width, result.height]).toEqual([600, 800]);
  });

  it.each([
    ["a zero-byte file", () => Promise.resolve(new Uint8Array()), "image_unreadable"],
    [
      "text",
      () => Promise.resolve(Buffer.from("not an image, only words\n".repeat(30))),
      "unsupported_format",
    ],
    [
      "a truncated JPEG",
      async () => (await createFixture(product, { format: "jpg" })).subarray(0, 3000),
      "image_unreadable",
    ],
    ["a PNG declaring 20000×20000", () => Promise.resolve(createBombPng(20_000, 20_000)), "image_too_large"],
  ] as const)("refuses %s with a coded error", async (_name, input, code) => {
    await expect(editImage(await input(), cutout, { codec })).rejects.toSatisfy((e) =>
      isImagingError(e, code),
    );
  });

  it("reports that a mannequin or model to be removed was kept", async () => {
    const result = await editImage(
      await pngPhoto,
      template({ ...cutout, keepMannequin: false, keepModel: false }),
      { codec, skipThumbnail: true },
    );
    expect(result.report.warnings.join("\n")).toMatch(/mannequin was kept/);
    expect(result.report.warnings.join("\n")).toMatch(/model was kept/);
  });
});
