// Finding the region of one colour inside a product: from a marker (the connected region under it) or from
// a colour model (every sizeable part of the product showing it), with a soft alpha along its edges.
import { ImagingError } from "../errors/imaging-error.js";
import { removeSmallComponents } from "../matting/morphology.js";
import type { Box, Matte, Raster } from "../raster.js";
import {
  createSeedModel,
  showsMaterial,
  type ColourModel,
  type LinearPlanes,
  type PhotoPlanes,
} from "./colour-model.js";
import { takeHighlights } from "./highlights.js";
import { softEdge } from "./soft-edge.js";
import { srgbToLinear } from "./colour-space.js";

/** A region of one colour: alpha 1 inside, a soft edge (the region's share of mixed pixels), 0 elsewhere. */
export interface ColourRegion {
  /** Region opacity per pixel in [0, 1]. */
  readonly alpha: Matte;
  /** For each pixel with 0 < alpha < 1: the index of the region pixel it borrows its recolouring from. */
  readonly edgeSource: Int32Array;
  /** The material's model (mean colour, tolerance). */
  readonly model: ColourModel;
  /** Pixels fully inside. */
  readonly area: number;
  /** The region's bounding box (pixels fully inside). */
  readonly box: Box;
}

/** Where the product is: a matte, or (when absent) the raster's alpha channel, or everything. */
export interface ProductMask {
  readonly matte?: Matte;
}

/** How far (pixels, scaled to the photo) a marker may fall beside the product and still count. */
const MARKER_SLACK = 0.004;
/** A marker's region smaller than this share of the product (or 16 pixels) is a speck, not a part. */
const MIN_MARKED_SHARE = 0.0002;
const MIN_MARKED_PIXELS = 16;
/** Parts of a colour smaller than this share of the product are stray pixels (of a print, say). */
const MIN_PART_SHARE = 0.002;

function productCoverage(raster: Raster, mask: ProductMask): Float32Array {
  const n = raster.width * raster.height;
  if (mask.matte) {
    if (mask.matte.width !== raster.width || mask.matte.height !== raster.height)
      throw new Error("the product matte must have the photo's size");
    return mask.matte.data;
  }
  const out = new Float32Array(n);
  if (raster.channels === 4 || raster.channels === 2) {
    const c = raster.channels;
    for (let i = 0; i < n; i++) out[i] = (raster.data[i * c + c - 1] ?? 0) / 255;
  } else out.fill(1);
  return out;
}

/**
 * The product's pixels (coverage ≥ 0.5), and the photo in linear light averaged over 3×3 windows: region
 * membership is judged on the average, so sensor noise (large in OKLab terms in dark colours) does not punch
 * holes in a dark material; edges are settled by the soft edge on the unsmoothed pixels.
 */
function prepare(
  raster: Raster,
  mask: ProductMask,
): { cover: Float32Array; inside: Uint8Array; planes: PhotoPlanes } {
  const cover = productCoverage(raster, mask);
  const inside = new Uint8Array(cover.length);
  for (let i = 0; i < cover.length; i++) inside[i] = (cover[i] ?? 0) >= 0.5 ? 1 : 0;
  const { width, height } = raster;
  const lin = linearPlanes(raster, cover);
  // Only where the product is (its box grown by a pixel) are averages ever read.
  const covered = (y: number): boolean => {
    for (let i = y * width, end = i + width; i < end; i++) if ((cover[i] ?? 0) > 0.01) return true;
    return false;
  };
  let top = 0;
  while (top < height && !covered(top)) top++;
  let bottom = height - 1;
  while (bottom > top && !covered(bottom)) bottom--;
  const rows = { from: Math.max(0, top - 1), to: Math.min(height - 1, bottom + 1) };
  return {
    cover,
    inside,
    planes: {
      raw: lin,
      smooth: {
        width,
        height,
        r: mean3x3(lin.r, width, height, rows),
        g: mean3x3(lin.g, width, height, rows),
        b: mean3x3(lin.b, width, height, rows),
      },
    },
  };
}

