// Product parts barely distinct from the backdrop (a near-white label on a light backdrop), found by
// averaging: a region whose mean colour departs from the backdrop surface, mostly bordered by product.
import type { Raster } from "../raster.js";
import { evaluateBackdropRow, type BackdropModel } from "./backdrop.js";
import { boxMean } from "./filters.js";

/** Averaging is done on 2×2 cells, over 5×5 cells (10×10 pixels: the noise drops about tenfold). */
const CELL = 2;
const RADIUS = 2;

/**
 * Marks (in `candidate`, in place) the regions near the product whose colour, averaged over 10×10 pixels,
 * departs from the backdrop surface by more than `threshold` levels in chroma or brightness (not in
 * darkness: that is the floor shadow's business), and whose outline touches the product at least twice
 * as much as the backdrop. Pixels flagged in `near` (next to the product: its anti-aliased edge and
 * compression ringing) or `exclude` (shadow-like) are not averaged. Returns how many pixels were added.
 */
export function addFaintProduct(
  raster: Raster,
  model: BackdropModel,
  candidate: Uint8Array,
  near: Uint8Array,
  exclude: Uint8Array,
  threshold: number,
  minArea: number,
): number {
  const { width, height, channels, data } = raster;
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
  const margin = 4 * CELL * RADIUS;
  x0 = Math.max(0, x0 - margin);
  y0 = Math.max(0, y0 - margin);
  x1 = Math.min(width - 1, x1 + margin);
  y1 = Math.min(height - 1, y1 + margin);
  const cw = Math.ceil((x1 - x0 + 1) / CELL);
  const chh = Math.ceil((y1 - y0 + 1) / CELL);
  const cells = cw * chh;
  const count = new Float32Array(cells);
  const nearCell = new Uint8Array(cells);
  const sums = [0, 1, 2, 3].map(() => new Float32Array(cells));
  const [sr, sg, sb, sl] = sums as [Float32Array, Float32Array, Float32Array, Float32Array];
  const row = new Float64Array(width * 3);
  for (let y = y0; y <= y1; y++) {
    evaluateBackdropRow(model, y, width, height, row);
    const cellRow = Math.floor((y - y0) / CELL) * cw;
    for (let x = x0; x <= x1; x++) {
      const i = y * width + x;
      const c = cellRow + Math.floor((x - x0) / CELL);
      if (near[i] === 1) nearCell[c] = 1;
      if (near[i] === 1 || exclude[i] === 1) continue;
      const r = data[i * channels] ?? 0;
      const g = data[i * channels + 1] ?? 0;
      const b = data[i * channels + 2] ?? 0;
      const br = row[x * 3] ?? 0;
      const bg = row[x * 3 + 1] ?? 0;
      const bb = row[x * 3 + 2] ?? 0;
      const norm = Math.sqrt(br * br + bg * bg + bb * bb);
      const s = (r * br + g * bg + b * bb) / Math.max(1, norm * norm);
      count[c] = (count[c] ?? 0) + 1;
      // Chroma: the part of the colour not explained by scaling the backdrop; luminance: the scaling.
      sr[c] = (sr[c] ?? 0) + r - s * br;
      sg[c] = (sg[c] ?? 0) + g - s * bg;
      sb[c] = (sb[c] ?? 0) + b - s * bb;
      sl[c] = (sl[c] ?? 0) + (s - 1) * norm;
    }
  }
  // Box means of the sums and of the counts: their ratio is the mean over the valid pixels of the window.
  const weight = boxMean(count, cw, chh, RADIUS);
  const [mr, mg, mb, ml] = sums.map((p) => boxMean(p, cw, chh, RADIUS)) as [
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  const faint = new Uint8Array(cells);
  const half = (CELL * CELL) / 2;
  for (let c = 0; c < cells; c++) {
    const k = weight[c] ?? 0;
    if ((count[c] ?? 0) === 0 || k < half) continue;
    const cr = (mr[c] ?? 0) / k;
    const cg = (mg[c] ?? 0) / k;
    const cb = (mb[c] ?? 0) / k;
    const lum = Math.max(0, (ml[c] ?? 0) / k);
    if (cr * cr + cg * cg + cb * cb + lum * lum > threshold * threshold) faint[c] = 1;
  }
  const accepted = acceptRegions(faint, cw, chh, nearCell, Math.ceil(minArea / (CELL * CELL)));
  let added = 0;
  for (let y = y0; y <= y1; y++) {
    const cellRow = Math.floor((y - y0) / CELL) * cw;
    for (let x = x0; x <= x1; x++) {
      const i = y * width + x;
      if (accepted[cellRow + Math.floor((x - x0) / CELL)] !== 1 || near[i] === 1 || exclude[i] === 1)
        continue;
      candidate[i] = 1;
      added++;
    }
  }
  return added;
}

/**
 * The faint regions (cells) of at least `minArea` cells whose outline meets the product (`near`) at least
 * twice as often as the backdrop.
 */
function acceptRegions(
  faint: Uint8Array,
  w: number,
  h: number,
  near: Uint8Array,
  minArea: number,
): Uint8Array {
  const accepted = new Uint8Array(w * h);
  const seen = new Uint8Array(w * h);
  const stack = new Int32Array(w * h);
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
      for (let k = 0; k < 4; k++) {
        const x = px + (STEP_X[k] ?? 0);
        const y = py + (STEP_Y[k] ?? 0);
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
        } else if (near[q] === 1) productContact++;
        else backdropContact++;
      }
    }
    if (members.length < minArea || productContact < 2 * backdropContact) continue;
    for (const p of members) accepted[p] = 1;
  }
  return accepted;
}

/** 4-neighbourhood: a region's outline is measured along its sides. */
const STEP_X = [1, -1, 0, 0];
const STEP_Y = [0, 0, 1, -1];
