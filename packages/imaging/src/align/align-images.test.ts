// Registration against known camera motion: shifted, rotated and zoomed shots of generated garments.
import { describe, expect, it } from "vitest";
import { nth } from "../testing/nth.js";
import { generateCombinedSet } from "../testing/generate-combined.js";
import { generateStackSet } from "../testing/generate-stacks.js";
import { alignImages } from "./align-images.js";
import { phaseCorrelate } from "./phase-correlation.js";
import { toGreyPlane } from "./plane.js";
import { createSimilarity, meanTransformError } from "./similarity.js";
import { warpRaster } from "./warp.js";

describe("alignImages", () => {
  it.each([0, 1, 2, 3, 4, 5])("registers inside-neck shot %i to within a pixel (192 px)", (index) => {
    const set = generateCombinedSet(index, { width: 192, height: 192, transparent: index % 2 === 1 });
    const a = alignImages(nth(set.shots, 0), nth(set.shots, 1));
    const error = meanTransformError(a.transform, nth(set.truths, 0), 192, 192);
    expect(error.max, a.reason).toBeLessThan(1);
    expect(error.mean).toBeLessThan(0.5);
    expect(a.confidence).toBeGreaterThan(0.6);
  });

  it("handles larger rotation and zoom (5°, 6 %)", () => {
    const set = generateCombinedSet(7, {
      width: 256,
      height: 256,
      maxRotationDeg: 5,
      maxZoom: 0.06,
      maxShift: 0.08,
    });
    const a = alignImages(nth(set.shots, 0), nth(set.shots, 1));
    expect(meanTransformError(a.transform, nth(set.truths, 0), 256, 256).max).toBeLessThan(1);
  });

  it("gives no confidence to photos of different things", () => {
    const garment = nth(generateCombinedSet(0, { width: 192, height: 192 }).shots, 0);
    const scene = nth(generateStackSet(3, { width: 192, height: 192 }).shots, 0);
    const a = alignImages(garment, scene);
    expect(a.confidence, a.reason).toBeLessThan(0.3);
  });

  it("phase correlation finds a pure shift with the moving content's sign", () => {
    const set = generateStackSet(1, { width: 128, height: 128 });
    const ref = nth(set.shots, 0);
    // moving(x) = ref(x − (7, −4)): the content moved by +7, −4.
    const moved = warpRaster(ref, createSimilarity({ tx: -7, ty: 4 }), 128, 128).raster;
    const pc = phaseCorrelate(toGreyPlane(ref), toGreyPlane(moved));
    expect(pc.dx).toBeCloseTo(7, 0);
    expect(pc.dy).toBeCloseTo(-4, 0);
  });
});
