// Alpha from a plain backdrop: colour distance to the fitted surface, solved in the edge band.
import type { Matte, Raster } from "../raster.js";
import { evaluateBackdropAt, evaluateBackdropRow, refitBackdrop, type BackdropModel } from "./backdrop.js";
import { createEdgeColors, setProductColor, type EdgeColors } from "./edge-colors.js";
import { addFaintProduct, fillPinholes } from "./faint-regions.js";
import { maskedWindowMean } from "./filters.js";
import { closeBinary, dilateBinary, erodeBinary, removeSmallComponents } from "./morphology.js";
import { findDarkRegions, isMergedWithShadow, judgeRegion } from "./shadow-regions.js";

/** Radius of the closing that fills backdrop-coloured stripes inside the product (working pixels). */
const CLOSE_RADIUS = 1;

/**
 * Radius of the product's hull, as a share of the photo's smaller side: the closing by it spans the gaps
 * between product parts narrower than a tenth of the photo (a pale label band, the pale stripes of a
 * striped bar), within which weaker evidence makes product (see findEnclosedGaps).
 */
const HULL_RADIUS = 0.05;

/** Inside the hull, a faint part needs this share of the departure needed elsewhere (hysteresis). */
const FAINT_HYSTERESIS = 0.6;

/** Foreground probability at pixel index i (the model's mask, sampled lazily). */
export type PriorLookup = (i: number) => number;

/** Runs the model only when asked: most plain-backdrop photos never need it. */
export type PriorSource = () => Promise<PriorLookup>;

/** The cut-out found against a plain backdrop. */
export interface BackdropMatte {
  readonly alpha: Matte;
  /** Opacity of the floor shadow (darkening of the backdrop not explained by the product). */
  readonly shadow: Matte;
  /** Product and backdrop colours at the outline. */
  readonly edges: EdgeColors;
  /** Smallest product–backdrop contrast (levels) at which alpha is solved rather than set to 1. */
  readonly minContrast: number;
}

/** Per-pixel classification against the backdrop surface. */
interface Classes {
  /** Departs from the backdrop in colour: product (or noise). */
  readonly candidate: Uint8Array;
  /** Departs strongly (three times the threshold). */
  readonly strong: Uint8Array;
  /** Darker than the backdrop with its chroma: floor shadow or grey product. */
  readonly shadowLike: Uint8Array;
  /** Luminance ratio photo / backdrop: 1 on the backdrop, below 1 in shadows. */
  readonly ratio: Float32Array;
}

function classify(raster: Raster, model: BackdropModel, tLo: number): Classes {
  const { width, height, channels, data } = raster;
  const n = width * height;
  const candidate = new Uint8Array(n);
  const strong = new Uint8Array(n);
  const shadowLike = new Uint8Array(n);
  const ratio = new Float32Array(n);
  const row = new Float64Array(width * 3);
  const t2 = tLo * tLo;
  for (let y = 0; y < height; y++) {
    evaluateBackdropRow(model, y, width, height, row);
    for (let x = 0, i = y * width, p = i * channels; x < width; x++, i++, p += channels) {
      const r = data[p] ?? 0;
      const g = data[p + 1] ?? 0;
      const b = data[p + 2] ?? 0;
      const br = row[x * 3] ?? 0;
      const bg = row[x * 3 + 1] ?? 0;
      const bb = row[x * 3 + 2] ?? 0;
      const s = (r * br + g * bg + b * bb) / Math.max(1, br * br + bg * bg + bb * bb);
      ratio[i] = s;
      const dr = r - br;
      const dg = g - bg;
      const db = b - bb;
      const d2 = dr * dr + dg * dg + db * db;
      if (d2 <= t2) continue;
      if (d2 > 9 * t2) strong[i] = 1;
      const cr = r - s * br;
      const cg = g - s * bg;
      const cb = b - s * bb;
      if (s < 1 && s > 0.2 && cr * cr + cg * cg + cb * cb < t2) shadowLike[i] = 1;
      else candidate[i] = 1;
    }
  }
  return { candidate, strong, shadowLike, ratio };
}

