// Product parts barely distinct from the backdrop (a near-white label on a light backdrop), found by
// averaging: a region whose mean colour departs from the backdrop surface, mostly bordered by product.
import type { Raster } from "../raster.js";
import { evaluateBackdropRow, type BackdropModel } from "./backdrop.js";
import { boxMean } from "./filters.js";

/** Averaging is done on 2×2 cells, over 5×5 cells (10×10 pixels: the noise drops about tenfold). */
const CELL = 2;
const RADIUS = 2;

/** Where and how faint product is looked for (see addFaintProduct). */
export interface FaintProductOptions {
  /** Next to the product (its anti-aliased edge and compression ringing): not averaged. */
  readonly near: Uint8Array;
  /** Shadow-like pixels: not averaged. */
  readonly exclude: Uint8Array;
  /** The product's hull (the product with the gaps between its parts closed): see `lowThreshold`. */
  readonly hull: Uint8Array;
  /** Departure (levels) of a 10×10 mean that makes product anywhere. */
  readonly threshold: number;
  /** Departure (levels) of a 10×10 mean that makes product inside the hull, lower than `threshold`. */
  readonly lowThreshold: number;
  /** Smallest region (pixels) added. */
  readonly minArea: number;
}

/** What the faint search added: a 0/1 plane, and the box it searched. */
export interface FaintProduct {
  readonly added: Uint8Array;
  readonly box: PixelBox;
}

/** An inclusive pixel rectangle. */
export interface PixelBox {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

/**
 * Marks (in `candidate`, in place) the regions near the product whose colour, averaged over 10×10 pixels,
 * departs from the backdrop surface in chroma or brightness (not in darkness: that is the floor shadow's
 * business): by `threshold` levels, or by `lowThreshold` inside the product's hull (hysteresis: where the
 * product's own outline encloses an area, weaker evidence suffices). A region is kept when its mean colour
 * departs by `threshold` and it lies mostly inside the hull or its outline touches the product at least
 * twice as much as the backdrop: a pale band across a box touches the backdrop at its ends, and where it
 * crosses a mug's handle, at its sides, but lies between product parts. Returns the pixels added and the
 * box searched (undefined when none was added).
 */
export function addFaintProduct(
  raster: Raster,
  model: BackdropModel,
  candidate: Uint8Array,
  options: FaintProductOptions,
): FaintProduct | undefined {
  const { near, exclude, hull, threshold, lowThreshold, minArea } = options;
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
  if (x1 < 0) return undefined;
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
  const hullCell = new Uint8Array(cells);
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
      if (hull[i] === 1) hullCell[c] = 1;
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
    const limit = hullCell[c] === 1 ? lowThreshold : threshold;
    if (cr * cr + cg * cg + cb * cb + lum * lum > limit * limit) faint[c] = 1;
  }
  const accepted = acceptRegions(
    { faint, near: nearCell, hull: hullCell, count, sums: [sr, sg, sb, sl] },
    cw,
    chh,
    threshold,
    Math.ceil(minArea / (CELL * CELL)),
  );
  const added = new Uint8Array(width * height);
  let total = 0;
  for (let y = y0; y <= y1; y++) {
    const cellRow = Math.floor((y - y0) / CELL) * cw;
    for (let x = x0; x <= x1; x++) {
      const i = y * width + x;
      if (accepted[cellRow + Math.floor((x - x0) / CELL)] !== 1 || near[i] === 1 || exclude[i] === 1)
        continue;
      candidate[i] = 1;
      added[i] = 1;
      total++;
    }
  }
  return total > 0 ? { added, box: { x0, y0, x1, y1 } } : undefined;
}

/**
 * Fills (in `mask`, in place) the pinholes of faint regions: enclosed groups (4-connected) of fewer than
 * `maxArea` pixels left out of the product inside the searched box, at least one of them next to a pixel
 * the faint search added. Where a pale part crosses the pixel-wise threshold, product pixels riddle it and
 * the ring of unaveraged pixels around each (`near`) leaves holes in it; a real opening is larger, or not
 * bordered by faint product. Returns how many pixels were filled.
 */
