// Focus-stack quality against ground truth: per-region sharpness of the result over the sharpest input.
import { gaussianBlur, gradients, toGreyPlane } from "../align/plane.js";
import { warpRaster } from "../align/warp.js";
import { erodeBinary } from "../matting/morphology.js";
import type { Raster } from "../raster.js";
import type { StackSet } from "./generate-stacks.js";

/**
 * Mean squared gradient of the luminance smoothed with σ 1: detail a viewer sees, not single-pixel noise
 * (which the Laplacian energy used for the decision would also count).
 */
function detailPlane(r: Raster): Float32Array {
  const { gx, gy } = gradients(gaussianBlur(toGreyPlane(r), 1));
  const out = new Float32Array(gx.data.length);
  for (let i = 0; i < out.length; i++) out[i] = (gx.data[i] ?? 0) ** 2 + (gy.data[i] ?? 0) ** 2;
  return out;
}

/** Per-region sharpness ratios: mean, lowest, and the share of regions at 95 % or more. */
export interface RegionSharpness {
  readonly mean: number;
  readonly min: number;
  readonly atLeast95: number;
  readonly regions: number;
}

/**
 * Splits the reference frame into regions (each depth layer, 8 px away from its occlusion edges and the
 * border, cut into 32 px blocks; a region needs half its block) and compares the result's detail in each
 * with the sharpest input's, the inputs brought into the reference frame by their true transforms.
 */
export function measureRegionSharpness(result: Raster, set: StackSet, block = 32): RegionSharpness {
  const { width: w, height: h } = result;
  const inputs = set.shots.map((s, k) =>
    k === 0 ? s : warpRaster(s, set.truths[k - 1] ?? { a: 1, b: 0, tx: 0, ty: 0 }, w, h).raster,
  );
  const detail = inputs.map(detailPlane);
  const mine = detailPlane(result);
  const ratios: number[] = [];
  for (let d = 0; d < set.layers; d++) {
    const layer = new Uint8Array(w * h);
    for (let i = 0; i < w * h; i++) layer[i] = set.depth[i] === d ? 1 : 0;
    const core = erodeBinary(layer, w, h, 8);
    for (let by = 0; by < h; by += block)
      for (let bx = 0; bx < w; bx += block) {
        let n = 0;
        const sums = new Float64Array(inputs.length);
        let own = 0;
        for (let y = Math.max(8, by); y < Math.min(h - 8, by + block); y++)
          for (let x = Math.max(8, bx); x < Math.min(w - 8, bx + block); x++) {
            const i = y * w + x;
            if (core[i] !== 1) continue;
            n++;
            own += mine[i] ?? 0;
            for (let k = 0; k < inputs.length; k++) sums[k] = (sums[k] ?? 0) + (detail[k]?.[i] ?? 0);
          }
        if (n < (block * block) / 2) continue;
        const best = Math.max(...sums);
        if (best > 0) ratios.push(own / best);
      }
  }
  if (ratios.length === 0) return { mean: 1, min: 1, atLeast95: 1, regions: 0 };
  return {
    mean: ratios.reduce((a, b) => a + b, 0) / ratios.length,
    min: Math.min(...ratios),
    atLeast95: ratios.filter((r) => r >= 0.95).length / ratios.length,
    regions: ratios.length,
  };
}
