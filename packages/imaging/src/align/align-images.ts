// Registers one photo onto another: phase correlation on a coarse pyramid level for the shift, then robust
// Lucas–Kanade refinement of rotation, scale and shift level by level, with a measured confidence.
import type { Raster } from "../raster.js";
import { refineSimilarity, type RefineResult } from "./lucas-kanade.js";
import { phaseCorrelate } from "./phase-correlation.js";
import { buildPyramid, toGreyPlane, type Plane } from "./plane.js";
import { describeSimilarity, fromLevel, IDENTITY, toLevel, type Similarity } from "./similarity.js";

export interface AlignmentOptions {
  /** Finest level refined holds at most this many pixels (default 600,000); the result is exact to scale. */
  readonly maxPixels?: number;
  /** Largest rotation accepted, degrees (default 15). */
  readonly maxRotationDeg?: number;
  /** Largest scale change accepted, as a ratio (default 1.2: 0.83–1.2). */
  readonly maxScale?: number;
}

/** Where the moving photo's content is relative to the reference, and how sure that is. */
export interface Alignment {
  /** Full-resolution transform: reference pixel → the same point in the moving photo. */
  readonly transform: Similarity;
  readonly rotationDeg: number;
  readonly scale: number;
  /** The moving photo's centre relative to where the reference's centre maps, pixels. */
  readonly shift: { readonly x: number; readonly y: number };
  /** Zero-mean normalised cross-correlation after alignment, at the finest level refined. */
  readonly ncc: number;
  /** Share of the overlap that agrees after alignment (content only one photo has does not). */
  readonly inliers: number;
  /** Exposure difference: reference luminance ≈ gain · moving luminance + offset. */
  readonly gain: number;
  readonly offset: number;
  /** Share of the reference covered by the moving photo. */
  readonly overlap: number;
  /** Phase-correlation peak over the next highest value (how clear the coarse shift was). */
  readonly peakRatio: number;
  /** 0–1, from the correlation and agreement after alignment; 0 when outside the accepted range. */
  readonly confidence: number;
  /** One line explaining the confidence. */
  readonly reason: string;
}

const ramp = (v: number, lo: number, hi: number): number => Math.min(1, Math.max(0, (v - lo) / (hi - lo)));

function asPlane(input: Raster | Plane): Plane {
  return "channels" in input ? toGreyPlane(input) : input;
}

/** Index of the finest level whose larger side is at most `side` (the coarsest when none is). */
function levelFor(levels: readonly Plane[], test: (p: Plane) => boolean): number {
  for (let l = 0; l < levels.length; l++) if (test(levels[l] as Plane)) return l;
  return levels.length - 1;
}

/**
 * Refines level by level from `start` down to `finest`. At the start level each initial guess is refined
 * and the one that correlates best is carried on (a weak phase-correlation peak may be wrong).
 */
function refineFrom(
  refs: readonly Plane[],
  movs: readonly Plane[],
  start: number,
  finest: number,
  initials: readonly Similarity[],
): { fit: RefineResult; transform: Similarity } {
  let fit: RefineResult | undefined;
  for (const initial of initials) {
    const f = refineSimilarity(refs[start] as Plane, movs[start] as Plane, toLevel(initial, start), {
      maxIterations: 40,
      huberIterations: 5,
    });
    if (fit === undefined || f.ncc > fit.ncc) fit = f;
  }
  let best = fit as RefineResult;
  let transform = fromLevel(best.transform, start);
  for (let l = start - 1; l >= finest; l--) {
    const ref = refs[l] as Plane;
    best = refineSimilarity(ref, movs[l] as Plane, toLevel(transform, l), {
      stride: ref.width * ref.height > 300_000 ? 2 : 1,
      maxIterations: 12,
      huberIterations: 1,
      tolerance: 0.01,
      gain: best.gain,
      offset: best.offset,
    });
    transform = fromLevel(best.transform, l);
  }
  return { fit: best, transform };
}

/**
 * Finds the similarity transform taking `reference` pixels to the same content in `moving` (photos of
 * one product from one camera: a few percent of shift, rotation or zoom). Works on luminance; the
 * photos' sizes may differ. Cost: a 256 px FFT and a few dozen Gauss–Newton passes over at most
 * `maxPixels` pixels. The confidence is 0 when the result is outside the accepted rotation/scale range or
 * the photos barely overlap; else it grows with the correlation and agreement after alignment.
 */
export function alignImages(
  reference: Raster | Plane,
  moving: Raster | Plane,
  options: AlignmentOptions = {},
): Alignment {
  const ref = asPlane(reference);
  const mov = asPlane(moving);
  const minSide = Math.min(ref.width, ref.height, mov.width, mov.height);
  const refs = buildPyramid(ref, Math.min(24, minSide));
  const movs = buildPyramid(mov, Math.min(24, minSide)).slice(0, refs.length);
  while (refs.length > movs.length) refs.pop();
  const maxPixels = options.maxPixels ?? 600_000;
  const finest = levelFor(refs, (p) => p.width * p.height <= maxPixels);
  const pcLevel = Math.max(
    finest,
    levelFor(refs, (p) => Math.max(p.width, p.height) <= 256),
  );
  const start = Math.max(
    pcLevel,
    levelFor(refs, (p) => Math.max(p.width, p.height) <= 128),
  );
  const pc = phaseCorrelate(refs[pcLevel] as Plane, movs[pcLevel] as Plane);
  const byShift = fromLevel({ a: 1, b: 0, tx: pc.dx, ty: pc.dy }, pcLevel);
  // A weak peak may be a wrong one: no motion at all is tried too, and the better fit is carried on.
  const { transform, fit } = refineFrom(
    refs,
    movs,
    start,
    finest,
    pc.peakRatio < 3 ? [byShift, IDENTITY] : [byShift],
  );
  const { rotationDeg, scale } = describeSimilarity(transform);
  const cx = (ref.width - 1) / 2;
  const cy = (ref.height - 1) / 2;
  const shift = {
    x: transform.a * cx - transform.b * cy + transform.tx - (mov.width - 1) / 2,
    y: transform.b * cx + transform.a * cy + transform.ty - (mov.height - 1) / 2,
  };
  const maxRotation = options.maxRotationDeg ?? 15;
  const maxScale = options.maxScale ?? 1.2;
  let confidence: number;
  let reason: string;
  const figures = `NCC ${fit.ncc.toFixed(3)}, ${Math.round(fit.inliers * 100)}% of the overlap agrees, rotation ${rotationDeg.toFixed(2)}°, scale ${scale.toFixed(4)}, shift ${shift.x.toFixed(1)}, ${shift.y.toFixed(1)} px`;
  if (Math.abs(rotationDeg) > maxRotation || scale > maxScale || scale < 1 / maxScale) {
    confidence = 0;
    reason = `alignment out of range (${figures})`;
  } else if (fit.overlap < 0.5) {
    confidence = 0;
    reason = `the photos overlap by ${Math.round(fit.overlap * 100)}% only (${figures})`;
  } else {
    confidence = Math.min(ramp(fit.ncc, 0.4, 0.85), ramp(fit.inliers, 0.3, 0.7));
    reason = `aligned: ${figures}`;
  }
  return {
    transform,
    rotationDeg,
    scale,
    shift,
    ncc: fit.ncc,
    inliers: fit.inliers,
    gain: fit.gain,
    offset: fit.offset,
    overlap: fit.overlap,
    peakRatio: pc.peakRatio,
    confidence,
    reason,
  };
}
