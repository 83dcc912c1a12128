// Product parts barely distinct from the backdrop (a near-white label on a light backdrop), found by
// averaging: a region whose mean colour departs from the backdrop surface, mostly bordered by product.
import type { Raster } from "../raster.js";
import { evaluateBackdropRow, type BackdropModel } from "./backdrop.js";
import { boxMean, dilateBinary } from "./filters.js";

/** Window radius of the averaging (a 7×7 window cuts the noise about sevenfold). */
const RADIUS = 3;
/** Pixels this close to the product are left out: its anti-aliased edge and compression ringing. */
const EDGE_GAP = 2;

/**
 * Marks (in `candidate`, in place) the regions near the product whose colour, averaged over a 7×7 window,
 * departs from the backdrop surface by more than `threshold` levels in chroma or brightness (not in
 * darkness: that is the floor shadow's business), and whose outline touches the product at least twice
 * as much as the backdrop. Pixels flagged in `exclude` (shadow-like) are not considered. Returns how many
 * pixels were added.
 */
export function addFaintProduct(
  raster: Raster,
  model: BackdropModel,
  candidate: Uint8Array,
  exclude: Uint8Array,
  threshold: number,
  minArea: number,
): number {
  const { width, height, channels, data } = raster;
  const near = dilateBinary(candidate, width, height, EDGE_GAP);
  // The work is confined to the product's box grown by a margin.
  let x0 = width;
  let x1 = -1;
  let y0 = height;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    const row = candidate.subarray(y * width, (y + 1) * width);
    const l = row.indexOf(1);
    if (l < 0) continue;
    x0 = Math.min(x0, l);
    x1 = Math.max(x1, row.lastIndexOf(1));
    y0 = Math.min(y0, y);
    y1 = y;
  }
  if (x1 < 0) return 0;
  const margin = 4 * RADIUS;
  x0 = Math.max(0, x0 - margin);
  y0 = Math.max(0, y0 - margin);
  x1 = Math.min(width - 1, x1 + margin);
  y1 = Math.min(height - 1, y1 + margin);
  const w = x1 - x0 + 1;
  const h = y1 - y0 + 1;
  const valid = new Float32Array(w * h);
  const planes = [0, 1, 2, 3].map(() => new Float32Array(w * h));
  const [pr, pg, pb, pl] = planes as [Float32Array, Float32Array, Float32Array, Float32Array];
  const row = new Float64Array(width * 3);
  for (let y = y0; y <= y1; y++) {
    evaluateBackdropRow(model, y, width, height, row);
    for (let x = x0; x <= x1; x++) {
      const i = y * width + x;
      if (near[i] === 1 || exclude[i] === 1) continue;
      const r = data[i * channels] ?? 0;
      const g = data[i * channels + 1] ?? 0;
      const b = data[i * channels + 2] ?? 0;
      const br = row[x * 3] ?? 0;
      const bg = row[x * 3 + 1] ?? 0;
      const bb = row[x * 3 + 2] ?? 0;
      const norm = Math.sqrt(br * br + bg * bg + bb * bb);
      const s = (r * br + g * bg + b * bb) / Math.max(1, norm * norm);
      const o = (y - y0) * w + (x - x0);
      valid[o] = 1;
      // Chroma: the part of the colour not explained by scaling the backdrop; luminance: the scaling.
      pr[o] = r - s * br;
      pg[o] = g - s * bg;
      pb[o] = b - s * bb;
      pl[o] = (s - 1) * norm;
    }
  }
  const weight = boxMean(valid, w, h, RADIUS);
  const means = planes.map((p) => {
    for (let o = 0; o < p.length; o++) p[o] = (p[o] ?? 0) * (valid[o] ?? 0);
    return boxMean(p, w, h, RADIUS);
  });
  const [mr, mg, mb, ml] = means as [Float32Array, Float32Array, Float32Array, Float32Array];
  const faint = new Uint8Array(w * h);
  for (let o = 0; o < w * h; o++) {
    const k = weight[o] ?? 0;
    if (valid[o] !== 1 || k < 0.5) continue;
    const cr = (mr[o] ?? 0) / k;
    const cg = (mg[o] ?? 0) / k;
    const cb = (mb[o] ?? 0) / k;
    const lum = Math.max(0, (ml[o] ?? 0) / k);
    if (cr * cr + cg * cg + cb * cb + lum * lum > threshold * threshold) faint[o] = 1;
  }
  return acceptRegions(
    faint,
    w,
    h,
    (o) => {
      const x = (o % w) + x0;
      return ((o - (o % w)) / w + y0) * width + x;
    },
    near,
    candidate,
    minArea,
  );
}

/**
 * Keeps the faint regions of at least `minArea` pixels whose outline meets the product (`near`) at least
 * twice as often as the backdrop, writing them into `candidate`. Returns the pixels added.
 */
function acceptRegions(
  faint: Uint8Array,
  w: number,
  h: number,
  toImage: (o: number) => number,
  near: Uint8Array,
  candidate: Uint8Array,
  minArea: number,
): number {
  const seen = new Uint8Array(w * h);
  const stack = new Int32Array(w * h);
  let added = 0;
  for (let start = 0; start < faint.length; start++) {
    if (faint[start] !== 1 || seen[start] === 1) continue;
    const members: number[] = [];
    let top = 0;
    let productContact = 0;
    let backdropContact = 0;
    stack[top++] = start;
    seen[start] = 1;
    while (top > 0) {
      const p = stack[--top] ?? 0;
      members.push(p);
      const px = p % w;
      const py = (p - px) / w;
      for (const [dx, dy] of STEPS) {
        const x = px + dx;
        const y = py + dy;
        if (x < 0 || y < 0 || x >= w || y >= h) {
          backdropContact++;
          continue;
        }
        const q = y * w + x;
        if (faint[q] === 1) {
          if (seen[q] === 0) {
            seen[q] = 1;
            stack[top++] = q;
          }
        } else if (near[toImage(q)] === 1) productContact++;
        else backdropContact++;
      }
    }
    if (members.length < minArea || productContact < 2 * backdropContact) continue;
    for (const p of members) candidate[toImage(p)] = 1;
    added += members.length;
  }
  return added;
}

/** 4-neighbourhood: a region's outline is measured along its sides. */
const STEPS = [
  [1, 0],
  [-1, 0],
  [0, 1],
  [0, -1],
] as const;
