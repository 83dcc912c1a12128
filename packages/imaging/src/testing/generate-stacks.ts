// Deterministic focus brackets: sharp textured depth layers, each shot blurring the layers away from its
// focus plane, taken with a little focus breathing (zoom) and shake (shift, rotation).
import { gaussianBlur, type Plane } from "../align/plane.js";
import {
  composeSimilarity,
  createSimilarity,
  invertSimilarity,
  type Similarity,
} from "../align/similarity.js";
import { warpRaster } from "../align/warp.js";
import type { Raster } from "../raster.js";
import { createRng, gaussian } from "./generate-photos.js";
import { createFabric } from "./scene.js";

export interface StackSet {
  readonly id: string;
  /** Shot 1 is the reference frame. */
  readonly shots: readonly Raster[];
  /** Reference → shot k, for shots 2…n. */
  readonly truths: readonly Similarity[];
  /** Depth layer of each reference pixel (0 far … layers − 1 near), from the sharp scene. */
  readonly depth: Uint8Array;
  readonly layers: number;
  readonly description: string;
}

export interface StackSetOptions {
  readonly width?: number;
  readonly height?: number;
  readonly seed?: number;
  /** Depth layers = shots (2–5, default 3). */
  readonly layers?: number;
  /** Blur σ per unit of depth away from focus (default 1.8 px). */
  readonly blurPerLayer?: number;
}

const MARGIN = 24;

/** One layer: colour planes and coverage at the reference size plus the margin. */
interface Layer {
  readonly rgb: Plane[];
  readonly coverage: Plane;
}

function createLayer(w: number, h: number, seed: number, depth: number): Layer {
  const rng = createRng(seed);
  const fabric = createFabric(rng, [40 + rng() * 180, 40 + rng() * 180, 40 + rng() * 180]);
  const cx = w * (0.3 + rng() * 0.4);
  const cy = h * (0.3 + rng() * 0.4);
  const rx = w * (0.12 + 0.18 * rng()) * (depth === 1 ? 1.4 : 1);
  const ry = h * (0.12 + 0.18 * rng()) * (depth === 1 ? 1.4 : 1);
  const disc = rng() < 0.5;
  const inside = (x: number, y: number): boolean =>
    depth === 0 ||
    (disc
      ? ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1
      : Math.abs(x - cx) <= rx && Math.abs(y - cy) <= ry);
  const rgb = [0, 1, 2].map(() => ({ width: w, height: h, data: new Float32Array(w * h) }));
  const coverage = { width: w, height: h, data: new Float32Array(w * h) };
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (!inside(x, y)) continue;
      coverage.data[i] = 1;
      const c = fabric(x, y, w, h);
      for (let k = 0; k < 3; k++) (rgb[k] as Plane).data[i] = c[k] ?? 0;
    }
  return { rgb, coverage };
}

/**
 * One bracketed set: `layers` depth layers (a textured far plane and nearer discs or boxes), shot k focused
 * on layer k: every other layer is blurred by σ = blurPerLayer × its depth distance, nearer layers composited
 * over farther ones with their blurred coverage. Shots 2… add breathing (up to ±1 % zoom), shake (up to
 * ±3 px, ±0.3°) and sensor noise.
 */
export function generateStackSet(index: number, options: StackSetOptions = {}): StackSet {
  const w = options.width ?? 512;
  const h = options.height ?? 512;
  const layers = Math.min(5, Math.max(2, options.layers ?? 3));
  const blur = options.blurPerLayer ?? 1.8;
  const seed = (options.seed ?? 1) * 9_176_941 + index * 31_337;
  const rng = createRng(seed);
  const W = w + 2 * MARGIN;
  const H = h + 2 * MARGIN;
  const scene = Array.from({ length: layers }, (_, d) => createLayer(W, H, seed + 101 * (d + 1), d));
  const depth = new Uint8Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let d = layers - 1; d >= 0; d--)
        if (((scene[d] as Layer).coverage.data[(y + MARGIN) * W + x + MARGIN] ?? 0) > 0.5) {
          depth[y * w + x] = d;
          break;
        }
  const shots: Raster[] = [];
  const truths: Similarity[] = [];
  const toMargin = createSimilarity({ tx: MARGIN, ty: MARGIN });
  for (let focus = 0; focus < layers; focus++) {
    const out = [0, 1, 2].map(() => new Float32Array(W * H));
    for (let d = 0; d < layers; d++) {
      const layer = scene[d] as Layer;
      const sigma = blur * Math.abs(d - focus);
      const a = d === 0 ? undefined : gaussianBlur(layer.coverage, sigma).data;
      for (let c = 0; c < 3; c++) {
        const src = gaussianBlur(layer.rgb[c] as Plane, sigma).data;
        const dst = out[c] as Float32Array;
        // Colours were premultiplied by coverage (zero outside), so blurring them is blurring the premultiplied layer.
        for (let i = 0; i < W * H; i++)
          dst[i] = a ? (src[i] ?? 0) + (1 - (a[i] ?? 0)) * (dst[i] ?? 0) : (src[i] ?? 0);
      }
    }
    const composite = new Uint8Array(W * H * 3);
    for (let i = 0; i < W * H; i++)
      for (let c = 0; c < 3; c++)
        composite[i * 3 + c] = Math.min(255, Math.max(0, Math.round((out[c] as Float32Array)[i] ?? 0)));
    const truth =
      focus === 0
        ? createSimilarity({})
        : createSimilarity({
            rotationDeg: (rng() * 2 - 1) * 0.3,
            scale: 1 + (rng() * 2 - 1) * 0.01,
            tx: (rng() * 2 - 1) * 3,
            ty: (rng() * 2 - 1) * 3,
            center: { x: w / 2, y: h / 2 },
          });
    // The shot shows scene point T⁻¹(p) at pixel p: composite(T⁻¹(p) + margin).
    const shot = warpRaster(
      { width: W, height: H, channels: 3, data: composite },
      composeSimilarity(toMargin, invertSimilarity(truth)),
      w,
      h,
    ).raster;
    for (let i = 0; i < shot.data.length; i++)
      shot.data[i] = Math.min(255, Math.max(0, Math.round((shot.data[i] ?? 0) + gaussian(rng) * 1.0)));
    shots.push(shot);
    if (focus > 0) truths.push(truth);
  }
  return {
    id: `${String(index).padStart(3, "0")}-bracket-${layers}`,
    shots,
    truths,
    depth,
    layers,
    description: `${layers} depth layers, ${layers} shots each focused on one`,
  };
}
