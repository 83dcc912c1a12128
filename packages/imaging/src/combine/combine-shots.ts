// Combined images: shots 2–5 of one product aligned to the first and used to fill the first's gaps (the
// inside-neck shot filling an invisible-mannequin photo's neck opening), with feathered seams.
import { alignImages, type Alignment } from "../align/align-images.js";
import type { Plane } from "../align/plane.js";
import { warpMatte, warpRaster } from "../align/warp.js";
import { boxMean } from "../matting/filters.js";
import { closeBinary, dilateBinary, erodeBinary } from "../matting/morphology.js";
import { createMatte, createRaster, type Matte, type Raster } from "../raster.js";

/** One shot: its colours and the product's coverage (a cut-out's alpha, or the matte found for it). */
export interface CombineShot {
  readonly raster: Raster;
  readonly alpha: Matte;
}

export interface CombineOptions {
  /** Hull radius as a share of the first shot's smaller side (default 0.1): gaps narrower than 2× count. */
  readonly hullRadius?: number;
  /** Feather width of the fill's seam, pixels (default 0.4 % of the smaller side, at least 2). */
  readonly featherPx?: number;
}

/** What each additional shot contributed. */
export interface ShotContribution {
  /** 2 for imageURL2 … 5 for imageURL5. */
  readonly shot: number;
  readonly alignment: Alignment;
  /** Pixels of the first shot filled from this shot. */
  readonly filledPixels: number;
}

/** The merged cut-out in the first shot's frame, and a measured account of it. */
export interface Combined {
  /** RGB colours (the first shot's where it covers the product). */
  readonly foreground: Raster;
  readonly alpha: Matte;
  readonly contributions: readonly ShotContribution[];
  /** Pixels of the first shot's hull it does not cover (its gaps), and how many of them were filled. */
  readonly gapPixels: number;
  readonly filledPixels: number;
  /** 0–1: the weakest alignment used, or low when nothing could be filled. */
  readonly confidence: number;
  readonly reason: string;
}

/** The merge rule, for reports and documentation. */
export const COMBINE_RULE =
  "shot 1 is the base and stays on top; a pixel inside shot 1's hull (its silhouette closed by 10% of the " +
  "smaller side) that shot 1 does not cover (alpha < 0.5) is filled from the first of shots 2-5 that covers " +
  "it once aligned (alpha > 0.5); fills thinner than 5 px are dropped as alignment slivers; the fill mask is " +
  "feathered and shot 1 is composited over it with its own alpha, so its soft edges blend into the fill";

/** Luminance of the cut-out over mid-grey: a cut-out's transparent pixels and a white backdrop look alike. */
function alignmentPlane(shot: CombineShot): Plane {
  const { width, height, channels, data } = shot.raster;
  const out = new Float32Array(width * height);
  for (let i = 0, p = 0; i < width * height; i++, p += channels) {
    const a = shot.alpha.data[i] ?? 0;
    const l = 0.299 * (data[p] ?? 0) + 0.587 * (data[p + 1] ?? 0) + 0.114 * (data[p + 2] ?? 0);
    out[i] = a * l + (1 - a) * 128;
  }
  return { width, height, data: out };
}

function binary(m: Matte, threshold: number): Uint8Array {
  const out = new Uint8Array(m.data.length);
  for (let i = 0; i < out.length; i++) out[i] = (m.data[i] ?? 0) > threshold ? 1 : 0;
  return out;
}

/**
 * Aligns shots 2…n to shot 1 and fills shot 1's gaps from them by {@link COMBINE_RULE}. Exposure
 * differences measured by the alignment are corrected in the fill. Shots may differ in size; the result
 * has shot 1's size.
 */
