// Small numeric filters: box mean (O(1) per pixel), area downsampling, bilinear upsampling, masked window means.
import { findBoundingBox, type Matte, type Raster } from "../raster.js";

/**
 * Mean over a (2r+1)² window, clipped at the borders (each output divides by the pixels it covers).
 * Separable running sums: cost independent of r.
 */
export function boxMean(src: Float32Array, width: number, height: number, r: number): Float32Array {
  const tmp = new Float32Array(width * height);
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let sum = 0;
    for (let x = 0; x <= Math.min(r, width - 1); x++) sum += src[row + x] ?? 0;
    for (let x = 0; x < width; x++) {
      const lo = Math.max(0, x - r);
      const hi = Math.min(width - 1, x + r);
      tmp[row + x] = sum / (hi - lo + 1);
      const add = x + r + 1;
      const sub = x - r;
      if (add < width) sum += src[row + add] ?? 0;
      if (sub >= 0) sum -= src[row + sub] ?? 0;
    }
  }
  // Vertical pass row by row with running column sums (cache-friendly).
  const col = new Float64Array(width);
  for (let y = 0; y <= Math.min(r, height - 1); y++)
    for (let x = 0; x < width; x++) col[x] = (col[x] ?? 0) + (tmp[y * width + x] ?? 0);
  for (let y = 0; y < height; y++) {
    const inv = 1 / (Math.min(height - 1, y + r) - Math.max(0, y - r) + 1);
    const row = y * width;
    for (let x = 0; x < width; x++) out[row + x] = (col[x] ?? 0) * inv;
    const add = y + r + 1;
    const sub = y - r;
    if (add < height)
      for (let x = 0, o = add * width; x < width; x++, o++) col[x] = (col[x] ?? 0) + (tmp[o] ?? 0);
    if (sub >= 0)
      for (let x = 0, o = sub * width; x < width; x++, o++) col[x] = (col[x] ?? 0) - (tmp[o] ?? 0);
  }
  return out;
}

/** For each output cell of a 1-D area resampling: first source index, how many, and their weights. */
function areaWeights(
  from: number,
  to: number,
): { first: Int32Array; count: Int32Array; weight: Float32Array } {
  const scale = from / to;
  const span = Math.ceil(scale) + 1;
  const first = new Int32Array(to);
  const count = new Int32Array(to);
  const weight = new Float32Array(to * span);
  for (let o = 0; o < to; o++) {
    const lo = o * scale;
    const hi = Math.min(from, lo + scale);
    const j0 = Math.floor(lo);
    first[o] = j0;
    let k = 0;
    for (let j = j0; j < hi && k < span; j++, k++)
      weight[o * span + k] = (Math.min(hi, j + 1) - Math.max(lo, j)) / scale;
    count[o] = k;
  }
  return { first, count, weight };
}

/** Area averaging by a whole factor k: the mean of each k×k block, summed in integers. */
function downsampleBlocks(src: Raster, k: number): Raster {
  if (k === 2) return downsampleHalf(src);
  const { channels, data } = src;
  const sw = src.width;
  const width = sw / k;
  const height = src.height / k;
  const out = new Uint8Array(width * height * 3);
  const acc = new Uint32Array(width * 3);
  const half = (k * k) >> 1;
  const inv = 1 / (k * k);
  for (let y = 0; y < height; y++) {
    acc.fill(0);
    for (let dy = 0; dy < k; dy++) {
      let p = (y * k + dy) * sw * channels;
      for (let x = 0, q = 0; x < width; x++, q += 3)
        for (let dx = 0; dx < k; dx++, p += channels) {
          acc[q] = (acc[q] ?? 0) + (data[p] ?? 0);
          acc[q + 1] = (acc[q + 1] ?? 0) + (data[p + 1] ?? 0);
          acc[q + 2] = (acc[q + 2] ?? 0) + (data[p + 2] ?? 0);
        }
    }
    const o = y * width * 3;
    for (let q = 0; q < width * 3; q++) out[o + q] = ((acc[q] ?? 0) + half) * inv;
  }
  return { width, height, channels: 3, data: out };
}

/**
 * downsampleBlocks for k = 2 (a 2000 px photo matted at 1 MP), unrolled: the same rounding, about four
 * times faster than the general loop on a 2000×2000 RGBA photo.
 */
function downsampleHalf(src: Raster): Raster {
  const { channels: c, data } = src;
  const width = src.width >> 1;
  const height = src.height >> 1;
  const out = new Uint8Array(width * height * 3);
  const stride = src.width * c;
  for (let y = 0, o = 0; y < height; y++) {
    let p = 2 * y * stride;
    for (let x = 0; x < width; x++, p += 2 * c, o += 3) {
      const q = p + stride;
      out[o] = ((data[p] ?? 0) + (data[p + c] ?? 0) + (data[q] ?? 0) + (data[q + c] ?? 0) + 2) >> 2;
      const g = (data[p + 1] ?? 0) + (data[p + c + 1] ?? 0) + (data[q + 1] ?? 0) + (data[q + c + 1] ?? 0);
      out[o + 1] = (g + 2) >> 2;
      const b = (data[p + 2] ?? 0) + (data[p + c + 2] ?? 0) + (data[q + 2] ?? 0) + (data[q + c + 2] ?? 0);
      out[o + 2] = (b + 2) >> 2;
    }
  }
  return { width, height, channels: 3, data: out };
}

/**
 * Area-average downsampling of the first three channels into an RGB raster (each output pixel is the mean
 * of the source area it covers). Unlike Lanczos it cannot overshoot at an edge, so a partly covered output
 * pixel stays a mix of product and backdrop: what the matting's compositing equation assumes.
 */