export function fillPinholes(mask: Uint8Array, width: number, faint: FaintProduct, maxArea: number): number {
  const { added, box } = faint;
  const { x0, y0, x1, y1 } = box;
  const seen = new Uint8Array(mask.length);
  const members = new Int32Array(maxArea);
  const stack: number[] = [];
  let filled = 0;
  for (let y = y0; y <= y1; y++)
    for (let x = x0; x <= x1; x++) {
      const start = y * width + x;
      if (mask[start] === 1 || seen[start] === 1) continue;
      let count = 0;
      let small = true;
      let bordersFaint = false;
      stack.push(start);
      seen[start] = 1;
      while (stack.length > 0) {
        const p = stack.pop() ?? 0;
        if (count < maxArea) members[count] = p;
        count++;
        if (count >= maxArea) small = false;
        const px = p % width;
        const py = (p - px) / width;
        for (let d = 0; d < 4; d++) {
          const qx = px + (STEP_X[d] ?? 0);
          const qy = py + (STEP_Y[d] ?? 0);
          // Reaching the box's side: open to the backdrop around the product.
          if (qx < x0 || qy < y0 || qx > x1 || qy > y1) {
            small = false;
            continue;
          }
          const q = qy * width + qx;
          if (mask[q] === 1) {
            if (added[q] === 1) bordersFaint = true;
          } else if (seen[q] === 0) {
            seen[q] = 1;
            stack.push(q);
          }
        }
      }
      if (!small || !bordersFaint) continue;
      for (let k = 0; k < count; k++) mask[members[k] ?? 0] = 1;
      filled += count;
    }
  return filled;
}

/** Per-cell planes of the faint search. */
interface CellPlanes {
  readonly faint: Uint8Array;
  readonly near: Uint8Array;
  readonly hull: Uint8Array;
  /** Pixels averaged per cell, and their sums of chroma (3) and brightness departure. */
  readonly count: Float32Array;
  readonly sums: readonly [Float32Array, Float32Array, Float32Array, Float32Array];
}

/**
 * The faint regions (cells) of at least `minArea` cells whose mean colour departs from the backdrop by
 * `threshold` and that lie mostly inside the hull or whose outline meets the product (`near`) at least
 * twice as often as the backdrop.
 */
function acceptRegions(
  planes: CellPlanes,
  w: number,
  h: number,
  threshold: number,
  minArea: number,
): Uint8Array {
  const { faint, near, hull, count, sums } = planes;
  const [sr, sg, sb, sl] = sums;
  const accepted = new Uint8Array(w * h);
  const seen = new Uint8Array(w * h);
  const stack = new Int32Array(w * h);
  for (let start = 0; start < faint.length; start++) {
    if (faint[start] !== 1 || seen[start] === 1) continue;
    const members: number[] = [];
    let top = 0;
    let productContact = 0;
    let backdropContact = 0;
    let inHull = 0;
    let k = 0;
    let r = 0;
    let g = 0;
    let b = 0;
    let l = 0;
    stack[top++] = start;
    seen[start] = 1;
    while (top > 0) {
      const p = stack[--top] ?? 0;
      members.push(p);
      inHull += hull[p] ?? 0;
      k += count[p] ?? 0;
      r += sr[p] ?? 0;
      g += sg[p] ?? 0;
      b += sb[p] ?? 0;
      l += sl[p] ?? 0;
      const px = p % w;
      const py = (p - px) / w;
      for (let d = 0; d < 4; d++) {
        const x = px + (STEP_X[d] ?? 0);
        const y = py + (STEP_Y[d] ?? 0);
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
    if (members.length < minArea || k === 0) continue;
    const lum = Math.max(0, l / k);
    const departure2 = (r / k) ** 2 + (g / k) ** 2 + (b / k) ** 2 + lum * lum;
    const enclosed = inHull >= 0.5 * members.length;
    if (departure2 <= threshold * threshold) continue;
    if (!enclosed && productContact < 2 * backdropContact) continue;
    for (const p of members) accepted[p] = 1;
  }
  return accepted;
}

/** 4-neighbourhood: a region's outline is measured along its sides. */
const STEP_X = [1, -1, 0, 0];
const STEP_Y = [0, 0, 1, -1];
