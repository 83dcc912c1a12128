// Small numeric filters on float planes: box mean (O(1) per pixel), bilinear upsampling, erosion.
import type { Matte } from "../raster.js";

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

/** Bilinear resampling of a matte to `width`×`height` (pixel centres aligned, edges clamped). */
export function upsampleBilinear(m: Matte, width: number, height: number): Matte {
  const out = new Float32Array(width * height);
  const sx = m.width / width;
  const sy = m.height / height;
  const xs0 = new Int32Array(width);
  const xs1 = new Int32Array(width);
  const fx = new Float32Array(width);
  for (let x = 0; x < width; x++) {
    const u = Math.min(m.width - 1, Math.max(0, (x + 0.5) * sx - 0.5));
    xs0[x] = Math.floor(u);
    xs1[x] = Math.min(m.width - 1, Math.floor(u) + 1);
    fx[x] = u - Math.floor(u);
  }
  for (let y = 0; y < height; y++) {
    const v = Math.min(m.height - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const y0 = Math.floor(v);
    const y1 = Math.min(m.height - 1, y0 + 1);
    const fy = v - y0;
    const r0 = y0 * m.width;
    const r1 = y1 * m.width;
    for (let x = 0; x < width; x++) {
      const a = xs0[x] ?? 0;
      const b = xs1[x] ?? 0;
      const f = fx[x] ?? 0;
      const top = (m.data[r0 + a] ?? 0) * (1 - f) + (m.data[r0 + b] ?? 0) * f;
      const bottom = (m.data[r1 + a] ?? 0) * (1 - f) + (m.data[r1 + b] ?? 0) * f;
      out[y * width + x] = top * (1 - fy) + bottom * fy;
    }
  }
  return { width, height, data: out };
}

/** Binary erosion of a 0/1 plane by a square of radius r (a pixel stays 1 when its whole window is 1). */
export function erode(mask: Float32Array, width: number, height: number, r: number): Float32Array {
  const mean = boxMean(mask, width, height, r);
  const out = new Float32Array(width * height);
  for (let i = 0; i < out.length; i++) out[i] = (mean[i] ?? 0) > 0.9999 ? 1 : 0;
  return out;
}

/** Binary dilation of a 0/1 plane by a square of radius r. */
export function dilate(mask: Float32Array, width: number, height: number, r: number): Float32Array {
  const mean = boxMean(mask, width, height, r);
  const out = new Float32Array(width * height);
  for (let i = 0; i < out.length; i++) out[i] = (mean[i] ?? 0) > 1e-6 ? 1 : 0;
  return out;
}

/**
 * Clears 8-connected groups of 1-pixels smaller than `minArea` in place (compression speckles, sensor
 * dust); long thin structures survive because they are connected.
 */
export function removeSmallComponents(
  mask: Uint8Array,
  width: number,
  height: number,
  minArea: number,
): void {
  const seen = new Uint8Array(width * height);
  const stack = new Int32Array(width * height);
  const members: number[] = [];
  for (let start = 0; start < mask.length; start++) {
    if (mask[start] !== 1 || seen[start] === 1) continue;
    let top = 0;
    stack[top++] = start;
    seen[start] = 1;
    members.length = 0;
    while (top > 0) {
      const p = stack[--top] ?? 0;
      if (members.length < minArea) members.push(p);
      const px = p % width;
      const py = (p - px) / width;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const x = px + dx;
          const y = py + dy;
          if (x < 0 || y < 0 || x >= width || y >= height) continue;
          const q = y * width + x;
          if (mask[q] === 1 && seen[q] === 0) {
            seen[q] = 1;
            stack[top++] = q;
          }
        }
    }
    if (members.length < minArea) for (const p of members) mask[p] = 0;
  }
}

/** Binary erosion of a 0/1 byte plane by a square of radius r, with separable sliding counts. */
export function erodeBinary(mask: Uint8Array, width: number, height: number, r: number): Uint8Array {
  const tmp = new Uint8Array(width * height);
  const full = 2 * r + 1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let run = 0;
    for (let x = 0; x < width; x++) {
      run = mask[row + x] === 1 ? run + 1 : 0;
      // tmp marks the right end of a run of `full` ones; shifted back by r below.
      if (run >= full) tmp[row + x - r] = 1;
    }
  }
  const out = new Uint8Array(width * height);
  const runs = new Int32Array(width);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const v = tmp[row + x] === 1 ? (runs[x] ?? 0) + 1 : 0;
      runs[x] = v;
      if (v >= full) out[row - r * width + x] = 1;
    }
  }
  return out;
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
