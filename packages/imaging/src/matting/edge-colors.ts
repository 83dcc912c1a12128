// Colours at the product's outline (product and backdrop behind each edge pixel), found at the working
// resolution and used at any resolution: edge-aware alpha upsampling and colour decontamination.
import type { Matte, Raster } from "../raster.js";

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
 * Brings a working-resolution matte to the photo's size in one pass over the product's box: alpha
 * interpolated bilinearly, then at each edge pixel solved again from the pixel's own colour with the
 * compositing equation I = αF + (1 − α)B, F and B taken from `edges` (B darkened by the working-resolution
 * floor `shadow` where there is one), and the pixel's colour decontaminated (see decontaminate). Edges thus
 * follow the full-size photo, not the interpolation; where F and B are too alike to tell apart (contrast
 * under `minContrast` levels), the interpolated alpha stays.
 */
export function upsampleCutout(
  raster: Raster,
  small: Matte,
  edges: EdgeColors,
  options: { minContrast: number; shadow?: Matte },
): { alpha: Matte; foreground: Raster } {
  const { width, height, channels, data } = raster;
  const alpha = new Float32Array(width * height);
  const out = new Uint8Array(data);
  const src = small.data;
  const sw = small.width;
  const sh = small.height;
  const shadow = options.shadow?.data;
  const minDen = options.minContrast * options.minContrast;
  const box = findBandBox(small, width, height);
  const sx = sw / width;
  const sy = sh / height;
  const xa = new Int32Array(box.width);
  const xb = new Int32Array(box.width);
  const fx = new Float32Array(box.width);
  for (let k = 0; k < box.width; k++) {
    const u = Math.min(sw - 1, Math.max(0, (box.left + k + 0.5) * sx - 0.5));
    xa[k] = Math.floor(u);
    xb[k] = Math.min(sw - 1, Math.floor(u) + 1);
    fx[k] = u - Math.floor(u);
  }
  const f = new Float64Array(3);
  const b = new Float64Array(3);
  for (let y = box.top; y < box.top + box.height; y++) {
    const t = Math.min(sh - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const r0 = Math.floor(t) * sw;
    const r1 = Math.min(sh - 1, Math.floor(t) + 1) * sw;
    const fy = t - Math.floor(t);
    const v = (y + 0.5) / height;
    const shadowRow = Math.min(sh - 1, Math.floor(v * sh)) * sw;
    for (let k = 0, i = y * width + box.left; k < box.width; k++, i++) {
      const p00 = src[r0 + (xa[k] ?? 0)] ?? 0;
      const p01 = src[r0 + (xb[k] ?? 0)] ?? 0;
      const p10 = src[r1 + (xa[k] ?? 0)] ?? 0;
      const p11 = src[r1 + (xb[k] ?? 0)] ?? 0;
      let a: number;
      if (p00 === p01 && p10 === p11 && p00 === p10) a = p00;
      else {
        const top = p00 + (p01 - p00) * (fx[k] ?? 0);
        a = top + (p10 + (p11 - p10) * (fx[k] ?? 0) - top) * fy;
      }
      if (a <= 0.002) continue;
      if (a >= 0.998) {
        alpha[i] = 1;
        continue;
      }
      const u = (box.left + k + 0.5) / width;
      edges.backdropAt(u, v, b);
      const dark = 1 - (shadow?.[shadowRow + Math.min(sw - 1, Math.floor(u * sw))] ?? 0);
      for (let c = 0; c < 3; c++) b[c] = (b[c] ?? 0) * dark;
      const found = findProductColor(edges, u, v, f);
      if (found) {
        let num = 0;
        let den = 0;
        for (let c = 0; c < 3; c++) {
          const fc = (f[c] ?? 0) - (b[c] ?? 0);
          num += ((data[i * channels + c] ?? 0) - (b[c] ?? 0)) * fc;
          den += fc * fc;
        }
        if (den >= minDen) a = Math.min(1, Math.max(0, num / den));
      }
      alpha[i] = a;
      if (a > 0.001 && a < 0.98) decontaminatePixel(data, out, i * channels, a, b, found ? f : undefined);
    }
  }
  return { alpha: { width, height, data: alpha }, foreground: { width, height, channels, data: out } };
}

/**
 * Solves I = αF + (1 − α)B for F at the pixel starting at byte `p`, blending towards the solid product
 * colour `product` where α is too small to trust, and writes it into `out`.
 */
function decontaminatePixel(
  data: Uint8Array,
  out: Uint8Array,
  p: number,
  a: number,
  backdrop: Float64Array,
  product: Float64Array | undefined,
): void {
  const trust = Math.min(1, Math.max(0, (a - 0.1) / 0.4));
  for (let c = 0; c < 3; c++) {
    const estimate = ((data[p + c] ?? 0) - (1 - a) * (backdrop[c] ?? 0)) / a;
    const fc = product ? trust * estimate + (1 - trust) * (product[c] ?? 0) : estimate;
    out[p + c] = Math.min(255, Math.max(0, Math.round(fc)));
  }
}

/**
 * Colour decontamination: for partly transparent pixels, solves I = αF + (1 − α)B for F with the known
 * backdrop B (darkened by `shadow`), blending towards the nearby solid product colour where α is too small
 * to trust. Returns a copy of the photo (same channels) with those pixels' colours replaced; without this,
 * edges keep the backdrop's colour (a white halo on a dark background). Only the partly transparent band
 * is visited.
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
      for (let c = 0; c < 3; c++) b[c] = (b[c] ?? 0) * dark;
      const found = findProductColor(edges, u, v, mean);
      decontaminatePixel(data, out, i * channels, a, b, found ? mean : undefined);
    }
  return { width, height, channels, data: out };
}