/**
 * Separates product, floor shadow and backdrop. A pixel is product when its colour departs from the
 * backdrop surface by more than the noise; a darkening with the backdrop's own chroma is shadow or grey
 * product, decided per region by its outline (see judgeRegion), asking the model only when that is
 * unclear. Holes show the backdrop, so they come out transparent. In the band at the outline, alpha is the
 * projection of (I − B) onto (F − B), F being the colour of nearby solid product that best explains the
 * pixel: the compositing equation solved with a known backdrop, which keeps anti-aliased and hair-thin
 * edges. Work beyond one pass over the image is confined to that band.
 */
export async function createBackdropMatte(
  raster: Raster,
  model: BackdropModel,
  prior?: PriorSource,
): Promise<BackdropMatte & { usedModel: boolean }> {
  const { width, height, channels, data } = raster;
  const n = width * height;
  const tLo = 4 * Math.max(1, model.sigma) + 4;
  const { candidate, strong, shadowLike, ratio } = classify(raster, model, tLo);
  const minArea = Math.max(6, Math.round(n * 2e-6));
  // Specks (compression, sensor dust) must not move the floor line or count as product.
  removeSmallComponents(candidate, width, height, minArea);
  const shadow = new Float32Array(n);
  const extent = findProductExtent(candidate, width, height);
  const regions = findDarkRegions(shadowLike, candidate, ratio, width, height, extent.bottom);
  const floor = extent.bottom < 0 ? 0 : extent.bottom - 0.05 * (extent.bottom - extent.top);
  const verdicts = regions.map((r) => judgeRegion(r, floor));
  // Gaps between product parts (narrower than a tenth of the photo): a floor shadow lies around the
  // product, not between its parts, so darkening there is product unless the model says otherwise.
  const hull = closeBinary(
    candidate,
    width,
    height,
    Math.max(2, Math.round(HULL_RADIUS * Math.min(width, height))),
  );
  const minFaintArea = Math.max(50, Math.round(n * 1e-4));
  // Counted away from the hull's rim: the closing also takes in the ragged anti-aliased outline, and where
  // the product stands in its shadow those pixels are shadow-like without lying between parts.
  const hullInterior = erodeBinary(hull, width, height, 2);
  const enclosed = regions.map((r, k) =>
    verdicts[k] === "product" ? 0 : r.members.reduce((a, p) => a + (hullInterior[p] ?? 0), 0),
  );
  // The model is asked only about regions whose outline is neither clearly soft nor clearly sharp, and
  // about shadow-like darkening of some size between product parts.
  const lookup =
    prior && (verdicts.includes("ambiguous") || enclosed.some((e) => e >= minFaintArea))
      ? await prior()
      : undefined;
  regions.forEach((region, k) => {
    // A speck of darkening on its own is noise; one touching the product is part of its outline.
    if (region.members.length < minArea && region.productContact === 0) return;
    const inGaps = (enclosed[k] ?? 0) >= minFaintArea;
    // A grey part of the product merged with the shadow under it: rows below the product and pixels
    // beside it in its own rows are shadow, the rest product.
    const split = verdicts[k] === "product" && region.lowestRow > extent.bottom && isMergedWithShadow(region);
    let isShadow = verdicts[k] === "shadow";
    // Unclear regions: the model decides for the whole region. One that rises well above the floor line
    // is a grey product standing in its shadow (a floor shadow does not rise): there the model decides
    // pixel by pixel, or without a model, what is above the floor line is product.
    let perPixel: ((i: number) => boolean) | undefined;
    if (verdicts[k] === "ambiguous") {
      const mean = lookup ? region.members.reduce((a, p) => a + lookup(p), 0) / region.members.length : 0;
      isShadow = mean <= 0.5;
      const above = region.members.reduce((a, p) => a + (p < floor * width ? 1 : 0), 0);
      if (above >= 0.2 * region.members.length)
        perPixel = lookup ? (i) => lookup(i) <= 0.5 : (i) => i >= floor * width;
    }
    for (const i of region.members) {
      if (split) {
        const x = i % width;
        const y = (i - x) / width;
        isShadow = y > extent.bottom || x < (extent.rowLeft[y] ?? 0) || x > (extent.rowRight[y] ?? -1);
      } else if (perPixel) isShadow = perPixel(i);
      const pixelIsShadow = inGaps && hull[i] === 1 ? lookup !== undefined && lookup(i) <= 0.5 : isShadow;
      if (pixelIsShadow) shadow[i] = Math.min(1, Math.max(0, 1 - (ratio[i] ?? 1)));
      else candidate[i] = 1;
    }
  });
  // The border fit, refitted to all the backdrop in view, finds product parts within the noise threshold of
  // the backdrop by their mean colour (a near-white label on a light backdrop). The gaps between product
  // parts are left out of the refit, so that a pale label there does not bend the surface towards itself.
  const near = dilateBinary(candidate, width, height, 2);
  const surface = refitBackdrop(raster, model, [near, hull, shadowLike]);
  const faintThreshold = Math.max(2.5, 0.9 * surface.sigma);
  const faint = addFaintProduct(raster, surface, candidate, {
    near,
    exclude: shadowLike,
    hull,
    threshold: faintThreshold,
    lowThreshold: FAINT_HYSTERESIS * faintThreshold,
    minArea: minFaintArea,
  });
  // Stripes of a textured product that cross the backdrop's colour leave thin gaps in the product; closing
  // fills gaps of up to 2·CLOSE_RADIUS pixels (a real gap that narrow is filled too: the price of it).
  const product = closeBinary(candidate, width, height, CLOSE_RADIUS);
  if (faint) fillPinholes(product, width, faint, minFaintArea);
  const solid = erodeBinary(product, width, height, 2);
  const alpha = new Float32Array(n);
  const edges = createEdgeColors(width, height, (u, v, out) => {
    evaluateBackdropAt(surface, u, v, out);
  });
  const f = new Float64Array(3);
  const bgc = new Float64Array(3);
  const pixel = new Float64Array(3);
  const minDen = 4 * tLo * tLo;
  for (let i = 0; i < n; i++) {
    if (solid[i] === 1) {
      alpha[i] = 1;
      continue;
    }
    if (product[i] !== 1) continue;
    const x = i % width;
    const y = (i - x) / width;
    evaluateBackdropAt(surface, (x + 0.5) / width, (y + 0.5) / height, bgc);
    for (let c = 0; c < 3; c++) pixel[c] = data[i * channels + c] ?? 0;
    if (
      !bestSolidColor(raster, solid, x, y, 3, pixel, bgc, f) &&
      maskedWindowMean(raster, solid, x, y, 12, f) === 0
    ) {
      // No solid product nearby: a thin part (wire, leg, hair) or noise. A weak departure is dropped; a
      // strong one is measured against the most distinct colour of the thin part that explains it.
      if (strong[i] !== 1) continue;
      mostDistinctFit(raster, candidate, x, y, 3, pixel, bgc, tLo, f);
    }
    setProductColor(edges, i, f);
    let num = 0;
    let den = 0;
    for (let c = 0; c < 3; c++) {
      const bc = bgc[c] ?? 0;
      const fc = (f[c] ?? 0) - bc;
      num += ((pixel[c] ?? 0) - bc) * fc;
      den += fc * fc;
    }
    alpha[i] = den > minDen ? Math.min(1, Math.max(0, num / den)) : 1;
  }
  return {
    alpha: { width, height, data: alpha },
    shadow: { width, height, data: shadow },
    edges,
    minContrast: 2 * tLo,
    usedModel: lookup !== undefined,
  };
}

