// Deterministic generator of studio-style product photos with exact ground-truth alpha (tests and bench).
import { boxMean } from "../matting/filters.js";
import type { Matte, Raster } from "../raster.js";

/** One generated photo: RGB pixels, the product's true coverage, and what it shows. */
export interface GeneratedPhoto {
  readonly id: string;
  readonly photo: Raster;
  readonly alpha: Matte;
  readonly description: string;
}

/** Generator settings; the same seed always gives the same photos. */
export interface GeneratePhotosOptions {
  readonly count?: number;
  readonly width?: number;
  readonly height?: number;
  readonly seed?: number;
  /**
   * "studio" (default): plain white, grey and gradient backdrops in turn. "busy": a room-like scene (a
   * wall of soft colour patches, a tiled or planked floor, a few unrelated objects): the backdrops that
   * need the segmentation model.
   */
  readonly family?: "studio" | "busy";
}

export type Rng = () => number;

/** mulberry32: a tiny, fast, seedable PRNG. */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal sample (Box–Muller). */
export function gaussian(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(Math.max(1e-12, rng()))) * Math.cos(2 * Math.PI * rng());
}

type Inside = (x: number, y: number) => boolean;
type Shader = (x: number, y: number) => [number, number, number];

const SHAPES = ["box", "bottle", "mug", "ring", "lamp", "chair", "vase", "frame"] as const;
const BACKDROPS = ["white", "grey", "gradient"] as const;

/**
 * A busy scene behind the product, as an RGB float plane: a wall of soft colour patches (a few random
 * low-frequency waves), below `floorY` a floor of tiles or planks, and a few unrelated objects (discs and
 * blocks, duller than products) standing about.
 */
function createBusyBackdrop(w: number, h: number, floorY: number, rng: Rng): Float32Array {
  const out = new Float32Array(w * h * 3);
  const wall = [0, 1, 2].map(() => 120 + rng() * 100);
  const floorBase = [0, 1, 2].map(() => 90 + rng() * 90);
  const waves = Array.from({ length: 4 }, () => ({
    kx: ((rng() - 0.5) * 4 * Math.PI) / w,
    ky: ((rng() - 0.5) * 4 * Math.PI) / h,
    phase: rng() * 2 * Math.PI,
    amp: [0, 1, 2].map(() => (rng() - 0.5) * 50),
  }));
  const tiles = rng() < 0.5;
  const period = 30 + rng() * 50;
  const horizon = Math.min(h - 1, floorY - h * (0.05 + rng() * 0.1));
  const clutter = Array.from({ length: 3 + Math.floor(rng() * 3) }, () => ({
    x: rng() * w,
    y: horizon - rng() * h * 0.3,
    rx: w * (0.03 + rng() * 0.08),
    ry: h * (0.05 + rng() * 0.15),
    disc: rng() < 0.5,
    color: [0, 1, 2].map(() => 60 + rng() * 140),
  }));
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const o = (y * w + x) * 3;
      for (let c = 0; c < 3; c++) {
        let v: number;
        if (y >= horizon) {
          // Floor: tiles (a checkerboard in perspective-free squares) or planks (bands with grain).
          const t = tiles
            ? (Math.floor(x / period) + Math.floor((y - horizon) / period)) % 2
            : 0.5 + 0.5 * Math.sin((y - horizon) / (period / 6) + Math.sin(x / (period * 2)));
          v = (floorBase[c] ?? 128) * (0.85 + 0.3 * t);
        } else {
          v = wall[c] ?? 160;
          for (const wave of waves)
            v += (wave.amp[c] ?? 0) * Math.sin(wave.kx * x + wave.ky * y + wave.phase);
        }
        out[o + c] = v;
      }
      for (const k of clutter) {
        const dx = (x - k.x) / k.rx;
        const dy = (y - k.y) / k.ry;
        if (k.disc ? dx * dx + dy * dy <= 1 : Math.abs(dx) <= 1 && dy >= -1 && dy <= 1)
          for (let c = 0; c < 3; c++) out[o + c] = (k.color[c] ?? 128) * (0.9 + 0.1 * dy);
      }
    }
  return out;
}

