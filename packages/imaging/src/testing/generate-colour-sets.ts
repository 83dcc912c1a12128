// Deterministic ground truth for the colour operations: garment-like products with exact region masks
// (body, trim, a near-white label), rendered in linear light with shading, folds, a fine weave and white
// highlights; a target colour per set, the same scene re-rendered in it, and a reference photo for matching.
import type { Matte, Raster } from "../raster.js";
import type { Rgb } from "../template/edit-template.js";
import { deltaE2000 } from "../colour/ciede2000.js";
import { linearToSrgb, rgbToLab, srgbToLinear } from "../colour/colour-space.js";

/** One generated colour set. */
export interface ColourSet {
  readonly id: string;
  /** The photo (RGB). */
  readonly photo: Raster;
  /** Exact coverage of the product and of each of its regions (body + sleeves, trim, label). */
  readonly alpha: Matte;
  readonly body: Matte;
  readonly trim: Matte;
  readonly label: Matte;
  /** The white light added on the body (linear amount): highlights. */
  readonly highlight: Matte;
  /** A point well inside the body, off highlights (photo pixels). */
  readonly marker: { readonly x: number; readonly y: number };
  /** The body's colour in the photo, the colour to change it to, and the photo re-rendered in it. */
  readonly bodyColour: Rgb;
  readonly target: Rgb;
  readonly recoloured: Raster;
  /** A reference photo of the same product in `referenceColour` (other light and folds) for matching. */
  readonly reference: Raster;
  readonly referenceBody: Matte;
  readonly referenceColour: Rgb;
}

export interface ColourSetOptions {
  readonly width?: number;
  readonly height?: number;
  readonly seed?: number;
}

type Rng = () => number;

function createRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Colours that exercise the maths: saturated, dark, light, near-neutral. */
const PALETTE: readonly Rgb[] = [
  { r: 178, g: 34, b: 34 },
  { r: 25, g: 42, b: 110 },
  { r: 240, g: 200, b: 40 },
  { r: 30, g: 120, b: 60 },
  { r: 120, g: 60, b: 150 },
  { r: 230, g: 230, b: 225 },
  { r: 45, g: 45, b: 48 },
  { r: 210, g: 120, b: 60 },
  { r: 90, g: 160, b: 200 },
  { r: 150, g: 110, b: 80 },
  { r: 200, g: 90, b: 140 },
  { r: 110, g: 120, b: 60 },
];

const TRIMS: readonly Rgb[] = [
  { r: 20, g: 20, b: 24 },
  { r: 235, g: 235, b: 230 },
  { r: 200, g: 160, b: 30 },
  { r: 40, g: 90, b: 160 },
];

/** Region id of a point: 0 backdrop, 1 body, 2 trim, 3 label. */
type Shape = (x: number, y: number) => 0 | 1 | 2 | 3;

function createShape(w: number, h: number, rng: Rng): Shape {
  const cx = w * (0.47 + rng() * 0.06);
  const top = h * (0.14 + rng() * 0.04);
  const bottom = h * (0.86 - rng() * 0.04);
  const half = w * (0.2 + rng() * 0.05);
  const shoulder = top + (bottom - top) * 0.12;
  const sleeveEnd = top + (bottom - top) * 0.45;
  const sleeveReach = w * (0.14 + rng() * 0.04);
  const neck = half * 0.42;
  const collar = (bottom - top) * 0.04;
  const cuff = (bottom - top) * 0.05;
  const label = {
    x0: cx + half * 0.25,
    x1: cx + half * 0.6,
    y0: top + (bottom - top) * 0.22,
    y1: top + (bottom - top) * 0.3,
  };
  return (x, y) => {
    if (y < top || y > bottom) return 0;
    const dx = Math.abs(x - cx);
    // Neck opening: an ellipse cut from the top edge, with a collar band around it.
    const neckR = ((x - cx) / neck) ** 2 + ((y - top) / (collar * 3)) ** 2;
    if (neckR < 1) return 0;
    const inBody = dx <= half;
    // Sleeves: from the shoulder outwards and down to sleeveEnd, tapering.
    const t = (y - shoulder) / (sleeveEnd - shoulder);
    const inSleeve =
      !inBody &&
      t >= 0 &&
      t <= 1 &&
      dx <= half + sleeveReach * (1 - 0.35 * t) &&
      dx >= half - 1 &&
      y >= shoulder + (dx - half) * 0.6;
    if (!inBody && !inSleeve) return 0;
    if (neckR < 1.7) return 2;
    if (inSleeve && t > 1 - cuff / (sleeveEnd - shoulder)) return 2;
    if (inBody && y > bottom - cuff) return 2;
    if (inBody && x >= label.x0 && x <= label.x1 && y >= label.y0 && y <= label.y1) return 3;
    return 1;
  };
}