/** A colour being tried by the searches below (one module-level buffer: no allocation per pixel). */
const scratch = new Float64Array(3);

/**
 * Squared distance from `pixel` to the segment backdrop → `color` (the colours a partly covered pixel of
 * that product colour can take), and the alpha at the closest point.
 */
function fitToSegment(pixel: Float64Array, backdrop: Float64Array, color: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let c = 0; c < 3; c++) {
    const d = (color[c] ?? 0) - (backdrop[c] ?? 0);
    num += ((pixel[c] ?? 0) - (backdrop[c] ?? 0)) * d;
    den += d * d;
  }
  const a = den > 0 ? Math.min(1, Math.max(0, num / den)) : 0;
  let res = 0;
  for (let c = 0; c < 3; c++) {
    const e = (pixel[c] ?? 0) - (backdrop[c] ?? 0) - a * ((color[c] ?? 0) - (backdrop[c] ?? 0));
    res += e * e;
  }
  return res;
}

/**
 * Of the solid product pixels within radius r, the colour whose mix with the backdrop best explains
 * `pixel` (written into `out`): on a textured product, the stripe or check the edge pixel belongs to
 * rather than the mean of several. Returns false when there is no solid pixel in reach.
 */
function bestSolidColor(
  raster: Raster,
  solid: Uint8Array,
  x: number,
  y: number,
  r: number,
  pixel: Float64Array,
  backdrop: Float64Array,
  out: Float64Array,
): boolean {
  const { width, height, channels, data } = raster;
  let best = Infinity;
  const color = scratch;
  for (let yy = Math.max(0, y - r); yy <= Math.min(height - 1, y + r); yy++)
    for (let xx = Math.max(0, x - r); xx <= Math.min(width - 1, x + r); xx++) {
      const q = yy * width + xx;
      if (solid[q] !== 1) continue;
      for (let c = 0; c < 3; c++) color[c] = data[q * channels + c] ?? 0;
      const res = fitToSegment(pixel, backdrop, color);
      if (res < best) {
        best = res;
        out.set(color);
      }
    }
  return best < Infinity;
}