/** 3×3 means (clipped at the borders) of the rows `from`…`to`; other rows stay 0. Separable: row sums first. */
function mean3x3(
  src: Float32Array,
  width: number,
  height: number,
  rows: { from: number; to: number },
): Float32Array {
  const out = new Float32Array(width * height);
  const lo = Math.max(0, rows.from - 1);
  const hi = Math.min(height - 1, rows.to + 1);
  // Horizontal sums of 3 (2 at the row ends), rows lo…hi only.
  const sums = new Float32Array(width * height);
  for (let y = lo; y <= hi; y++) {
    const o = y * width;
    if (width === 1) {
      sums[o] = src[o] ?? 0;
      continue;
    }
    sums[o] = (src[o] ?? 0) + (src[o + 1] ?? 0);
    for (let x = 1; x < width - 1; x++)
      sums[o + x] = (src[o + x - 1] ?? 0) + (src[o + x] ?? 0) + (src[o + x + 1] ?? 0);
    sums[o + width - 1] = (src[o + width - 2] ?? 0) + (src[o + width - 1] ?? 0);
  }
  const edge = width === 1 ? 1 : 2;
  for (let y = rows.from; y <= rows.to; y++) {
    const y0 = Math.max(0, y - 1);
    const y1 = Math.min(height - 1, y + 1);
    const o = y * width;
    const inv = 1 / (y1 - y0 + 1);
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let yy = y0; yy <= y1; yy++) sum += sums[yy * width + x] ?? 0;
      const cols = x === 0 || x === width - 1 ? edge : 3;
      out[o + x] = (sum * inv) / cols;
    }
  }
  return out;
}

/** The raster's RGB in linear light (only where `cover` is above 0 when given; elsewhere 0). */
export function linearPlanes(raster: Raster, cover?: Float32Array): LinearPlanes {
  const n = raster.width * raster.height;
  const c = raster.channels;
  const r = new Float32Array(n);
  const g = new Float32Array(n);
  const b = new Float32Array(n);
  const d = raster.data;
  for (let i = 0, o = 0; i < n; i++, o += c) {
    if (cover && (cover[i] ?? 0) <= 0) continue;
    r[i] = srgbToLinear(d[o] ?? 0);
    g[i] = c >= 3 ? srgbToLinear(d[o + 1] ?? 0) : (r[i] ?? 0);
    b[i] = c >= 3 ? srgbToLinear(d[o + 2] ?? 0) : (r[i] ?? 0);
  }
  return { width: raster.width, height: raster.height, r, g, b };
}

/** The product pixel nearest (x, y) within `slack` pixels, or undefined. */
function snapToProduct(
  inside: Uint8Array,
  width: number,
  height: number,
  x: number,
  y: number,
  slack: number,
): number | undefined {
  const cx = Math.min(width - 1, Math.max(0, Math.round(x)));
  const cy = Math.min(height - 1, Math.max(0, Math.round(y)));
  let best: number | undefined;
  let bestD = Infinity;
  for (let yy = Math.max(0, cy - slack); yy <= Math.min(height - 1, cy + slack); yy++)
    for (let xx = Math.max(0, cx - slack); xx <= Math.min(width - 1, cx + slack); xx++) {
      const d = (xx - cx) ** 2 + (yy - cy) ** 2;
      if (d <= slack * slack && d < bestD && inside[yy * width + xx] === 1) {
        best = yy * width + xx;
        bestD = d;
      }
    }
  return best;
}

/** Grows the region from `seeds` through 4-connected product pixels that look like the plain material. */
function grow(
  planes: PhotoPlanes,
  inside: Uint8Array,
  model: ColourModel,
  seeds: Iterable<number>,
): Uint8Array {
  const { width, height } = planes.smooth;
  const region = new Uint8Array(width * height);
  const queue = new Int32Array(width * height);
  let head = 0;
  let tail = 0;
  for (const s of seeds) {
    if (region[s] === 1) continue;
    region[s] = 1;
    queue[tail++] = s;
  }
  const visit = (q: number): void => {
    if (region[q] !== 0 || inside[q] !== 1) return;
    region[q] = 2; // examined; 1 once accepted
    if (showsMaterial(planes, q, model, true)) {
      region[q] = 1;
      queue[tail++] = q;
    }
  };
  while (head < tail) {
    const p = queue[head++] ?? 0;
    const x = p % width;
    if (x > 0) visit(p - 1);
    if (x < width - 1) visit(p + 1);
    if (p >= width) visit(p - width);
    if (p < width * (height - 1)) visit(p + width);
  }
  for (let i = 0; i < region.length; i++) if (region[i] === 2) region[i] = 0;
  return region;
}