/** Light on the product in linear units (gradient × folds × weave), and white highlights added on top. */
function createLight(
  w: number,
  h: number,
  rng: Rng,
): { shade: (x: number, y: number) => number; spec: (x: number, y: number) => number } {
  const gx = (rng() - 0.5) * 0.5;
  const gy = (rng() - 0.5) * 0.4;
  const folds = Array.from({ length: 3 }, () => ({
    angle: rng() * Math.PI,
    period: w * (0.08 + rng() * 0.1),
    phase: rng() * 2 * Math.PI,
    depth: 0.08 + rng() * 0.12,
  }));
  const weave = 1.3 + rng() * 0.8;
  const spots = Array.from({ length: 2 }, () => ({
    x: w * (0.35 + rng() * 0.3),
    y: h * (0.35 + rng() * 0.35),
    r: Math.min(w, h) * (0.015 + rng() * 0.02),
    k: 0.15 + rng() * 0.25,
  }));
  return {
    shade: (x, y) => {
      let s = 1 + gx * (x / w - 0.5) * 2 + gy * (y / h - 0.5) * 2;
      for (const f of folds) {
        const u = (x * Math.cos(f.angle) + y * Math.sin(f.angle)) / f.period;
        s *= 1 - f.depth * (0.5 + 0.5 * Math.sin(2 * Math.PI * u + f.phase)) ** 3;
      }
      return s * (1 + 0.05 * Math.sin(x / weave) * Math.sin(y / weave));
    },
    spec: (x, y) => {
      let v = 0;
      for (const p of spots) v += p.k * Math.exp(-((x - p.x) ** 2 + (y - p.y) ** 2) / (2 * p.r * p.r));
      return v;
    },
  };
}

const SUB = 5;

interface Scene {
  readonly cover: Float32Array[];
  readonly shade: Float32Array;
  readonly spec: Float32Array;
  readonly backdrop: Float32Array;
}

function buildScene(w: number, h: number, rng: Rng): Scene {
  const shape = createShape(w, h, rng);
  const light = createLight(w, h, rng);
  const level = 0.78 + rng() * 0.12;
  const cover = [0, 1, 2, 3].map(() => new Float32Array(w * h));
  const shade = new Float32Array(w * h);
  const spec = new Float32Array(w * h);
  const backdrop = new Float32Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const centre = shape(x + 0.5, y + 0.5);
      let uniform = true;
      for (const [dx, dy] of [
        [-0.5, -0.5],
        [0.5, -0.5],
        [-0.5, 0.5],
        [0.5, 0.5],
      ] as const)
        if (shape(x + 0.5 + dx, y + 0.5 + dy) !== centre) uniform = false;
      if (uniform) (cover[centre] as Float32Array)[i] = 1;
      else
        for (let sy = 0; sy < SUB; sy++)
          for (let sx = 0; sx < SUB; sx++) {
            const id = shape(x + (sx + 0.5) / SUB, y + (sy + 0.5) / SUB);
            (cover[id] as Float32Array)[i] = ((cover[id] as Float32Array)[i] ?? 0) + 1 / (SUB * SUB);
          }
      shade[i] = light.shade(x, y);
      spec[i] = light.spec(x, y);
      const r2 = ((x - w / 2) / w) ** 2 + ((y - h / 2) / h) ** 2;
      backdrop[i] = level * (1 - 0.25 * r2) * (1 - 0.08 * (y / h));
    }
  return { cover, shade, spec, backdrop };
}

/** Renders the scene with the region colours given, in linear light, with sensor noise (seeded). */
function render(scene: Scene, w: number, h: number, colours: readonly Rgb[], noiseSeed: number): Raster {
  const rng = createRng(noiseSeed);
  const lin = colours.map((c) => [srgbToLinear(c.r), srgbToLinear(c.g), srgbToLinear(c.b)]);
  const data = new Uint8Array(w * h * 3);
  for (let i = 0; i < w * h; i++) {
    const s = scene.shade[i] ?? 1;
    const sp = scene.spec[i] ?? 0;
    for (let c = 0; c < 3; c++) {
      let v = (scene.cover[0]?.[i] ?? 0) * (scene.backdrop[i] ?? 0);
      for (let k = 1; k <= 3; k++) {
        const cov = scene.cover[k]?.[i] ?? 0;
        if (cov === 0) continue;
        const albedo = lin[k - 1]?.[c] ?? 0;
        v += cov * (albedo * s + (k === 1 ? sp : 0));
      }
      const code = linearToSrgb(v) + (rng() + rng() + rng() - 1.5) * 1.6;
      data[i * 3 + c] = Math.max(0, Math.min(255, Math.round(code)));
    }
  }
  return { width: w, height: h, channels: 3, data };
}

