// Focus stacking against bracketed sets made by blurring depth layers of sharp scenes.
import { describe, expect, it } from "vitest";
import { nth } from "../testing/nth.js";
import { meanTransformError } from "../align/similarity.js";
import { generateStackSet } from "../testing/generate-stacks.js";
import { measureRegionSharpness } from "../testing/stack-metrics.js";
import { stackFocus } from "./focus-stack.js";
import { collapse, laplacianPyramid } from "./pyramid.js";

const SIZE = 192;

describe("stackFocus", () => {
  it.each([0, 1, 2])("set %i: every region about as sharp as its sharpest shot", (index) => {
    const set = generateStackSet(index, { width: SIZE, height: SIZE, layers: 3 + (index % 2) });
    const r = stackFocus(set.shots);
    const m = measureRegionSharpness(r.image, set);
    expect(m.regions).toBeGreaterThan(10);
    expect(m.mean).toBeGreaterThan(0.95);
    // No single shot comes close: the stack really combines them.
    for (const shot of set.shots) expect(measureRegionSharpness(shot, set).mean).toBeLessThan(0.85);
    for (const [k, a] of r.alignments.entries())
      expect(meanTransformError(a.transform, nth(set.truths, k), SIZE, SIZE).max).toBeLessThan(1);
    expect(r.shares.filter((s) => s > 0.05).length).toBe(set.layers);
    expect(r.confidence, r.reason).toBeGreaterThan(0.6);
  });

  it("returns a single shot unchanged", () => {
    const set = generateStackSet(0, { width: 96, height: 96 });
    const r = stackFocus([nth(set.shots, 0)]);
    let diff = 0;
    for (let i = 0; i < r.image.data.length; i++)
      diff = Math.max(diff, Math.abs((r.image.data[i] ?? 0) - (nth(set.shots, 0).data[i] ?? 0)));
    expect(diff).toBeLessThanOrEqual(1);
    expect(r.reason).toMatch(/one shot/);
  });

  it("has low confidence when a shot shows something else", () => {
    const set = generateStackSet(0, { width: SIZE, height: SIZE });
    const other = nth(generateStackSet(5, { width: SIZE, height: SIZE }).shots, 1);
    const r = stackFocus([nth(set.shots, 0), other, nth(set.shots, 2)]);
    expect(r.confidence, r.reason).toBeLessThan(0.3);
  });

  it("Laplacian pyramids rebuild the plane exactly", () => {
    const data = Float32Array.from({ length: 37 * 29 }, (_, i) => Math.sin(i * 0.37) * 100);
    const back = collapse(laplacianPyramid({ width: 37, height: 29, data }, 4));
    let worst = 0;
    for (let i = 0; i < data.length; i++)
      worst = Math.max(worst, Math.abs((back.data[i] ?? 0) - (data[i] ?? 0)));
    expect(worst).toBeLessThan(1e-3);
  });
});
