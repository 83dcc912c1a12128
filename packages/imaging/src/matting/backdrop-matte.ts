// Alpha from a plain backdrop: colour distance to the fitted surface, projected in the edge band.
import type { Matte, Raster } from "../raster.js";
import { evaluateBackdrop, type BackdropModel } from "./backdrop.js";
import { erodeBinary, maskedWindowMean, removeSmallComponents } from "./filters.js";
import { findDarkRegions, judgeRegion } from "./shadow-regions.js";

/** Foreground probability at pixel index i (the model's mask, sampled lazily). */
export type PriorLookup = (i: number) => number;

/** Runs the model only when asked: most plain-backdrop photos never need it. */
export type PriorSource = () => Promise<PriorLookup>;

/** The cut-out found against a plain backdrop. */
export interface BackdropMatte {
  readonly alpha: Matte;
  /** Opacity of the floor shadow (darkening of the backdrop not explained by the product). */
  readonly shadow: Matte;
  /** The backdrop colour behind pixel i, written into `out` (3 values). */
  readonly backdropAt: (i: number, out: Float64Array) => void;
}

/** Fills `out` (width × 3) with the backdrop surface along row y. */
function backdropRow(m: BackdropModel, y: number, width: number, height: number, out: Float64Array): void {
  const v = (2 * y + 1) / height - 1;
  for (let c = 0; c < 3; c++) {
    const [a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0] = m.coefficients[c] ?? [];
    const constant = a0 + a2 * v + a4 * v * v;
    const linear = a1 + a5 * v;
    for (let x = 0; x < width; x++) {
      const u = (2 * x + 1) / width - 1;
      out[x * 3 + c] = constant + linear * u + a3 * u * u;
    }
  }
}

/**
 * Separates product, floor shadow and backdrop. A pixel is product when its colour departs from the
 * backdrop surface by more than the noise; a darkening with the backdrop's own chroma is shadow or grey
 * product, decided per region by its outline (see judgeRegion), asking the model only when that is unclear. Holes show the backdrop, so they come out
 * transparent. In the band at the outline, alpha is the projection of (I − B) onto (F − B), F being the
 * mean colour of nearby solid product: the compositing equation solved with a known backdrop, which keeps
 * anti-aliased and hair-thin edges. Work beyond one pass over the image is confined to that band.
 */