/** Builds one product: an inside test (with holes and thin parts) and a textured colour. */
function createProduct(
  kind: (typeof SHAPES)[number],
  w: number,
  h: number,
  rng: Rng,
): { inside: Inside; base: number; floor: number } {
  const cx = w * (0.42 + rng() * 0.16);
  const s = Math.min(w, h) * (0.5 + rng() * 0.25);
  const top = h * 0.5 - s / 2;
  const floor = top + s;
  const rect =
    (x0: number, y0: number, x1: number, y1: number): Inside =>
    (x, y) =>
      x >= x0 && x <= x1 && y >= y0 && y <= y1;
  const ellipse =
    (ex: number, ey: number, rx: number, ry: number): Inside =>
    (x, y) =>
      ((x - ex) / rx) ** 2 + ((y - ey) / ry) ** 2 <= 1;
  const thin = 1.2 + rng() * 2.5;
  switch (kind) {
    case "box":
      return { inside: rect(cx - s * 0.35, top + s * 0.1, cx + s * 0.35, floor), base: 0, floor };
    case "bottle": {
      const body = rect(cx - s * 0.16, top + s * 0.35, cx + s * 0.16, floor);
      const neck = rect(cx - s * 0.05, top, cx + s * 0.05, top + s * 0.36);
      const shoulder = ellipse(cx, top + s * 0.37, s * 0.16, s * 0.1);
      return { inside: (x, y) => body(x, y) || neck(x, y) || shoulder(x, y), base: 1, floor };
    }
    case "mug": {
      const body = rect(cx - s * 0.25, top + s * 0.3, cx + s * 0.15, floor);
      const outer = ellipse(cx + s * 0.2, top + s * 0.62, s * 0.16, s * 0.2);
      const hole = ellipse(cx + s * 0.2, top + s * 0.62, s * 0.09, s * 0.12);
      return { inside: (x, y) => body(x, y) || (outer(x, y) && !hole(x, y)), base: 2, floor };
    }
    case "ring": {
      const outer = ellipse(cx, top + s * 0.55, s * 0.4, s * 0.45);
      const hole = ellipse(cx, top + s * 0.55, s * 0.22, s * 0.26);
      return { inside: (x, y) => outer(x, y) && !hole(x, y), base: 3, floor: top + s };
    }
    case "lamp": {
      const shade = (x: number, y: number): boolean =>
        y >= top && y <= top + s * 0.3 && Math.abs(x - cx) <= s * (0.12 + (0.18 * (y - top)) / (s * 0.3));
      const stem = rect(cx - thin / 2, top + s * 0.3, cx + thin / 2, floor - s * 0.05);
      const foot = ellipse(cx, floor - s * 0.03, s * 0.2, s * 0.03);
      return { inside: (x, y) => shade(x, y) || stem(x, y) || foot(x, y), base: 4, floor };
    }
    case "chair": {
      const seat = rect(cx - s * 0.3, top + s * 0.5, cx + s * 0.3, top + s * 0.58);
      const back = rect(cx - s * 0.3, top, cx - s * 0.3 + thin * 2, top + s * 0.5);
      const legs = [-0.3, 0.28].map((o) => rect(cx + s * o, top + s * 0.58, cx + s * o + thin * 1.5, floor));
      const rail = rect(cx - s * 0.3, top + s * 0.1, cx + s * 0.3, top + s * 0.1 + thin);
      return {
        inside: (x, y) => seat(x, y) || back(x, y) || legs.some((l) => l(x, y)) || rail(x, y),
        base: 5,
        floor,
      };
    }
    case "vase": {
      return {
        inside: (x, y) => {
          if (y < top || y > floor) return false;
          const t = (y - top) / s;
          return Math.abs(x - cx) <= s * (0.12 + 0.14 * Math.sin(Math.PI * t));
        },
        base: 6,
        floor,
      };
    }
    case "frame": {
      const outer = rect(cx - s * 0.3, top, cx + s * 0.3, floor);
      const inner = rect(cx - s * 0.22, top + s * 0.08, cx + s * 0.22, floor - s * 0.08);
      return { inside: (x, y) => outer(x, y) && !inner(x, y), base: 7, floor };
    }
  }
}

/** A textured colour: stripes, checks or noise on a base hue; some products get a near-white label. */
function createShader(rng: Rng, nearWhite: boolean, w: number, h: number): Shader {
  const hue = [rng() * 200 + 20, rng() * 200 + 20, rng() * 200 + 20] as const;
  const pattern = Math.floor(rng() * 3);
  const period = 6 + rng() * 20;
  const labelY0 = h * (0.45 + rng() * 0.1);
  const labelY1 = labelY0 + h * 0.08;
  return (x, y) => {
    if (nearWhite && y >= labelY0 && y <= labelY1 && Math.abs(x - w / 2) < w * 0.3) return [226, 228, 224];
    const t =
      pattern === 0
        ? Math.sin((x + y) / period)
        : pattern === 1
          ? (Math.floor(x / period) + Math.floor(y / period)) % 2
          : Math.sin(x / period) * Math.cos(y / (period * 1.7));
    const k = 1 + 0.18 * t;
    return [Math.min(255, hue[0] * k), Math.min(255, hue[1] * k), Math.min(255, hue[2] * k)];
  };
}

/**
 * Samples per side at edge pixels: odd, so no pixel lands on exactly half coverage (a 4×4 grid put a
 * quarter of every straight edge's pixels at 0.5, which a 0.5 threshold cannot classify), and fine enough
 * that coverage is known to about 1/30.
 */