export function downsampleArea(src: Raster, width: number, height: number): Raster {
  const kx = src.width / width;
  if (Number.isInteger(kx) && kx === src.height / height) return downsampleBlocks(src, kx);
  const { channels, data } = src;
  const sw = src.width;
  const xs = areaWeights(sw, width);
  const ys = areaWeights(src.height, height);
  const xSpan = xs.weight.length / width;
  const ySpan = ys.weight.length / height;
  // Vertical first into one source-width row (stays in cache), then horizontal into the output row.
  const acc = new Float64Array(sw * 3);
  const out = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    acc.fill(0);
    const j0 = ys.first[y] ?? 0;
    const rowsUsed = ys.count[y] ?? 0;
    for (let k = 0; k < rowsUsed; k++) {
      const w = ys.weight[y * ySpan + k] ?? 0;
      let p = (j0 + k) * sw * channels;
      for (let q = 0; q < sw * 3; q += 3, p += channels) {
        acc[q] = (acc[q] ?? 0) + (data[p] ?? 0) * w;
        acc[q + 1] = (acc[q + 1] ?? 0) + (data[p + 1] ?? 0) * w;
        acc[q + 2] = (acc[q + 2] ?? 0) + (data[p + 2] ?? 0) * w;
      }
    }
    let o = y * width * 3;
    for (let x = 0; x < width; x++, o += 3) {
      let r = 0;
      let g = 0;
      let b = 0;
      const i0 = xs.first[x] ?? 0;
      const n = xs.count[x] ?? 0;
      for (let k = 0; k < n; k++) {
        const w = xs.weight[x * xSpan + k] ?? 0;
        const q = (i0 + k) * 3;
        r += (acc[q] ?? 0) * w;
        g += (acc[q + 1] ?? 0) * w;
        b += (acc[q + 2] ?? 0) * w;
      }
      out[o] = r + 0.5;
      out[o + 1] = g + 0.5;
      out[o + 2] = b + 0.5;
    }
  }
  return { width, height, channels: 3, data: out };
}

/**
 * Bilinear resampling of a matte to `width`×`height` (pixel centres aligned, edges clamped). Only the
 * output rectangle that can be non-zero is computed, and runs of equal samples are copied without
 * interpolating: a cut-out's alpha is mostly exact 0 or 1.
 */
export function upsampleBilinear(m: Matte, width: number, height: number): Matte {
  const out = new Float32Array(width * height);
  const src = m.data;
  const box = findBoundingBox(m, 0);
  if (!box) return { width, height, data: out };
  const sx = m.width / width;
  const sy = m.height / height;
  // Output pixels whose samples all lie outside the source box stay 0.
  const x0 = Math.max(0, Math.floor((box.left - 1) / sx));
  const x1 = Math.min(width, Math.ceil((box.left + box.width + 1) / sx));
  const y0 = Math.max(0, Math.floor((box.top - 1) / sy));
  const y1 = Math.min(height, Math.ceil((box.top + box.height + 1) / sy));
  const xa = new Int32Array(width);
  const xb = new Int32Array(width);
  const fx = new Float32Array(width);
  for (let x = x0; x < x1; x++) {
    const u = Math.min(m.width - 1, Math.max(0, (x + 0.5) * sx - 0.5));
    xa[x] = Math.floor(u);
    xb[x] = Math.min(m.width - 1, Math.floor(u) + 1);
    fx[x] = u - Math.floor(u);
  }
  for (let y = y0; y < y1; y++) {
    const v = Math.min(m.height - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const ya = Math.floor(v);
    const fy = v - ya;
    const r0 = ya * m.width;
    const r1 = Math.min(m.height - 1, ya + 1) * m.width;
    const row = y * width;
    for (let x = x0; x < x1; x++) {
      const a = xa[x] ?? 0;
      const b = xb[x] ?? 0;
      const p00 = src[r0 + a] ?? 0;
      const p01 = src[r0 + b] ?? 0;
      const p10 = src[r1 + a] ?? 0;
      const p11 = src[r1 + b] ?? 0;
      if (p00 === p01 && p10 === p11 && p00 === p10) {
        out[row + x] = p00;
        continue;
      }
      const f = fx[x] ?? 0;
      const top = p00 + (p01 - p00) * f;
      out[row + x] = top + (p10 + (p11 - p10) * f - top) * fy;
    }
  }
  return { width, height, data: out };
}

/**
 * Mean colour of the pixels flagged in `mask` within the (2r+1)² window around (x, y), written into
 * `out`; returns how many pixels it averaged (0 leaves `out` untouched). For sparse per-pixel use.
 */
export function maskedWindowMean(
  raster: { width: number; height: number; channels: number; data: Uint8Array },
  mask: Uint8Array,
  x: number,
  y: number,
  r: number,
  out: Float64Array,
): number {
  const { width, height, channels, data } = raster;
  let count = 0;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  const x0 = Math.max(0, x - r);
  const x1 = Math.min(width - 1, x + r);
  for (let yy = Math.max(0, y - r); yy <= Math.min(height - 1, y + r); yy++) {
    for (let xx = x0; xx <= x1; xx++) {
      const q = yy * width + xx;
      if (mask[q] !== 1) continue;
      count++;
      s0 += data[q * channels] ?? 0;
      s1 += data[q * channels + 1] ?? 0;
      s2 += data[q * channels + 2] ?? 0;
    }
  }
  if (count > 0) {
    out[0] = s0 / count;
    out[1] = s1 / count;
    out[2] = s2 / count;
  }
  return count;
}
