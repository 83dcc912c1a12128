// Local sharpness: the energy of the Laplacian of luminance, averaged over a window.
import type { Plane } from "../align/plane.js";
import { boxMean } from "../matting/filters.js";
import { erodeBinary } from "../matting/morphology.js";

/** The 3×3 binomial blur ([1 2 1]/4 each way, σ ≈ 0.7), edges clamped. */
function binomial3(p: Plane): Plane {
  const { width: w, height: h, data } = p;
  const tmp = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++)
      tmp[row + x] =
        ((data[row + (x > 0 ? x - 1 : 0)] ?? 0) +
          2 * (data[row + x] ?? 0) +
          (data[row + (x < w - 1 ? x + 1 : x)] ?? 0)) /
        4;
  }
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const up = (y > 0 ? y - 1 : 0) * w;
    const row = y * w;
    const down = (y < h - 1 ? y + 1 : y) * w;
    for (let x = 0; x < w; x++)
      out[row + x] = ((tmp[up + x] ?? 0) + 2 * (tmp[row + x] ?? 0) + (tmp[down + x] ?? 0)) / 4;
  }
  return { width: w, height: h, data: out };
}

/**
 * Mean squared 4-neighbour Laplacian over a (2r+1)² window, of the luminance lightly smoothed first
 * (3×3 binomial, so single-pixel sensor noise does not count as detail). High where the photo is in focus.
 * With `cover` (1 where the photo really shows the scene, e.g. a warped shot's valid pixels) the window
 * mean counts only Laplacians that read covered pixels alone, so a pixel near the edge of what a shot
 * covers is judged by its covered neighbours instead of the edge pixels the warp repeated; uncovered
 * pixels get 0.
 */
export function laplacianEnergy(grey: Plane, radius: number, cover?: Uint8Array): Float32Array {
  const p = binomial3(grey);
  const { width: w, height: h, data } = p;
  const sq = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const up = Math.max(0, y - 1) * w;
    const down = Math.min(h - 1, y + 1) * w;
    const row = y * w;
    for (let x = 0; x < w; x++) {
      const c = data[row + x] ?? 0;
      const l =
        (data[row + Math.max(0, x - 1)] ?? 0) +
        (data[row + Math.min(w - 1, x + 1)] ?? 0) +
        (data[up + x] ?? 0) +
        (data[down + x] ?? 0) -
        4 * c;
      sq[row + x] = l * l;
    }
  }
  if (!cover) return boxMean(sq, w, h, radius);
  // The blur and the Laplacian reach 2 pixels: only pixels 2 inside the cover read covered pixels alone.
  const trusted = erodeBinary(cover, w, h, 2);
  const weight = new Float32Array(w * h);
  for (let i = 0; i < w * h; i++)
    if (trusted[i] === 1) weight[i] = 1;
    else sq[i] = 0;
  const sum = boxMean(sq, w, h, radius);
  const share = boxMean(weight, w, h, radius);
  for (let i = 0; i < w * h; i++) {
    const s = share[i] ?? 0;
    sum[i] = cover[i] === 1 && s > 0 ? (sum[i] ?? 0) / s : 0;
  }
  return sum;
}

/** Sums of `values` over a grid of `block`-pixel cells (row-major cells, partial cells at the edges). */
export function blockSums(values: Float32Array, width: number, height: number, block: number): Float64Array {
  const bw = Math.ceil(width / block);
  const out = new Float64Array(bw * Math.ceil(height / block));
  for (let y = 0; y < height; y++) {
    const row = Math.floor(y / block) * bw;
    for (let x = 0; x < width; x++) {
      const b = row + Math.floor(x / block);
      out[b] = (out[b] ?? 0) + (values[y * width + x] ?? 0);
    }
  }
  return out;
}