function finish(
  raster: Raster,
  planes: PhotoPlanes,
  region: Uint8Array,
  cover: Float32Array,
  model: ColourModel,
): ColourRegion {
  const { width, height } = planes.smooth;
  let area = 0;
  let left = width;
  let top = height;
  let right = -1;
  let bottom = -1;
  for (let i = 0; i < region.length; i++) {
    if (region[i] !== 1) continue;
    area++;
    const x = i % width;
    const y = (i - x) / width;
    if (x < left) left = x;
    if (x > right) right = x;
    if (y < top) top = y;
    if (y > bottom) bottom = y;
  }
  const { alpha, edgeSource } = softEdge(raster, planes.smooth, region, cover, model);
  const box =
    area === 0
      ? { left: 0, top: 0, width: 0, height: 0 }
      : { left, top, width: right - left + 1, height: bottom - top + 1 };
  return { alpha: { width, height, data: alpha }, edgeSource, model, area, box };
}

function productArea(inside: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < inside.length; i++) n += inside[i] ?? 0;
  return n;
}

/**
 * The connected region of similar colour under the marker (x, y), inside the product. The marker may fall
 * up to 0.4 % of the photo's smaller side beside the product. Throws ImagingError
 * `marker_outside_product` when it is not on the product, `colour_region_not_found` when the colour under
 * it covers only a speck (under 0.02 % of the product, or 16 pixels).
 */
export function findMarkerRegion(raster: Raster, x: number, y: number, mask: ProductMask = {}): ColourRegion {
  const { width, height } = raster;
  const { cover, inside, planes } = prepare(raster, mask);
  const slack = Math.max(2, Math.round(Math.min(width, height) * MARKER_SLACK));
  const seed = snapToProduct(inside, width, height, x, y, slack);
  if (seed === undefined)
    throw new ImagingError(
      "marker_outside_product",
      `the marker (${Math.round(x)}, ${Math.round(y)}) is not on the product`,
      { x, y },
    );
  const model = createSeedModel(
    planes.smooth,
    inside,
    seed,
    Math.max(2, Math.round(Math.min(width, height) / 300)),
  );
  const region = grow(planes, inside, model, [seed]);
  takeHighlights(planes, inside, region, model);
  const result = finish(raster, planes, region, cover, model);
  if (result.area < Math.max(MIN_MARKED_PIXELS, productArea(inside) * MIN_MARKED_SHARE))
    throw new ImagingError(
      "colour_region_not_found",
      `the colour under the marker (${Math.round(x)}, ${Math.round(y)}) covers only a speck of the product`,
      { x, y, area: result.area },
    );
  return result;
}

/**
 * Every part of the product showing the model's colour, parts smaller than 0.2 % of the product left out
 * (stray pixels of a print that happen to match). Throws `colour_region_not_found` when nothing is left.
 */
export function findModelRegion(raster: Raster, model: ColourModel, mask: ProductMask = {}): ColourRegion {
  const { cover, inside, planes } = prepare(raster, mask);
  const candidates = new Uint8Array(inside.length);
  for (let i = 0; i < inside.length; i++)
    if (inside[i] === 1 && showsMaterial(planes, i, model, true)) candidates[i] = 1;
  const minArea = Math.max(MIN_MARKED_PIXELS, Math.round(productArea(inside) * MIN_PART_SHARE));
  removeSmallComponents(candidates, raster.width, raster.height, minArea);
  const seeds: number[] = [];
  for (let i = 0; i < candidates.length; i++) if (candidates[i] === 1) seeds.push(i);
  if (seeds.length === 0)
    throw new ImagingError("colour_region_not_found", "no sizeable part of the product has that colour");
  const region = grow(planes, inside, model, seeds);
  takeHighlights(planes, inside, region, model);
  return finish(raster, planes, region, cover, model);
}
