// Refinement of an upsampled model mask (guided filter) and the outline colours of the result.
import type { Matte, Raster } from "../raster.js";
import { createEdgeColors, setProductColor, type EdgeColors } from "./edge-colors.js";
import { boxMean, maskedWindowMean } from "./filters.js";

/** Guided-filter settings. */
export interface RefineOptions {
  /** Window radius in pixels; default scales with the image (≈ 1/200 of the short side, at least 2). */
  readonly radius?: number;
  /** Regulariser (in normalised intensity²); smaller follows edges more closely. Default 1e-4. */
  readonly epsilon?: number;
}

/**
 * Refines a coarse probability map with the image as guide (He et al., guided filter, luminance guide):
 * edges of the output follow the photo's edges at full resolution. Outside the uncertain band (the
 * coarse mask under 0.02 or over 0.98 in a whole window) the mask is kept.
 */
export function refineWithGuidedFilter(raster: Raster, coarse: Matte, options: RefineOptions = {}): Matte {
  const { width, height, channels, data } = raster;
  const n = width * height;
  const r = options.radius ?? Math.max(2, Math.round(Math.min(width, height) / 200));
  const eps = options.epsilon ?? 1e-4;
  const guide = new Float32Array(n);
  for (let i = 0; i < n; i++)
    guide[i] =
      (0.299 * (data[i * channels] ?? 0) +
        0.587 * (data[i * channels + 1] ?? 0) +
        0.114 * (data[i * channels + 2] ?? 0)) /
      255;
  const p = coarse.data;
  const ip = new Float32Array(n);
  const ii = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const g = guide[i] ?? 0;
    ip[i] = g * (p[i] ?? 0);
    ii[i] = g * g;
  }
  const meanI = boxMean(guide, width, height, r);
  const meanP = boxMean(p, width, height, r);
  const corrIp = boxMean(ip, width, height, r);
  const corrII = boxMean(ii, width, height, r);
  const a = new Float32Array(n);
  const b = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const mi = meanI[i] ?? 0;
    const mp = meanP[i] ?? 0;
    const va = (corrII[i] ?? 0) - mi * mi;
    const ai = ((corrIp[i] ?? 0) - mi * mp) / (va + eps);
    a[i] = ai;
    b[i] = mp - ai * mi;
  }
  const meanA = boxMean(a, width, height, r);
  const meanB = boxMean(b, width, height, r);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const mp = meanP[i] ?? 0;
    if (mp < 0.02 || mp > 0.98) out[i] = (p[i] ?? 0) > 0.5 ? 1 : 0;
    else out[i] = Math.min(1, Math.max(0, (meanA[i] ?? 0) * (guide[i] ?? 0) + (meanB[i] ?? 0)));
  }
  return { width, height, data: out };
}

/** Mean colour of the `mask` pixels around each pixel: box sums of colour×mask and of mask. */
function maskedBoxMean(
  raster: Raster,
  mask: Float32Array,
  r: number,
): { sum: Float32Array; weight: Float32Array } {
  const { width, height, channels, data } = raster;
  const n = width * height;
  const weight = boxMean(mask, width, height, r);
  const sum = new Float32Array(n * 3);
  const plane = new Float32Array(n);
  for (let c = 0; c < 3; c++) {
    for (let i = 0; i < n; i++) plane[i] = (data[i * channels + c] ?? 0) * (mask[i] ?? 0);
    const m = boxMean(plane, width, height, r);
    for (let i = 0; i < n; i++) sum[i * 3 + c] = m[i] ?? 0;
  }
  return { sum, weight };
}

/**
 * Outline colours for a matte that did not come from a plain backdrop: the backdrop behind each pixel
 * estimated from nearby clearly-background pixels, and the product colour of each partly transparent pixel
 * from the solid product within 6 pixels.
 */
export function estimateEdgeColors(raster: Raster, alpha: Matte): EdgeColors {
  const { width, height } = alpha;
  const n = width * height;
  const bg = new Float32Array(n);
  const solid = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const a = alpha.data[i] ?? 0;
    bg[i] = a < 0.02 ? 1 : 0;
    solid[i] = a >= 0.98 ? 1 : 0;
  }
  const r = Math.max(8, Math.round(Math.min(width, height) / 60));
  const { sum, weight } = maskedBoxMean(raster, bg, r);
  const edges = createEdgeColors(width, height, (u, v, out) => {
    const i =
      Math.min(height - 1, Math.floor(v * height)) * width + Math.min(width - 1, Math.floor(u * width));
    const w = weight[i] ?? 0;
    for (let c = 0; c < 3; c++) out[c] = w > 1e-4 ? (sum[i * 3 + c] ?? 0) / w : 255;
  });
  const mean = new Float64Array(3);
  for (let i = 0; i < n; i++) {
    const a = alpha.data[i] ?? 0;
    if (a >= 0.98 || a <= 0.001) continue;
    const x = i % width;
    if (maskedWindowMean(raster, solid, x, (i - x) / width, 6, mean) > 0) setProductColor(edges, i, mean);
  }
  return edges;
}
