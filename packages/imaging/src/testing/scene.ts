// Procedural scenes rendered through a known camera motion: the ground truth of the registration tests.
import { applySimilarity, invertSimilarity, type Similarity } from "../align/similarity.js";
import { createMatte, type Matte, type Raster } from "../raster.js";
import { gaussian, type Rng } from "./generate-photos.js";

/** A scene in reference coordinates: what covers a point and its colour there. */
export interface Scene {
  /** Opacity of the scene's content at (x, y): 0 (backdrop) or 1. */
  readonly inside: (x: number, y: number) => boolean;
  /** sRGB colour of the content at (x, y) (only asked where `inside`). */
  readonly shade: (x: number, y: number) => readonly [number, number, number];
}

/** A smooth random field (sum of a few waves), deterministic for the rng's state. */
export function createWaves(rng: Rng, count: number, minPeriod: number, maxPeriod: number) {
  const waves = Array.from({ length: count }, () => {
    const period = minPeriod + rng() * (maxPeriod - minPeriod);
    const angle = rng() * Math.PI;
    return {
      kx: (Math.cos(angle) * 2 * Math.PI) / period,
      ky: (Math.sin(angle) * 2 * Math.PI) / period,
      phase: rng() * 2 * Math.PI,
    };
  });
  return (x: number, y: number): number => {
    let v = 0;
    for (const w of waves) v += Math.sin(w.kx * x + w.ky * y + w.phase);
    return v / Math.sqrt(count);
  };
}

/** A printed fabric: base colour, woven stripes, a few-wave mottle and printed dots, in 0–255. */
export function createFabric(rng: Rng, base: readonly [number, number, number]) {
  const mottle = createWaves(rng, 5, 20, 90);
  const fine = createWaves(rng, 3, 5, 11);
  const dots = Array.from({ length: 14 }, () => ({ x: rng(), y: rng(), r: 0.01 + rng() * 0.03 }));
  const stripe = 8 + rng() * 10;
  return (x: number, y: number, w: number, h: number): [number, number, number] => {
    const k =
      1 + 0.12 * mottle(x, y) + 0.07 * fine(x, y) + 0.06 * Math.sign(Math.sin((x + 0.6 * y) / stripe));
    let dot = 0;
    for (const d of dots) if (Math.hypot(x / w - d.x, y / h - d.y) < d.r) dot = 1;
    const c = (v: number): number => Math.min(255, Math.max(0, dot ? 255 - v * 0.6 : v * k));
    return [c(base[0]), c(base[1]), c(base[2])];
  };
}

/** What rendering a scene through a transform gives. */
export interface RenderedShot {
  /** RGBA when `transparent`, else RGB over the backdrop. */
  readonly raster: Raster;
  /** Exact coverage of the content. */
  readonly alpha: Matte;
}

export interface RenderOptions {
  /** Reference → this shot (the shot shows the scene point T⁻¹(p) at pixel p). Default identity. */
  readonly transform?: Similarity;
  /** Backdrop level for an opaque shot (default 246). */
  readonly backdrop?: number;
  /** RGBA with the coverage as alpha instead of flattening over the backdrop. */
  readonly transparent?: boolean;
  /** Sensor noise σ in levels (default 1.2). */
  readonly noise?: number;
  /** Exposure factor (default 1). */
  readonly gain?: number;
}

const SUB = 4;

/**
 * Renders `scene` as seen by a camera moved by `transform`: each pixel's centre is mapped back into the
 * scene; pixels whose neighbours disagree about coverage are supersampled 4×4 (coverage and colour).
 */
export function renderShot(
  scene: Scene,
  width: number,
  height: number,
  rng: Rng,
  o: RenderOptions = {},
): RenderedShot {
  const inv = invertSimilarity(o.transform ?? { a: 1, b: 0, tx: 0, ty: 0 });
  const back = o.backdrop ?? 246;
  const noise = o.noise ?? 1.2;
  const gain = o.gain ?? 1;
  const ch = o.transparent ? 4 : 3;
  const centre = new Uint8Array(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const q = applySimilarity(inv, x, y);
      centre[y * width + x] = scene.inside(q.x, q.y) ? 1 : 0;
    }
  const alpha = createMatte(width, height);
  const data = new Uint8Array(width * height * ch);
  const col = [0, 0, 0];
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const c = centre[i] ?? 0;
      const edge =
        (x > 0 && centre[i - 1] !== c) ||
        (x < width - 1 && centre[i + 1] !== c) ||
        (y > 0 && centre[i - width] !== c) ||
        (y < height - 1 && centre[i + width] !== c);
      let a = c;
      col[0] = col[1] = col[2] = 0;
      if (edge) {
        let hits = 0;
        for (let sy = 0; sy < SUB; sy++)
          for (let sx = 0; sx < SUB; sx++) {
            const q = applySimilarity(inv, x - 0.5 + (sx + 0.5) / SUB, y - 0.5 + (sy + 0.5) / SUB);
            if (!scene.inside(q.x, q.y)) continue;
            hits++;
            const s = scene.shade(q.x, q.y);
            col[0] += s[0];
            col[1] += s[1];
            col[2] += s[2];
          }
        a = hits / (SUB * SUB);
        if (hits > 0) for (let k = 0; k < 3; k++) col[k] = (col[k] ?? 0) / hits;
      } else if (c) {
        const q = applySimilarity(inv, x, y);
        const s = scene.shade(q.x, q.y);
        col[0] = s[0];
        col[1] = s[1];
        col[2] = s[2];
      }
      alpha.data[i] = a;
      for (let k = 0; k < 3; k++) {
        const f = (col[k] ?? 0) * gain;
        const v = o.transparent ? f : f * a + back * gain * (1 - a);
        data[i * ch + k] = Math.min(255, Math.max(0, Math.round(v + gaussian(rng) * noise)));
      }
      if (o.transparent) data[i * 4 + 3] = Math.round(a * 255);
    }
  return { raster: { width, height, channels: ch, data }, alpha };
}