export function combineShots(shots: readonly CombineShot[], options: CombineOptions = {}): Combined {
  const base = shots[0];
  if (!base) throw new RangeError("combineShots needs at least one shot");
  const { width, height } = base.raster;
  const n = width * height;
  const side = Math.min(width, height);
  const feather = Math.max(2, Math.round(options.featherPx ?? side * 0.004));
  const baseMask = binary(base.alpha, 0.5);
  const hull = closeBinary(
    baseMask,
    width,
    height,
    Math.max(1, Math.round(side * (options.hullRadius ?? 0.1))),
  );
  const open = new Uint8Array(n);
  let gapPixels = 0;
  for (let i = 0; i < n; i++)
    if (hull[i] === 1 && baseMask[i] === 0) {
      open[i] = 1;
      gapPixels++;
    }
  const basePlane = alignmentPlane(base);
  const fillColor = new Float32Array(n * 3);
  const fillAlpha = new Float32Array(n);
  const taken = new Uint8Array(n);
  const contributions: ShotContribution[] = [];
  for (const [k, shot] of shots.entries()) {
    if (k === 0) continue;
    const alignment = alignImages(basePlane, alignmentPlane(shot));
    const colors = warpRaster(shot.raster, alignment.transform, width, height).raster;
    const alpha = warpMatte(shot.alpha, alignment.transform, width, height);
    // This shot's fill: gap pixels it covers and no earlier shot took, opened to drop slivers.
    let mask: Uint8Array = new Uint8Array(n);
    for (let i = 0; i < n; i++)
      if (open[i] === 1 && taken[i] === 0 && (alpha.data[i] ?? 0) > 0.5) mask[i] = 1;
    mask = dilateBinary(erodeBinary(mask, width, height, 2), width, height, 2);
    let filled = 0;
    // Grown by the feather width under shot 1 (which stays on top), then softened: no crack at the seam.
    const grown = dilateBinary(mask, width, height, feather);
    const soft = boxMean(Float32Array.from(grown), width, height, feather);
    const { gain, offset } = alignment;
    for (let i = 0; i < n; i++) {
      if (mask[i] === 1) {
        taken[i] = 1;
        filled++;
      }
      const w = (soft[i] ?? 0) * (alpha.data[i] ?? 0) * (1 - (fillAlpha[i] ?? 0));
      if (w <= 0) continue;
      const total = (fillAlpha[i] ?? 0) + w;
      for (let c = 0; c < 3; c++) {
        const v = Math.min(255, Math.max(0, gain * (colors.data[i * colors.channels + c] ?? 0) + offset));
        fillColor[i * 3 + c] = ((fillColor[i * 3 + c] ?? 0) * (fillAlpha[i] ?? 0) + v * w) / total;
      }
      fillAlpha[i] = total;
    }
    contributions.push({ shot: k + 1, alignment, filledPixels: filled });
  }
  const foreground = createRaster(width, height, 3);
  const alpha = createMatte(width, height);
  const src = base.raster.data;
  const ch = base.raster.channels;
  for (let i = 0; i < n; i++) {
    const a1 = base.alpha.data[i] ?? 0;
    const af = (fillAlpha[i] ?? 0) * (1 - a1);
    const a = a1 + af;
    alpha.data[i] = a;
    for (let c = 0; c < 3; c++) {
      const c1 = src[i * ch + c] ?? 0;
      foreground.data[i * 3 + c] = a > 0 ? Math.round((c1 * a1 + (fillColor[i * 3 + c] ?? 0) * af) / a) : c1;
    }
  }
  const filledPixels = contributions.reduce((s, c) => s + c.filledPixels, 0);
  return {
    foreground,
    alpha,
    contributions,
    gapPixels,
    filledPixels,
    ...judge(contributions, gapPixels, filledPixels, n),
  };
}

function judge(
  contributions: readonly ShotContribution[],
  gapPixels: number,
  filledPixels: number,
  pixels: number,
): { confidence: number; reason: string } {
  if (contributions.length === 0) return { confidence: 1, reason: "one shot: nothing to combine" };
  const weakest = contributions.reduce((a, b) => (b.alignment.confidence < a.alignment.confidence ? b : a));
  const share = (v: number): string => `${((100 * v) / pixels).toFixed(2)}%`;
  if (filledPixels === 0)
    return {
      confidence: 0.2,
      reason:
        gapPixels === 0
          ? "nothing to combine: the first photo has no gap for the others to fill (removing a mannequin is not automated)"
          : `nothing to combine: no other shot covers the first photo's gaps (${share(gapPixels)} of the photo)`,
    };
  const aligned = contributions.map(
    (c) => `shot ${c.shot}: ${c.alignment.reason}, filled ${share(c.filledPixels)}`,
  );
  return {
    confidence: weakest.alignment.confidence,
    reason: `filled ${share(filledPixels)} of the photo (gaps ${share(gapPixels)}); ${aligned.join("; ")}`,
  };
}
