// Background removal against exact ground truth: generated studio photos, holes, thin parts, shadows, halos.
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createOnnxSegmentationModel, DEFAULT_MODEL_PATH } from "../adapters/onnx.adapter.js";
import { createSharpCodec } from "../adapters/sharp.adapter.js";
import { isImagingError } from "../errors/imaging-error.js";
import type { Raster } from "../raster.js";
import { generatePhoto } from "../testing/generate-photos.js";
import { compareMattes } from "../testing/metrics.js";
import { estimateBackdrop } from "./backdrop.js";
import { removeBackground } from "./background-removal.js";

const codec = createSharpCodec();
const opts = { width: 320, height: 320 };

describe("removeBackground (plain backdrop, no model)", () => {
  it.each([0, 2, 3, 9, 10, 17, 19, 22])("matches the ground truth of generated photo %i", async (index) => {
    const g = generatePhoto(index, opts);
    const cut = await removeBackground(g.photo, { codec });
    expect(cut.method).toBe("backdrop");
    const { iou, mae } = compareMattes(cut.alpha, g.alpha);
    expect(iou, g.id).toBeGreaterThan(0.97);
    expect(mae, g.id).toBeLessThan(0.01);
  });

  it("makes the mug's handle hole transparent and separates the floor shadow", async () => {
    const g = generatePhoto(2, opts); // mug on white
    const cut = await removeBackground(g.photo, { codec });
    let falseProduct = 0;
    let shadowPixels = 0;
    for (let i = 0; i < g.alpha.data.length; i++) {
      // Backdrop seen through the handle (or anywhere else) must not become product.
      if ((g.alpha.data[i] ?? 0) === 0 && (cut.alpha.data[i] ?? 0) > 0.5) falseProduct++;
      if ((cut.shadow.data[i] ?? 0) > 0.05) {
        shadowPixels++;
        expect(cut.alpha.data[i] ?? 0).toBeLessThan(0.5);
      }
    }
    expect(falseProduct).toBeLessThan(20);
    expect(shadowPixels).toBeGreaterThan(200);
  });

  it("decontaminates edge colours: no light halo from the backdrop", async () => {
    // Dark blue disc, anti-aliased, on white.
    const size = 200;
    const data = new Uint8Array(size * size * 3);
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) {
        let hits = 0;
        for (let s = 0; s < 16; s++) {
          const dx = x + ((s % 4) + 0.5) / 4 - 100;
          const dy = y + (Math.floor(s / 4) + 0.5) / 4 - 100;
          if (dx * dx + dy * dy < 60 * 60) hits++;
        }
        const a = hits / 16;
        data.set(
          [
            Math.round(10 * a + 250 * (1 - a)),
            Math.round(20 * a + 250 * (1 - a)),
            Math.round(120 * a + 250 * (1 - a)),
          ],
          (y * size + x) * 3,
        );
      }
    const photo: Raster = { width: size, height: size, channels: 3, data };
    const cut = await removeBackground(photo, { codec });
    let worst = 0;
    for (let i = 0; i < size * size; i++) {
      const a = cut.alpha.data[i] ?? 0;
      if (a > 0.2 && a < 0.98) worst = Math.max(worst, cut.foreground.data[i * 3] ?? 0);
    }
    // Edge pixels keep the product's red channel (10), not the white backdrop's (250).
    expect(worst).toBeLessThan(60);
  });

  it("refuses a busy background without a model", async () => {
    const g = generatePhoto(0, opts);
    const busy = new Uint8Array(g.photo.data);
    for (let i = 0; i < busy.length; i++) busy[i] = (busy[i] ?? 0) ^ ((i * 2654435761) >>> 26);
    const photo = { ...g.photo, data: busy };
    expect(estimateBackdrop(photo).plain).toBe(false);
    await expect(removeBackground(photo, { codec })).rejects.toSatisfy((e) =>
      isImagingError(e, "model_unavailable"),
    );
  });
});

describe.runIf(existsSync(DEFAULT_MODEL_PATH))("removeBackground with u2netp", () => {
  it("refines the model mask at full resolution when the backdrop is not plain", async () => {
    const model = await createOnnxSegmentationModel();
    try {
      const g = generatePhoto(8, { width: 400, height: 400 }); // box on grey
      // Replace the backdrop with coarse stripes so the plain check fails.
      const data = new Uint8Array(g.photo.data);
      for (let i = 0; i < g.alpha.data.length; i++) {
        const a = g.alpha.data[i] ?? 0;
        const x = i % 400;
        const bg = Math.floor(x / 40) % 2 === 0 ? 150 : 190;
        for (let c = 0; c < 3; c++)
          data[i * 3 + c] = Math.round((data[i * 3 + c] ?? 0) * a + (bg + c * 10) * (1 - a));
      }
      const cut = await removeBackground({ ...g.photo, data }, { codec, model, keepModelMask: true });
      expect(cut.method).toBe("model-refined");
      const refined = compareMattes(cut.alpha, g.alpha);
      expect(refined.iou).toBeGreaterThan(0.9);
      expect(cut.modelMask).toBeDefined();
    } finally {
      await model.dispose();
    }
  });
});
