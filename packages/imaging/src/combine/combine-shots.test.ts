// Combined images against the ideal merge: the neck gap filled from the inside-neck shot, the rest untouched.
import { describe, expect, it } from "vitest";
import { nth } from "../testing/nth.js";
import { createMatte } from "../raster.js";
import { generateCombinedSet, type CombinedSet } from "../testing/generate-combined.js";
import { combineShots } from "./combine-shots.js";

const SIZE = 224;

function shotsOf(set: CombinedSet) {
  return set.shots.map((raster, k) => ({ raster, alpha: set.alphas[k] ?? createMatte(1, 1) }));
}

describe("combineShots", () => {
  it.each([
    [0, 2, false],
    [1, 3, true],
    [2, 5, false],
  ] as const)(
    "set %i (%i shots, cut-outs %s): fills the neck gap with the inside of the garment",
    (index, shots, transparent) => {
      const set = generateCombinedSet(index, { width: SIZE, height: SIZE, shots, transparent });
      const r = combineShots(shotsOf(set));
      let gap = 0;
      let colourError = 0;
      let alphaError = 0;
      for (let i = 0; i < SIZE * SIZE; i++) {
        if ((set.gap.data[i] ?? 0) < 0.99) continue;
        gap++;
        alphaError += 1 - (r.alpha.data[i] ?? 0);
        for (let c = 0; c < 3; c++)
          colourError += Math.abs(
            (r.foreground.data[i * 3 + c] ?? 0) - (set.expected.raster.data[i * 3 + c] ?? 0),
          );
      }
      expect(gap).toBeGreaterThan(200);
      expect(alphaError / gap).toBeLessThan(0.02);
      expect(colourError / (3 * gap)).toBeLessThan(10);
      expect(r.filledPixels).toBeGreaterThanOrEqual(gap * 0.9);
      expect(r.contributions).toHaveLength(shots - 1);
      expect(r.confidence, r.reason).toBeGreaterThan(0.6);
    },
  );

  it("keeps every pixel the first shot covers exactly as it was", () => {
    const set = generateCombinedSet(3, { width: SIZE, height: SIZE, transparent: true });
    const r = combineShots(shotsOf(set));
    const first = nth(set.shots, 0);
    let changed = 0;
    for (let i = 0; i < SIZE * SIZE; i++) {
      if ((set.alphas[0]?.data[i] ?? 0) < 1) continue;
      for (let c = 0; c < 3; c++) if (r.foreground.data[i * 3 + c] !== first.data[i * 4 + c]) changed++;
    }
    expect(changed).toBe(0);
  });

  it("says there is nothing to combine when the first shot has no gap", () => {
    const set = generateCombinedSet(4, { width: SIZE, height: SIZE });
    // The inside-neck shot as the first: the garment is whole, nothing is missing.
    const r = combineShots([nth(shotsOf(set), 1), nth(shotsOf(set), 0)]);
    expect(r.filledPixels).toBe(0);
    expect(r.confidence).toBeLessThan(0.5);
    expect(r.reason).toMatch(/nothing to combine/);
  });
});
