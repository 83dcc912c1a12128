// The soft edge of a colour region: how much of the region each anti-aliased pixel around it holds.
import type { Raster } from "../raster.js";
import { modelDistance, type ColourModel, type LinearPlanes } from "./colour-model.js";
import { srgbToLinear } from "./colour-space.js";

/** The soft edge: pixels this far (pixels) from the region may hold part of it. */
const EDGE_RADIUS = 2;

/** Linear light of pixel `i`'s channel `k` (grey rasters repeat their one channel). */
function linearAt(raster: Raster, i: number, k: number): number {
  const c = raster.channels;
  return srgbToLinear(raster.data[i * c + (c >= 3 ? k : 0)] ?? 0);
}

/**
 * The soft edge. Each pixel within EDGE_RADIUS of the region (and partly product) takes the nearest region
 * pixel as its source S; of the clearly foreign pixels around it (another material or the backdrop), the one
 * O that mixed with S explains its colour best, in linear light, as an anti-aliased edge mixes them; its
 * alpha is the share of S in that mix (0 when it is itself of O's material). Without any foreign pixel near,
 * the pixel is region-like (alpha 1).
 */
export function softEdge(
  raster: Raster,
  planes: LinearPlanes,
  region: Uint8Array,
  cover: Float32Array,
  model: ColourModel,
): { alpha: Float32Array; edgeSource: Int32Array } {
  const { width, height } = planes;
  const n = width * height;
  const alpha = new Float32Array(n);
  const source = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++)
    if (region[i] === 1) {
      alpha[i] = 1;
      source[i] = i;
    }
  // Nearest region pixel, one ring at a time (8-connected), starting from the region's boundary.
  const band: number[] = [];
  let frontier: number[] = [];
  for (let i = 0; i < n; i++) {
    if (region[i] !== 1) continue;
    const x = i % width;
    if (
      (x > 0 && region[i - 1] !== 1) ||
      (x < width - 1 && region[i + 1] !== 1) ||
      (i >= width && region[i - width] !== 1) ||
      (i < n - width && region[i + width] !== 1)
    )
      frontier.push(i);
  }
  for (let ring = 0; ring < EDGE_RADIUS; ring++) {
    const next: number[] = [];
    for (const p of frontier) {
      const px = p % width;
      const py = (p - px) / width;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const x = px + dx;
          const y = py + dy;
          if (x < 0 || y < 0 || x >= width || y >= height) continue;
          const q = y * width + x;
          if (source[q] !== -1 || (cover[q] ?? 0) <= 0.01) continue;
          source[q] = source[p] ?? p;
          next.push(q);
          band.push(q);
        }
    }
    frontier = next;
  }
  // Foreign: another material or the backdrop (judged once per pixel; windows overlap).
  const known = new Int8Array(n).fill(-1);
  const foreign = (q: number): boolean => {
    const k = known[q] ?? -1;
    if (k >= 0) return k === 1;
    const f =
      region[q] !== 1 &&
      ((cover[q] ?? 0) < 0.02 || modelDistance(planes, q, model, true) > 2.5 * model.tolerance);
    known[q] = f ? 1 : 0;
    return f;
  };
  for (const q of band) {
    const s = source[q] ?? -1;
    if (s < 0 || region[q] === 1) continue;
    const qx = q % width;
    const qy = (q - qx) / width;
    const sr = linearAt(raster, s, 0);
    const sg = linearAt(raster, s, 1);
    const sb = linearAt(raster, s, 2);
    const pr = linearAt(raster, q, 0);
    const pg = linearAt(raster, q, 1);
    const pb = linearAt(raster, q, 2);
    // The foreign neighbour that, mixed with S, best explains the pixel (its own material when it is one).
    let best = Infinity;
    let share = 1;
    for (let y = Math.max(0, qy - 2); y <= Math.min(height - 1, qy + 2); y++)
      for (let x = Math.max(0, qx - 2); x <= Math.min(width - 1, qx + 2); x++) {
        const i = y * width + x;
        if (i === q || !foreign(i)) continue;
        const or = linearAt(raster, i, 0);
        const og = linearAt(raster, i, 1);
        const ob = linearAt(raster, i, 2);
        const dr = sr - or;
        const dg = sg - og;
        const db = sb - ob;
        const dot = (pr - or) * dr + (pg - og) * dg + (pb - ob) * db;
        const len = dr * dr + dg * dg + db * db;
        const a = len < 1e-6 ? 0 : Math.min(1, Math.max(0, dot / len));
        const er = pr - a * sr - (1 - a) * or;
        const eg = pg - a * sg - (1 - a) * og;
        const eb = pb - a * sb - (1 - a) * ob;
        const err = er * er + eg * eg + eb * eb;
        if (err < best) {
          best = err;
          share = a;
        }
      }
    alpha[q] = share;
  }
  for (const q of band) if ((alpha[q] ?? 0) === 0) source[q] = -1;
  return { alpha, edgeSource: source };
}
