// Gaussian and Laplacian pyramids of float planes (Burt & Adelson), for seamless multi-band blending.
import type { Plane } from "../align/plane.js";

const K = [1 / 16, 4 / 16, 6 / 16, 4 / 16, 1 / 16] as const;

/** Blurs with the 5-tap binomial kernel and keeps every other pixel: size ⌈w/2⌉ × ⌈h/2⌉. */
export function reduce(p: Plane): Plane {
  const { width: w, height: h, data } = p;
  const ow = (w + 1) >> 1;
  const oh = (h + 1) >> 1;
  const tmp = new Float32Array(ow * h);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < ow; x++) {
      const c = 2 * x;
      let s = 0;
      for (let k = -2; k <= 2; k++)
        s += (K[k + 2] ?? 0) * (data[row + Math.min(w - 1, Math.max(0, c + k))] ?? 0);
      tmp[y * ow + x] = s;
    }
  }
  const out = new Float32Array(ow * oh);
  for (let y = 0; y < oh; y++) {
    const c = 2 * y;
    for (let x = 0; x < ow; x++) {
      let s = 0;
      for (let k = -2; k <= 2; k++)
        s += (K[k + 2] ?? 0) * (tmp[Math.min(h - 1, Math.max(0, c + k)) * ow + x] ?? 0);
      out[y * ow + x] = s;
    }
  }
  return { width: ow, height: oh, data: out };
}

/** Upsamples to `width`×`height` (zero insertion then the binomial kernel ×2 per axis). */
export function expand(p: Plane, width: number, height: number): Plane {
  const { width: sw, height: sh, data } = p;
  const tmp = new Float32Array(width * sh);
  for (let y = 0; y < sh; y++)
    for (let x = 0; x < width; x++) {
      // Source samples sit at even output positions; taps at odd offsets vanish.
      let s = 0;
      for (let k = -2; k <= 2; k++) {
        const q = x + k;
        if ((q & 1) !== 0) continue;
        s += (K[k + 2] ?? 0) * (data[y * sw + Math.min(sw - 1, Math.max(0, q >> 1))] ?? 0);
      }
      tmp[y * width + x] = 2 * s;
    }
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (let k = -2; k <= 2; k++) {
        const q = y + k;
        if ((q & 1) !== 0) continue;
        s += (K[k + 2] ?? 0) * (tmp[Math.min(sh - 1, Math.max(0, q >> 1)) * width + x] ?? 0);
      }
      out[y * width + x] = 2 * s;
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
