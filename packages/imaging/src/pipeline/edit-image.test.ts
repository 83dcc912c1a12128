// End-to-end edits on synthetic studio photos: exact geometry, alpha, formats, profiles, layers, shadows.
import { describe, expect, it } from "vitest";
import { readLayeredPsd } from "../adapters/psd.adapter.js";
import { createSharpCodec } from "../adapters/sharp.adapter.js";
import { isImagingError } from "../errors/imaging-error.js";
import type { Raster } from "../raster.js";
import { DEFAULT_EDIT_TEMPLATE, type EditTemplate } from "../template/edit-template.js";
import { createFixture, createTestRaster, readBack } from "../testing/photo-fixtures.js";
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

  it("writes a layered PSD that reads back with original, cut-out with mask, and background", async () => {
    const result = await editImage(await pngPhoto, template({ outputFormat: "psd" }), { codec });
    const psd = readLayeredPsd(result.image);
    expect([psd.width, psd.height, psd.dpi]).toEqual([800, 600, 300]);
    expect(psd.layers.map((l) => l.name)).toEqual(["Background", "Original", "Cut-out"]);
    expect(psd.layers.find((l) => l.name === "Cut-out")?.hasMask).toBe(true);
    expect(result.mimeType).toBe("image/vnd.adobe.photoshop");
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
