// Float grey planes for registration: luminance, 2× pyramids, bilinear sampling and gradients.
import type { Raster } from "../raster.js";

/** A single-channel float image (any range), row-major. */
export interface Plane {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

/** Luminance (Rec. 601 weights, 0–255) of an RGB(A) or grey raster. */
export function toGreyPlane(raster: Raster): Plane {
  const { width, height, channels, data } = raster;
  const n = width * height;
  const out = new Float32Array(n);
  if (channels < 3) {
    for (let i = 0; i < n; i++) out[i] = data[i * channels] ?? 0;
  } else {
    for (let i = 0, p = 0; i < n; i++, p += channels)
      out[i] = 0.299 * (data[p] ?? 0) + 0.587 * (data[p + 1] ?? 0) + 0.114 * (data[p + 2] ?? 0);
  }
  return { width, height, data: out };
}

/**
 * Halves a plane by averaging 2×2 blocks (an odd last row or column is dropped), so level-l pixel x sits
 * at full-resolution position `2^l · x + (2^l − 1) / 2`.
 */
export function halve(p: Plane): Plane {
  const w = p.width >> 1;
  const h = p.height >> 1;
  const out = new Float32Array(w * h);
  const src = p.data;
  const sw = p.width;
  for (let y = 0; y < h; y++) {
    const r0 = 2 * y * sw;
    const r1 = r0 + sw;
    for (let x = 0, o = y * w; x < w; x++, o++) {
      const c = 2 * x;
      out[o] =
        ((src[r0 + c] ?? 0) + (src[r0 + c + 1] ?? 0) + (src[r1 + c] ?? 0) + (src[r1 + c + 1] ?? 0)) * 0.25;
    }
  }
  return { width: w, height: h, data: out };
}

/** Levels 0 (the plane itself), 1, 2 … while the smaller side stays at least `minSide`. */
export function buildPyramid(p: Plane, minSide: number): Plane[] {
  const levels = [p];
  let top = p;
  while (Math.min(top.width, top.height) >> 1 >= minSide) {
    top = halve(top);
    levels.push(top);
  }
  return levels;
}

/** Bilinear sample at (x, y) in pixel-centre coordinates; NaN outside the pixel centres' hull. */
export function sampleBilinear(p: Plane, x: number, y: number): number {
  const { width, height, data } = p;
  if (!(x >= 0 && y >= 0 && x <= width - 1 && y <= height - 1)) return Number.NaN;
  const x0 = Math.min(width - 2, Math.floor(x));
  const y0 = Math.min(height - 2, Math.floor(y));
  const fx = x - x0;
  const fy = y - y0;
  const i = y0 * width + x0;
  const a = data[i] ?? 0;
  const b = data[i + 1] ?? 0;
  const c = data[i + width] ?? 0;
  const d = data[i + width + 1] ?? 0;
  return a + (b - a) * fx + (c - a + (a - b - c + d) * fx) * fy;
}

/** Central-difference gradients (one-sided at the border). */
export function gradients(p: Plane): { gx: Plane; gy: Plane } {
  const { width: w, height: h, data } = p;
  const gx = new Float32Array(w * h);
  const gy = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const ym = Math.max(0, y - 1);
    const yp = Math.min(h - 1, y + 1);
    const ky = yp - ym > 1 ? 0.5 : 1;
    for (let x = 0; x < w; x++) {
      const xm = Math.max(0, x - 1);
      const xp = Math.min(w - 1, x + 1);
      const i = y * w + x;
      gx[i] = ((data[y * w + xp] ?? 0) - (data[y * w + xm] ?? 0)) * (xp - xm > 1 ? 0.5 : 1);
      gy[i] = ((data[yp * w + x] ?? 0) - (data[ym * w + x] ?? 0)) * ky;
    }
  }
  return { gx: { width: w, height: h, data: gx }, gy: { width: w, height: h, data: gy } };
}

/** Separable Gaussian blur (kernel cut at 3σ, edges clamped). σ ≤ 0 returns a copy. */
export function gaussianBlur(p: Plane, sigma: number): Plane {
  const { width: w, height: h } = p;
  if (!(sigma > 0)) return { width: w, height: h, data: new Float32Array(p.data) };
  const r = Math.max(1, Math.ceil(sigma * 3));
  const k = new Float32Array(2 * r + 1);
  let sum = 0;
  for (let i = -r; i <= r; i++) sum += k[i + r] = Math.exp((-i * i) / (2 * sigma * sigma));
  for (let i = 0; i < k.length; i++) k[i] = (k[i] ?? 0) / sum;
  const tmp = new Float32Array(w * h);
  const out = new Float32Array(w * h);
  blurRows(p.data, tmp, w, h, k, r);
  // Columns: the same pass over rows of the transposed problem, done as a weighted sum of whole rows.
  for (let y = 0; y < h; y++) {
    const o = y * w;
    for (let j = -r; j <= r; j++) {
      const kj = k[j + r] ?? 0;
      const src = (y + j < 0 ? 0 : y + j >= h ? h - 1 : y + j) * w;
      for (let x = 0; x < w; x++) out[o + x] = (out[o + x] ?? 0) + kj * (tmp[src + x] ?? 0);
    }
  }
  return { width: w, height: h, data: out };
}

/** Horizontal pass of a symmetric kernel of radius r; clamps only near the row ends. */
function blurRows(
  src: Float32Array,
  dst: Float32Array,
  w: number,
  h: number,
  k: Float32Array,
  r: number,
): void {
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      let s = 0;
      if (x >= r && x < w - r) for (let j = -r; j <= r; j++) s += (k[j + r] ?? 0) * (src[row + x + j] ?? 0);
      else
        for (let j = -r; j <= r; j++)
          s += (k[j + r] ?? 0) * (src[row + Math.min(w - 1, Math.max(0, x + j))] ?? 0);
      dst[row + x] = s;
    }
  }
}