/**
 * For a thin part: the most distinct colour among the candidate pixels within radius r whose mix with the
 * backdrop explains `pixel` within the noise (written into `out`). The core of a 1-pixel wire is more
 * distinct than its anti-aliased sides; a differently coloured stripe of a textured wire does not explain
 * the pixel and is passed over.
 */
function mostDistinctFit(
  raster: Raster,
  candidate: Uint8Array,
  x: number,
  y: number,
  r: number,
  pixel: Float64Array,
  backdrop: Float64Array,
  noise: number,
  out: Float64Array,
): void {
  const { width, height, channels, data } = raster;
  let best = -1;
  const color = scratch;
  out.set(pixel);
  for (let yy = Math.max(0, y - r); yy <= Math.min(height - 1, y + r); yy++)
    for (let xx = Math.max(0, x - r); xx <= Math.min(width - 1, x + r); xx++) {
      const q = yy * width + xx;
      if (candidate[q] !== 1) continue;
      let d = 0;
      for (let c = 0; c < 3; c++) {
        color[c] = data[q * channels + c] ?? 0;
        d += ((color[c] ?? 0) - (backdrop[c] ?? 0)) ** 2;
      }
      if (d > best && fitToSegment(pixel, backdrop, color) <= noise * noise) {
        best = d;
        out.set(color);
      }
    }
}

/**
 * Rows the product spans and, per row, its leftmost and rightmost pixel (rowRight < rowLeft in rows
 * without product). A floor shadow reaches the floor line near the product's bottom (its lowest row less
 * 5 % of its height); a darkening entirely above it is a grey part of the product.
 */
function findProductExtent(
  candidate: Uint8Array,
  width: number,
  height: number,
): { top: number; bottom: number; rowLeft: Int32Array; rowRight: Int32Array } {
  let top = -1;
  let bottom = -1;
  const rowLeft = new Int32Array(height).fill(width);
  const rowRight = new Int32Array(height).fill(-1);
  for (let y = 0; y < height; y++) {
    const row = candidate.subarray(y * width, (y + 1) * width);
    const left = row.indexOf(1);
    if (left < 0) continue;
    rowLeft[y] = left;
    rowRight[y] = row.lastIndexOf(1);
    if (top < 0) top = y;
    bottom = y;
  }
  return { top, bottom, rowLeft, rowRight };
}