const EDGE_SAMPLES = 15;

/** Coverage of each pixel (supersampled where the centre samples of a 3×3 window disagree). */
function rasterizeCoverage(inside: Inside, w: number, h: number): Float32Array {
  const centre = new Uint8Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) centre[y * w + x] = inside(x + 0.5, y + 0.5) ? 1 : 0;
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const c = centre[y * w + x] ?? 0;
      let uniform = true;
      for (let dy = -1; dy <= 1 && uniform; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const xx = Math.min(w - 1, Math.max(0, x + dx));
          const yy = Math.min(h - 1, Math.max(0, y + dy));
          if ((centre[yy * w + xx] ?? 0) !== c) {
            uniform = false;
            break;
          }
        }
      if (uniform) {
        out[y * w + x] = c;
        continue;
      }
      let hits = 0;
      for (let sy = 0; sy < EDGE_SAMPLES; sy++)
        for (let sx = 0; sx < EDGE_SAMPLES; sx++)
          if (inside(x + (sx + 0.5) / EDGE_SAMPLES, y + (sy + 0.5) / EDGE_SAMPLES)) hits++;
      out[y * w + x] = hits / (EDGE_SAMPLES * EDGE_SAMPLES);
    }
  return out;
}

/** Generates one photo: product over a backdrop with vignetting, a soft floor shadow, and sensor noise. */
export function generatePhoto(index: number, options: GeneratePhotosOptions = {}): GeneratedPhoto {
  const w = options.width ?? 800;
  const h = options.height ?? 800;
  const rng = createRng((options.seed ?? 1) * 100_003 + index * 7919);
  const kind = SHAPES[index % SHAPES.length] ?? "box";
  const backdrop =
    options.family === "busy"
      ? "busy"
      : (BACKDROPS[Math.floor(index / SHAPES.length) % BACKDROPS.length] ?? "white");
  const nearWhite = rng() < 0.3;
  const product = createProduct(kind, w, h, rng);
  const shade = createShader(rng, nearWhite, w, h);
  const alpha = rasterizeCoverage(product.inside, w, h);
  const level = backdrop === "white" ? 246 + rng() * 8 : backdrop === "grey" ? 170 + rng() * 40 : 0;
  const gradTop = 245 - rng() * 10;
  const gradBottom = 190 + rng() * 30;
  const vignette = rng() * 0.07;
  const noise = 0.8 + rng() * 2;
  const shadowOpacity = 0.15 + rng() * 0.25;
  // Soft contact shadow: an ellipse on the floor line, blurred.
  const shadowPlane = new Float32Array(w * h);
  const sx = w / 2;
  const rx = w * 0.22;
  const ry = h * 0.025;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      if (((x - sx) / rx) ** 2 + ((y - product.floor) / ry) ** 2 <= 1) shadowPlane[y * w + x] = shadowOpacity;
  let shadow: Float32Array = shadowPlane;
  for (let k = 0; k < 3; k++) shadow = boxMean(shadow, w, h, Math.round(h * 0.012));
  const scene = backdrop === "busy" ? createBusyBackdrop(w, h, product.floor, rng) : undefined;
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const r2 = ((x - w / 2) / (w / 2)) ** 2 + ((y - h / 2) / (h / 2)) ** 2;
      const light = (1 - vignette * r2) * (1 - (shadow[i] ?? 0));
      const bgLevel =
        (backdrop === "gradient" ? gradTop + ((gradBottom - gradTop) * y) / (h - 1) : level) * light;
      const a = alpha[i] ?? 0;
      const f = a > 0 ? shade(x, y) : ([0, 0, 0] as const);
      for (let c = 0; c < 3; c++) {
        const tint = backdrop === "grey" && c === 2 ? 4 : 0;
        const bg = scene ? (scene[i * 3 + c] ?? 0) * light : bgLevel + tint;
        const v = (f[c] ?? 0) * a + bg * (1 - a) + gaussian(rng) * noise;
        data[i * 3 + c] = Math.min(255, Math.max(0, Math.round(v)));
      }
    }
  return {
    id: `${String(index).padStart(3, "0")}-${kind}-${backdrop}${nearWhite ? "-label" : ""}`,
    photo: { width: w, height: h, channels: 3, data },
    alpha: { width: w, height: h, data: alpha },
    description: `${kind} on ${backdrop}${nearWhite ? " with a near-white label" : ""}`,
  };
}

/** Generates `count` (default 100) photos, cycling shapes × backdrops (of the family), all deterministic. */
export function* generatePhotos(options: GeneratePhotosOptions = {}): Generator<GeneratedPhoto> {
  const count = options.count ?? 100;
  for (let i = 0; i < count; i++) yield generatePhoto(i, options);
}
