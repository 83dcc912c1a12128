// Gaussian and Laplacian pyramids of float planes (Burt & Adelson), for seamless multi-band blending.
import type { Plane } from "../align/plane.js";

/** Blurs with the 5-tap binomial kernel and keeps every other pixel: size ⌈w/2⌉ × ⌈h/2⌉. */
export function reduce(p: Plane): Plane {
  const { width: w, height: h, data } = p;
  const ow = (w + 1) >> 1;
  const oh = (h + 1) >> 1;
  const tmp = new Float32Array(ow * h);
  const at = (row: number, x: number): number => data[row + (x < 0 ? 0 : x >= w ? w - 1 : x)] ?? 0;
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < ow; x++) {
      const c = 2 * x;
      const i = row + c;
      tmp[y * ow + x] =
        c >= 2 && c + 2 < w
          ? ((data[i - 2] ?? 0) +
              (data[i + 2] ?? 0) +
              4 * ((data[i - 1] ?? 0) + (data[i + 1] ?? 0)) +
              6 * (data[i] ?? 0)) /
            16
          : (at(row, c - 2) + at(row, c + 2) + 4 * (at(row, c - 1) + at(row, c + 1)) + 6 * at(row, c)) / 16;
    }
  }
  const out = new Float32Array(ow * oh);
  for (let y = 0; y < oh; y++) {
    const c = 2 * y;
    const r = (k: number): number => (c + k < 0 ? 0 : c + k >= h ? h - 1 : c + k) * ow;
    const m2 = r(-2);
    const m1 = r(-1);
    const z = r(0);
    const p1 = r(1);
    const p2 = r(2);
    for (let x = 0; x < ow; x++)
      out[y * ow + x] =
        ((tmp[m2 + x] ?? 0) +
          (tmp[p2 + x] ?? 0) +
          4 * ((tmp[m1 + x] ?? 0) + (tmp[p1 + x] ?? 0)) +
          6 * (tmp[z + x] ?? 0)) /
        16;
  }
  return { width: ow, height: oh, data: out };
}

/**
 * Upsamples to `width`×`height`: zero insertion then the binomial kernel ×2 per axis, written out as its
 * two phases (an even output position takes 1/8, 6/8, 1/8 of three samples; an odd one half of two).
 */
export function expand(p: Plane, width: number, height: number): Plane {
  const { width: sw, height: sh, data } = p;
  const tmp = new Float32Array(width * sh);
  const cx = (i: number): number => (i < 0 ? 0 : i >= sw ? sw - 1 : i);
  for (let y = 0; y < sh; y++) {
    const row = y * sw;
    const o = y * width;
    for (let x = 0; x < width; x++) {
      const j = x >> 1;
      tmp[o + x] =
        (x & 1) === 0
          ? ((data[row + cx(j - 1)] ?? 0) + 6 * (data[row + cx(j)] ?? 0) + (data[row + cx(j + 1)] ?? 0)) / 8
          : ((data[row + cx(j)] ?? 0) + (data[row + cx(j + 1)] ?? 0)) / 2;
    }
  }
  const out = new Float32Array(width * height);
  const cy = (i: number): number => (i < 0 ? 0 : i >= sh ? sh - 1 : i) * width;
  for (let y = 0; y < height; y++) {
    const j = y >> 1;
    const o = y * width;
    if ((y & 1) === 0) {
      const a = cy(j - 1);
      const b = cy(j);
      const c = cy(j + 1);
      for (let x = 0; x < width; x++)
        out[o + x] = ((tmp[a + x] ?? 0) + 6 * (tmp[b + x] ?? 0) + (tmp[c + x] ?? 0)) / 8;
    } else {
      const a = cy(j);
      const b = cy(j + 1);
      for (let x = 0; x < width; x++) out[o + x] = ((tmp[a + x] ?? 0) + (tmp[b + x] ?? 0)) / 2;
    }
  }
  return { width, height, data: out };
}

/** Levels 0…n−1, each reduced from the previous one. */
export function gaussianPyramid(p: Plane, levels: number): Plane[] {
  const out = [p];
  for (let l = 1; l < levels; l++) out.push(reduce(out[l - 1] as Plane));
  return out;
}

/** Band-pass levels (G_l − expand(G_l+1)) and, last, the coarsest Gaussian level. */
export function laplacianPyramid(p: Plane, levels: number): Plane[] {
  const g = gaussianPyramid(p, levels);
  const out: Plane[] = [];
  for (let l = 0; l < levels - 1; l++) {
    const fine = g[l] as Plane;
    const up = expand(g[l + 1] as Plane, fine.width, fine.height);
    const d = new Float32Array(fine.data.length);
    for (let i = 0; i < d.length; i++) d[i] = (fine.data[i] ?? 0) - (up.data[i] ?? 0);
    out.push({ width: fine.width, height: fine.height, data: d });
  }
  out.push(g[levels - 1] as Plane);
  return out;
}

/** Rebuilds the image from a Laplacian pyramid. */
export function collapse(pyramid: readonly Plane[]): Plane {
  let acc = pyramid[pyramid.length - 1] as Plane;
  for (let l = pyramid.length - 2; l >= 0; l--) {
    const band = pyramid[l] as Plane;
    const up = expand(acc, band.width, band.height);
    const d = new Float32Array(band.data.length);
    for (let i = 0; i < d.length; i++) d[i] = (band.data[i] ?? 0) + (up.data[i] ?? 0);
    acc = { width: band.width, height: band.height, data: d };
  }
  return acc;
}

/** How many levels until the smaller side reaches about 16 pixels (at least 1). */
export function levelsFor(width: number, height: number): number {
  let levels = 1;
  let s = Math.min(width, height);
  while (s > 32) {
    s = (s + 1) >> 1;
    levels++;
  }
  return levels;
}
