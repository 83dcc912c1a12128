// Deterministic invisible-mannequin sets for combined images: a garment whose neck opening is a gap in the
// first shot, and inside-neck shots of the same garment taken after a known shift, rotation and zoom.
import { createSimilarity, type Similarity } from "../align/similarity.js";
import { createMatte, type Matte, type Raster } from "../raster.js";
import { createRng } from "./generate-photos.js";
import { createFabric, renderShot, type Scene } from "./scene.js";

export interface CombinedSet {
  readonly id: string;
  /** Shot 1 (gap open), then the inside-neck shots. */
  readonly shots: readonly Raster[];
  /** Exact coverage of each shot. */
  readonly alphas: readonly Matte[];
  /** True transform reference → shot k for shots 2…n (shot 1 is the reference). */
  readonly truths: readonly Similarity[];
  /** The ideal merge in shot 1's frame: RGB colours and coverage (gap filled). */
  readonly expected: { readonly raster: Raster; readonly alpha: Matte };
  /** Coverage of the gap (what the other shots must fill). */
  readonly gap: Matte;
  readonly description: string;
}

export interface CombinedSetOptions {
  readonly width?: number;
  readonly height?: number;
  readonly seed?: number;
  /** Shots including the first (2–5, default 2). */
  readonly shots?: number;
  /** RGBA cut-outs (the customer removed the mannequin) instead of photos on a white backdrop. */
  readonly transparent?: boolean;
  /** Largest rotation (degrees, default 3), shift (fraction of the width, default 0.04) and zoom (default 0.03). */
  readonly maxRotationDeg?: number;
  readonly maxShift?: number;
  readonly maxZoom?: number;
}

/** A T-shirt: torso, sleeves, a back collar; `gap` is the neck opening where the mannequin stood. */
function createGarment(w: number, h: number, seed: number) {
  const rng = createRng(seed);
  const cx = w * (0.47 + rng() * 0.06);
  const top = h * (0.2 + rng() * 0.05);
  const bottom = h * (0.86 + rng() * 0.06);
  const half = w * (0.2 + rng() * 0.04);
  const sleeve = w * (0.13 + rng() * 0.05);
  const neck = { x: cx, y: top + h * 0.035, rx: w * (0.07 + rng() * 0.02), ry: h * (0.05 + rng() * 0.015) };
  const base = [40 + rng() * 180, 40 + rng() * 180, 40 + rng() * 180] as const;
  const front = createFabric(rng, base);
  const inside = createFabric(rng, [base[0] * 0.7, base[1] * 0.7, base[2] * 0.7]);
  const label = { x: cx - w * 0.025, y: neck.y - neck.ry * 0.2, w: w * 0.05, h: h * 0.025 };
  const inGap = (x: number, y: number): boolean =>
    ((x - neck.x) / neck.rx) ** 2 + ((y - neck.y) / neck.ry) ** 2 <= 1 && y >= top - h * 0.01;
  const torso = (x: number, y: number): boolean => {
    if (y < top || y > bottom) return false;
    const t = (y - top) / (bottom - top);
    return Math.abs(x - cx) <= half * (1 - 0.06 * t);
  };
  const sleeves = (x: number, y: number): boolean => {
    const d = Math.abs(x - cx) - half;
    if (d < -2 || d > sleeve) return false;
    const y0 = top + d * 0.55;
    return y >= y0 && y <= y0 + h * 0.16;
  };
  const collar = (x: number, y: number): boolean =>
    ((x - cx) / (neck.rx * 1.25)) ** 2 + ((y - top) / (h * 0.03)) ** 2 <= 1;
  const garment = (x: number, y: number): boolean => torso(x, y) || sleeves(x, y) || collar(x, y);
  const shadeFront = (x: number, y: number) => front(x, y, w, h);
  const shadeInside = (x: number, y: number): readonly [number, number, number] =>
    x >= label.x && x <= label.x + label.w && y >= label.y && y <= label.y + label.h
      ? [236, 232, 224]
      : inside(x, y, w, h);
  const withGap: Scene = { inside: (x, y) => garment(x, y) && !inGap(x, y), shade: shadeFront };
  const filled: Scene = {
    inside: garment,
    shade: (x, y) => (inGap(x, y) ? shadeInside(x, y) : shadeFront(x, y)),
  };
  const gapOnly: Scene = { inside: (x, y) => garment(x, y) && inGap(x, y), shade: shadeInside };
  return { withGap, filled, gapOnly, center: { x: cx, y: (top + bottom) / 2 } };
}

/**
 * One set: shot 1 shows the garment with its neck opening empty (transparent, or the white backdrop
 * showing through); shots 2…n show the whole garment, inside of the neck included, after a known camera
 * motion (rotation about the garment's centre, zoom, shift) and a slight exposure change.
 */
export function generateCombinedSet(index: number, options: CombinedSetOptions = {}): CombinedSet {
  const w = options.width ?? 640;
  const h = options.height ?? 640;
  const seed = (options.seed ?? 1) * 7_368_787 + index * 104_729;
  const rng = createRng(seed + 17);
  const garment = createGarment(w, h, seed);
  const count = Math.min(5, Math.max(2, options.shots ?? 2));
  const maxRot = options.maxRotationDeg ?? 3;
  const maxShift = (options.maxShift ?? 0.04) * w;
  const maxZoom = options.maxZoom ?? 0.03;
  const transparent = options.transparent ?? false;
  const first = renderShot(garment.withGap, w, h, rng, { transparent });
  const shots: Raster[] = [first.raster];
  const alphas: Matte[] = [first.alpha];
  const truths: Similarity[] = [];
  for (let k = 1; k < count; k++) {
    const t = createSimilarity({
      rotationDeg: (rng() * 2 - 1) * maxRot,
      scale: 1 + (rng() * 2 - 1) * maxZoom,
      tx: (rng() * 2 - 1) * maxShift,
      ty: (rng() * 2 - 1) * maxShift,
      center: garment.center,
    });
    const shot = renderShot(garment.filled, w, h, rng, {
      transform: t,
      transparent,
      gain: 0.96 + rng() * 0.08,
    });
    shots.push(shot.raster);
    alphas.push(shot.alpha);
    truths.push(t);
  }
  const ideal = renderShot(garment.filled, w, h, rng, { transparent: true, noise: 0 });
  const gap = renderShot(garment.gapOnly, w, h, rng, { transparent: true, noise: 0 }).alpha;
  const rgb = new Uint8Array(w * h * 3);
  for (let i = 0; i < w * h; i++)
    for (let c = 0; c < 3; c++) rgb[i * 3 + c] = ideal.raster.data[i * 4 + c] ?? 0;
  return {
    id: `${String(index).padStart(3, "0")}-tee-${count}shots${transparent ? "-cutout" : ""}`,
    shots,
    alphas,
    truths,
    expected: { raster: { width: w, height: h, channels: 3, data: rgb }, alpha: ideal.alpha },
    gap: gap.data.some((v) => v > 0) ? gap : createMatte(w, h),
    description: `T-shirt, neck gap in shot 1, ${count - 1} inside-neck shot(s)${transparent ? ", cut-outs" : ", on white"}`,
  };
}
