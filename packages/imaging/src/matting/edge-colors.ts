// Colours at the product's outline (product and backdrop behind each edge pixel), found at the working
// resolution and used at any resolution: edge-aware alpha upsampling and colour decontamination.
import type { Matte, Raster } from "../raster.js";
import { upsampleBilinear } from "./filters.js";

/**
 * What the matting learnt about the outline, at the resolution it ran at (`width`×`height`). Positions are
 * given as fractions of the photo (u, v in [0, 1)), so a larger copy of the photo can use them.
 */
export interface EdgeColors {
  readonly width: number;
  readonly height: number;
  /** Colour of the solid product next to each outline pixel (3 values per pixel) where `known` is 1. */
  readonly product: Uint8ClampedArray;
  readonly known: Uint8Array;
  /** Writes the backdrop colour at (u, v) into `out` (3 values). */
  readonly backdropAt: (u: number, v: number, out: Float64Array) => void;
}

/** Creates empty estimates for a width×height matting. */
export function createEdgeColors(
  width: number,
  height: number,
  backdropAt: EdgeColors["backdropAt"],
): EdgeColors {
  const n = width * height;
  return { width, height, product: new Uint8ClampedArray(n * 3), known: new Uint8Array(n), backdropAt };
}

/** Records the product colour found for outline pixel i. */
export function setProductColor(edges: EdgeColors, i: number, color: ArrayLike<number>): void {
  edges.product[i * 3] = color[0] ?? 0;
  edges.product[i * 3 + 1] = color[1] ?? 0;
  edges.product[i * 3 + 2] = color[2] ?? 0;
  edges.known[i] = 1;
}

/**
 * The product colour near (u, v): the estimate at that pixel of the matting's resolution or, failing
 * that, the nearest one within two pixels. Returns false when none is known.
 */
export function findProductColor(edges: EdgeColors, u: number, v: number, out: Float64Array): boolean {
  const { width, height, known, product } = edges;
  const cx = Math.min(width - 1, Math.floor(u * width));
  const cy = Math.min(height - 1, Math.floor(v * height));
  for (let r = 0; r <= 2; r++) {
    let best = -1;
    let bestD = Infinity;
    for (let y = Math.max(0, cy - r); y <= Math.min(height - 1, cy + r); y++)
      for (let x = Math.max(0, cx - r); x <= Math.min(width - 1, cx + r); x++) {
        const q = y * width + x;
        if (known[q] !== 1) continue;
        const d = (x - cx) * (x - cx) + (y - cy) * (y - cy);
        if (d < bestD) {
          bestD = d;
          best = q;
        }
      }
    if (best >= 0) {
      out[0] = product[best * 3] ?? 0;
      out[1] = product[best * 3 + 1] ?? 0;
      out[2] = product[best * 3 + 2] ?? 0;
      return true;
    }
  }
  return false;
}

/**
 * The box, in a width×height image, covering every non-zero pixel of `m` (any size) with a margin of one
 * source pixel: where partly transparent pixels can be once `m` is resampled.
 */
function findBandBox(
  m: Matte,
  width: number,
  height: number,
): { left: number; top: number; width: number; height: number } {
  let x0 = m.width;
  let x1 = -1;
  let y0 = m.height;
  let y1 = -1;
  for (let y = 0; y < m.height; y++)
    for (let x = 0, i = y * m.width; x < m.width; x++, i++) {
      const v = m.data[i] ?? 0;
      if (v <= 0) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      y1 = y;
    }
  if (x1 < 0) return { left: 0, top: 0, width: 0, height: 0 };
  const sx = width / m.width;
  const sy = height / m.height;
  const left = Math.max(0, Math.floor((x0 - 1) * sx));
  const top = Math.max(0, Math.floor((y0 - 1) * sy));
  const right = Math.min(width, Math.ceil((x1 + 2) * sx));
  const bottom = Math.min(height, Math.ceil((y1 + 2) * sy));
  return { left, top, width: right - left, height: bottom - top };
}

/**
 * Brings a working-resolution alpha to the photo's size: bilinear, then in the outline band each pixel's
 * alpha is solved again from its own colour with the compositing equation I = αF + (1 − α)B, F and B
 * taken from `edges` (B darkened by the floor shadow where there is one). Edges thus follow the full-size
 * photo, not the interpolation; where F and B are too alike to tell apart (contrast under `minContrast`
 * levels), the interpolated value stays.
 */
export function upsampleAlpha(
  raster: Raster,
  small: Matte,
  edges: EdgeColors,
  options: { minContrast: number; shadow?: Matte },
): Matte {
  const { width, height, channels, data } = raster;
  const alpha = upsampleBilinear(small, width, height);
  const a = alpha.data;
  const shadow = options.shadow?.data;
  const minDen = options.minContrast * options.minContrast;
  const f = new Float64Array(3);
  const b = new Float64Array(3);
  const band = findBandBox(small, width, height);
  for (let y = band.top; y < band.top + band.height; y++) {
    const v = (y + 0.5) / height;
    for (let x = band.left; x < band.left + band.width; x++) {
      const i = y * width + x;
      const ai = a[i] ?? 0;
      if (ai === 0 || ai === 1) continue;
      if (ai <= 0.002 || ai >= 0.998) {
        a[i] = ai < 0.5 ? 0 : 1;
        continue;
      }
      const u = (x + 0.5) / width;
      if (!findProductColor(edges, u, v, f)) continue;
      edges.backdropAt(u, v, b);
      const dark = 1 - (shadow?.[i] ?? 0);
      let num = 0;
      let den = 0;
      for (let c = 0; c < 3; c++) {
        const bc = (b[c] ?? 0) * dark;
        const fc = (f[c] ?? 0) - bc;
        num += ((data[i * channels + c] ?? 0) - bc) * fc;
        den += fc * fc;
      }
      if (den >= minDen) a[i] = Math.min(1, Math.max(0, num / den));
    }
  }
  return alpha;
}

/**
 * Colour decontamination: for partly transparent pixels, solves I = αF + (1 − α)B for F with the known
 * backdrop B, blending towards the nearby solid product colour where α is too small to trust. Returns a
 * copy of the photo (same channels) with those pixels' colours replaced; without this, edges keep the
 * backdrop's colour (a white halo on a dark background). Only the partly transparent band is visited.
 */
export function decontaminate(raster: Raster, alpha: Matte, edges: EdgeColors, shadow?: Matte): Raster {
  const { width, height, channels, data } = raster;
  const out = new Uint8Array(data);
  const b = new Float64Array(3);
  const mean = new Float64Array(3);
  const s = shadow?.data;
  const ad = alpha.data;
  const band = findBandBox(alpha, width, height);
  for (let y = band.top; y < band.top + band.height; y++)
    for (let x = band.left, i = y * width + x; x < band.left + band.width; x++, i++) {
      const a = ad[i] ?? 0;
      if (a >= 0.98 || a <= 0.001) continue;
      const u = (x + 0.5) / width;
      const v = (y + 0.5) / height;
      edges.backdropAt(u, v, b);
      const dark = 1 - (s?.[i] ?? 0);
      const found = findProductColor(edges, u, v, mean);
      const trust = Math.min(1, Math.max(0, (a - 0.1) / 0.4));
      for (let c = 0; c < 3; c++) {
        const estimate = ((data[i * channels + c] ?? 0) - (1 - a) * (b[c] ?? 0) * dark) / a;
        const fc = found ? trust * estimate + (1 - trust) * (mean[c] ?? 0) : estimate;
        out[i * channels + c] = Math.min(255, Math.max(0, Math.round(fc)));
      }
    }
  return { width, height, channels, data: out };
}