export async function createBackdropMatte(
  raster: Raster,
  model: BackdropModel,
  prior?: PriorSource,
): Promise<BackdropMatte & { usedModel: boolean }> {
  const { width, height, channels, data } = raster;
  const n = width * height;
  const tLo = 4 * Math.max(1, model.sigma) + 4;
  const candidate = new Uint8Array(n);
  const strong = new Uint8Array(n);
  const shadowLike = new Uint8Array(n);
  const shadow = new Float32Array(n);
  // Luminance ratio photo / backdrop: 1 on the backdrop, below 1 in shadows.
  const ratio = new Float32Array(n);
  const row = new Float64Array(width * 3);
  for (let y = 0; y < height; y++) {
    backdropRow(model, y, width, height, row);
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const r = data[i * channels] ?? 0;
      const g = data[i * channels + 1] ?? 0;
      const b = data[i * channels + 2] ?? 0;
      const br = row[x * 3] ?? 0;
      const bg = row[x * 3 + 1] ?? 0;
      const bb = row[x * 3 + 2] ?? 0;
      const s = (r * br + g * bg + b * bb) / Math.max(1, br * br + bg * bg + bb * bb);
      ratio[i] = s;
      const dr = r - br;
      const dg = g - bg;
      const db = b - bb;
      const d2 = dr * dr + dg * dg + db * db;
      if (d2 <= tLo * tLo) continue;
      if (d2 > 9 * tLo * tLo) strong[i] = 1;
      const cr = r - s * br;
      const cg = g - s * bg;
      const cb = b - s * bb;
      if (s < 1 && s > 0.2 && cr * cr + cg * cg + cb * cb < tLo * tLo) shadowLike[i] = 1;
      else candidate[i] = 1;
    }
  }
  const regions = findDarkRegions(shadowLike, candidate, ratio, width, height);
  const floor = findFloorLine(candidate, width, height);
  const verdicts = regions.map((r) => judgeRegion(r, floor));
  // The model is asked only about regions whose outline is neither clearly soft nor clearly sharp.
  const lookup = prior && verdicts.includes("ambiguous") ? await prior() : undefined;
  regions.forEach((region, k) => {
    let isShadow = verdicts[k] === "shadow";
    if (verdicts[k] === "ambiguous") {
      const mean = lookup ? region.members.reduce((a, p) => a + lookup(p), 0) / region.members.length : 0;
      isShadow = mean <= 0.5;
    }
    for (const i of region.members) {
      if (isShadow) shadow[i] = Math.min(1, Math.max(0, 1 - (ratio[i] ?? 1)));
      else candidate[i] = 1;
    }
  });
  removeSmallComponents(candidate, width, height, Math.max(6, Math.round(n * 2e-6)));
  const solid = erodeBinary(candidate, width, height, 2);
  const alpha = new Float32Array(n);
  const f = new Float64Array(3);
  const bgc = new Float64Array(3);
  const backdropAt = (i: number, out: Float64Array): void => {
    const x = i % width;
    evaluateBackdrop(model, x, (i - x) / width, width, height, out);
  };
  for (let i = 0; i < n; i++) {
    if (solid[i] === 1) {
      alpha[i] = 1;
      continue;
    }
    if (candidate[i] !== 1) continue;
    const x = i % width;
    const y = (i - x) / width;
    backdropAt(i, bgc);
    if (
      maskedWindowMean(raster, solid, x, y, 4, f) === 0 &&
      maskedWindowMean(raster, solid, x, y, 12, f) === 0
    ) {
      // No solid product nearby: a thin part (wire, leg, hair) or noise. A weak departure is dropped; a
      // strong one is measured against the most distinct colour of the thin part around it.
      if (strong[i] !== 1) continue;
      mostDistinctColor(raster, candidate, x, y, 3, bgc, f);
    }
    let num = 0;
    let den = 0;
    for (let c = 0; c < 3; c++) {
      const bc = bgc[c] ?? 0;
      const fc = (f[c] ?? 0) - bc;
      num += ((data[i * channels + c] ?? 0) - bc) * fc;
      den += fc * fc;
    }
    alpha[i] = den > 4 * tLo * tLo ? Math.min(1, Math.max(0, num / den)) : 1;
  }
  return {
    alpha: { width, height, data: alpha },
    shadow: { width, height, data: shadow },
    backdropAt,
    usedModel: lookup !== undefined,
  };
}

/** Colour of the candidate pixel within radius r that departs most from `backdrop` (written into `out`). */
function mostDistinctColor(
  raster: Raster,
  candidate: Uint8Array,
  x: number,
  y: number,
  r: number,
  backdrop: Float64Array,
  out: Float64Array,
): void {
  const { width, height, channels, data } = raster;
  let best = -1;
  for (let yy = Math.max(0, y - r); yy <= Math.min(height - 1, y + r); yy++)
    for (let xx = Math.max(0, x - r); xx <= Math.min(width - 1, x + r); xx++) {
      const q = yy * width + xx;
      if (candidate[q] !== 1) continue;
      let d = 0;
      for (let c = 0; c < 3; c++) d += ((data[q * channels + c] ?? 0) - (backdrop[c] ?? 0)) ** 2;
      if (d > best) {
        best = d;
        for (let c = 0; c < 3; c++) out[c] = data[q * channels + c] ?? 0;
      }
    }
}

/**
 * The row near the bottom of the product (the product's lowest row less 5 % of its height): a floor shadow
 * reaches it; a darkening entirely above it is a grey part of the product.
 */
function findFloorLine(candidate: Uint8Array, width: number, height: number): number {
  let top = -1;
  let bottom = -1;
  for (let y = 0; y < height; y++) {
    const row = candidate.subarray(y * width, (y + 1) * width);
    if (row.includes(1)) {
      if (top < 0) top = y;
      bottom = y;
    }
  }
  return bottom < 0 ? 0 : bottom - 0.05 * (bottom - top);
}
