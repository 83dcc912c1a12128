// Several-photo edits end to end through the codec: combined images, focus stacks and white glove.
import { describe, expect, it } from "vitest";
import { createSharpCodec } from "../adapters/sharp.adapter.js";
import { isImagingError } from "../errors/imaging-error.js";
import { createEditTemplate, DEFAULT_EDIT_TEMPLATE } from "../template/edit-template.js";
import { generateCombinedSet } from "../testing/generate-combined.js";
import { generateStackSet } from "../testing/generate-stacks.js";
import { generateLabelledPhoto } from "../testing/generate-white-glove.js";
import { nth } from "../testing/nth.js";
import { measureRegionSharpness } from "../testing/stack-metrics.js";
import { editCombinedImages, editFocusStack, editWhiteGlove } from "./edit-shots.js";

const codec = createSharpCodec();
const png = createEditTemplate({
  templateOutputFormat: "PNG",
  backgroundType: "1",
  backgroundColor: "FFFFFF",
});

describe("editCombinedImages", () => {
  it.each([false, true])("fills the neck gap in the output (cut-outs: %s)", async (transparent) => {
    const size = 224;
    const set = generateCombinedSet(2, { width: size, height: size, transparent });
    const files = await Promise.all(
      set.shots.map((s) => codec.encode(s, { format: "png", quality: 90, dpi: 72 })),
    );
    const result = await editCombinedImages(files, png, { codec });
    expect(result.width).toBe(size);
    const out = await codec.decode(result.image, { maxPixels: 1e7 });
    let gap = 0;
    let err = 0;
    for (let i = 0; i < size * size; i++) {
      if ((set.gap.data[i] ?? 0) < 0.99) continue;
      gap++;
      for (let c = 0; c < 3; c++)
        err += Math.abs((out.data[i * 4 + c] ?? 0) - (set.expected.raster.data[i * 3 + c] ?? 0));
    }
    expect(gap).toBeGreaterThan(200);
    expect(err / (3 * gap)).toBeLessThan(14);
    const combine = result.steps.find((s) => s.step === "combine");
    expect(combine?.confidence, combine?.reason).toBeGreaterThan(0.6);
    expect(result.report.warnings.join(" ")).toMatch(/combined 2 photos/);
  });

  it("refuses more than five photos and none", async () => {
    const one = await codec.encode(nth(generateCombinedSet(0, { width: 64, height: 64 }).shots, 0), {
      format: "png",
      quality: 90,
      dpi: 72,
    });
    for (const files of [Array.from({ length: 6 }, () => one), []])
      await expect(editCombinedImages(files, png, { codec })).rejects.toSatisfy((e) =>
        isImagingError(e, "invalid_shots"),
      );
  });
});

describe("editFocusStack", () => {
  it("stacks three bracketed photos and keeps the background when asked", async () => {
    const set = generateStackSet(1, { width: 192, height: 192 });
    const files = await Promise.all(
      set.shots.map((s) => codec.encode(s, { format: "png", quality: 90, dpi: 72 })),
    );
    const template = {
      ...DEFAULT_EDIT_TEMPLATE,
      outputFormat: "png" as const,
      background: { type: "none" as const },
    };
    const result = await editFocusStack(files, template, { codec });
    const out = await codec.decode(result.image, { maxPixels: 1e7 });
    const rgb = {
      width: out.width,
      height: out.height,
      channels: 3 as const,
      data: new Uint8Array(out.width * out.height * 3),
    };
    for (let i = 0; i < out.width * out.height; i++)
      for (let c = 0; c < 3; c++) rgb.data[i * 3 + c] = out.data[i * 4 + c] ?? 0;
    expect(measureRegionSharpness(rgb, set).mean).toBeGreaterThan(0.95);
    expect(nth(result.steps, 0).step).toBe("stack");
  });
});

describe("editWhiteGlove", () => {
  it("frames a model photo on a 3:4 canvas with the model kept and reports why", async () => {
    const p = generateLabelledPhoto(7, { size: 240 });
    const file = await codec.encode(p.photo, { format: "jpg", quality: 92, dpi: 72 });
    const r = await editWhiteGlove(file, { codec });
    expect(r.inspection.treatment).toBe("apparel-on-model");
    expect(r.width / r.height).toBeCloseTo(0.75, 2);
    expect(r.steps.map((s) => s.step)).toEqual(["inspection", "removal"]);
    expect(nth(r.steps, 0).reason).toMatch(/chose apparel-on-model/);
  });
});