function matte(w: number, h: number, data: Float32Array): Matte {
  return { width: w, height: h, data };
}

/** A marker: the body pixel nearest the body's centroid with full coverage and no highlight around it. */
function pickMarker(scene: Scene, w: number, h: number): { x: number; y: number } {
  const body = scene.cover[1] ?? new Float32Array(0);
  let sx = 0;
  let sy = 0;
  let n = 0;
  for (let i = 0; i < w * h; i++)
    if ((body[i] ?? 0) === 1) {
      sx += i % w;
      sy += Math.floor(i / w);
      n++;
    }
  const cx = sx / Math.max(1, n);
  const cy = sy / Math.max(1, n);
  let best = { x: Math.round(cx), y: Math.round(cy), d: Infinity };
  const r = Math.max(2, Math.round(Math.min(w, h) / 100));
  for (let y = r; y < h - r; y += 2)
    for (let x = r; x < w - r; x += 2) {
      let ok = true;
      for (let dy = -r; dy <= r && ok; dy++)
        for (let dx = -r; dx <= r; dx++) {
          const j = (y + dy) * w + x + dx;
          if ((body[j] ?? 0) < 1 || (scene.spec[j] ?? 0) > 0.01) {
            ok = false;
            break;
          }
        }
      const d = (x - cx) ** 2 + (y - cy) ** 2;
      if (ok && d < best.d) best = { x, y, d };
    }
  return { x: best.x, y: best.y };
}

/** Generates set `index`: the same seed and index always give the same pixels. */
export function generateColourSet(index: number, options: ColourSetOptions = {}): ColourSet {
  const w = options.width ?? 512;
  const h = options.height ?? 512;
  const seed = (options.seed ?? 1) * 1_000_003 + index * 7919;
  const rng = createRng(seed);
  const pick = <T>(list: readonly T[], k: number): T => list[k % list.length] as T;
  const bodyColour = pick(PALETTE, index);
  const target = pick(PALETTE, index * 5 + 3);
  const referenceColour = pick(PALETTE, index * 7 + 1);
  // Trim and label differ clearly from the body (ΔE00 > 20), as a person marking the photo would expect.
  const far = (c: Rgb): boolean => deltaE2000(rgbToLab(c), rgbToLab(bodyColour)) > 20;
  const trim = [0, 1, 2, 3].map((k) => pick(TRIMS, index + k)).find(far) ?? pick(TRIMS, index);
  const labelColour: Rgb = far({ r: 236, g: 236, b: 230 })
    ? { r: 236, g: 236, b: 230 }
    : { r: 70, g: 70, b: 74 };
  const sceneSeed = rng() * 1e9;
  const scene = buildScene(w, h, createRng(sceneSeed));
  const photo = render(scene, w, h, [bodyColour, trim, labelColour], seed + 1);
  const recoloured = render(scene, w, h, [target, trim, labelColour], seed + 1);
  const referenceScene = buildScene(w, h, createRng(sceneSeed + 17));
  const reference = render(referenceScene, w, h, [referenceColour, trim, labelColour], seed + 2);
  const alpha = new Float32Array(w * h);
  for (let i = 0; i < w * h; i++) alpha[i] = 1 - (scene.cover[0]?.[i] ?? 0);
  return {
    id: `${String(index).padStart(3, "0")}-colour`,
    photo,
    alpha: matte(w, h, alpha),
    body: matte(w, h, scene.cover[1] ?? new Float32Array(w * h)),
    trim: matte(w, h, scene.cover[2] ?? new Float32Array(w * h)),
    label: matte(w, h, scene.cover[3] ?? new Float32Array(w * h)),
    highlight: matte(w, h, scene.spec),
    marker: pickMarker(scene, w, h),
    bodyColour,
    target,
    recoloured,
    reference,
    referenceBody: matte(w, h, referenceScene.cover[1] ?? new Float32Array(w * h)),
    referenceColour,
  };
}
