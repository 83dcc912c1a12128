// Dominant colours of an image (swatches, colourways, a product): weighted k-means in OKLab on a sample of
// its pixels, shades of one material merged, the backdrop and transparent pixels left out.
import { ImagingError } from "../errors/imaging-error.js";
import type { Matte, Raster } from "../raster.js";
import type { Rgb } from "../template/edit-template.js";
import { createColourModel, modelDistance, type ColourModel, type LinearPlanes } from "./colour-model.js";
import { deltaE2000 } from "./ciede2000.js";
import { labToRgb, linearToLab, linearToOklab, srgbToLinear, type Lab, type Oklab } from "./colour-space.js";

/** One dominant colour. */
export interface DominantColour {
  /** Its mean colour, as 8-bit sRGB, CIELAB (mean of the members' CIELAB) and OKLab. */
  readonly rgb: Rgb;
  readonly lab: Lab;
  readonly oklab: Oklab;
  /** Mean linear-light RGB (0–1). */
  readonly linear: readonly [number, number, number];
  /** Share of the counted pixels (0–1); the list is sorted by it, largest first. */
  readonly weight: number;
  /** Spread of its members about it: RMS of their distance to its material model (OKLab units). */
  readonly spread: number;
}

export interface DominantColourOptions {
  /** Pixel weights in [0, 1] (a product matte); else the alpha channel if it has transparency, else every pixel. */
  readonly matte?: Matte;
  /** Most colours returned (default 5). */
  readonly maxColours?: number;
  /** Colours under this share are dropped (default 0.03). */
  readonly minWeight?: number;
  /**
   * Without a matte or alpha: leave out a backdrop, i.e. a colour holding most of the image's border
   * (default true). An image filled by one material (a fabric swatch) keeps it.
   */
  readonly ignoreBackdrop?: boolean;
}

/** Pixels sampled at most (a regular grid over the image). */
const MAX_SAMPLES = 20_000;
const CLUSTERS = 8;
const ITERATIONS = 12;
/** A colour holding this share of the border, and not most of the image, is the backdrop. */
const BACKDROP_BORDER_SHARE = 0.6;
const BACKDROP_MAX_WEIGHT = 0.85;

interface Sample {
  readonly l: number;
  readonly a: number;
  readonly b: number;
  readonly lab: Lab;
  readonly lin: readonly [number, number, number];
  readonly w: number;
  readonly border: boolean;
}

function collectSamples(raster: Raster, weights: Float32Array | undefined): Sample[] {
  const { width, height } = raster;
  const c = raster.channels;
  const stride = Math.max(1, Math.floor(Math.sqrt((width * height) / MAX_SAMPLES)));
  const edge = Math.max(1, Math.round(Math.min(width, height) * 0.02));
  const samples: Sample[] = [];
  for (let y = Math.floor(stride / 2); y < height; y += stride)
    for (let x = Math.floor(stride / 2); x < width; x += stride) {
      const i = y * width + x;
      const w = weights ? (weights[i] ?? 0) : 1;
      if (w < 0.5) continue;
      const o = i * c;
      const r = srgbToLinear(raster.data[o] ?? 0);
      const g = c >= 3 ? srgbToLinear(raster.data[o + 1] ?? 0) : r;
      const b = c >= 3 ? srgbToLinear(raster.data[o + 2] ?? 0) : r;
      const ok = linearToOklab(r, g, b);
      const border = x < edge || y < edge || x >= width - edge || y >= height - edge;
      samples.push({ ...ok, lab: linearToLab(r, g, b), lin: [r, g, b], w, border });
    }
  return samples;
}

/** The pixel weights: the matte, else the alpha channel when it has transparency, else none (all count). */
function weightsOf(raster: Raster, options: DominantColourOptions): Float32Array | undefined {
  if (options.matte) return options.matte.data;
  if (raster.channels !== 4 && raster.channels !== 2) return undefined;
  const n = raster.width * raster.height;
  const c = raster.channels;
  const out = new Float32Array(n);
  let transparent = false;
  for (let i = 0; i < n; i++) {
    const a = raster.data[i * c + c - 1] ?? 0;
    if (a < 250) transparent = true;
    out[i] = a / 255;
  }
  return transparent ? out : undefined;
}

/** Deterministic k-means++ seeding and Lloyd iterations; returns each sample's cluster. */
function kMeans(samples: readonly Sample[], k: number): Int32Array {
  const n = samples.length;
  const l = Float32Array.from(samples, (s) => s.l);
  const a = Float32Array.from(samples, (s) => s.a);
  const b = Float32Array.from(samples, (s) => s.b);
  const w = Float32Array.from(samples, (s) => s.w);
  const cl = new Float64Array(k);
  const ca = new Float64Array(k);
  const cb = new Float64Array(k);
  const start = Math.floor(n / 2);
  cl[0] = l[start] ?? 0;
  ca[0] = a[start] ?? 0;
  cb[0] = b[start] ?? 0;
  let centres = 1;
  const nearest = new Float64Array(n).fill(Infinity);
  while (centres < k) {
    const j = centres - 1;
    const lj = cl[j] ?? 0;
    const aj = ca[j] ?? 0;
    const bj = cb[j] ?? 0;
    // The farthest-by-weight sample (deterministic stand-in for sampling proportional to distance²).
    let best = -1;
    let bestScore = 1e-9;
    for (let i = 0; i < n; i++) {
      const d = ((l[i] ?? 0) - lj) ** 2 + ((a[i] ?? 0) - aj) ** 2 + ((b[i] ?? 0) - bj) ** 2;
      const m = Math.min(d, nearest[i] ?? Infinity);
      nearest[i] = m;
      const score = m * (w[i] ?? 0);
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    if (best < 0) break;
    cl[centres] = l[best] ?? 0;
    ca[centres] = a[best] ?? 0;
    cb[centres] = b[best] ?? 0;
    centres++;
  }
  const assign = new Int32Array(n);
  const sl = new Float64Array(centres);
  const sa = new Float64Array(centres);
  const sb = new Float64Array(centres);
  const sw = new Float64Array(centres);
  for (let it = 0; it < ITERATIONS; it++) {
    sl.fill(0);
    sa.fill(0);
    sb.fill(0);
    sw.fill(0);
    for (let i = 0; i < n; i++) {
      const li = l[i] ?? 0;
      const ai = a[i] ?? 0;
      const bi = b[i] ?? 0;
      let best = 0;
      let bestD = Infinity;
      for (let j = 0; j < centres; j++) {
        const d = (li - (cl[j] ?? 0)) ** 2 + (ai - (ca[j] ?? 0)) ** 2 + (bi - (cb[j] ?? 0)) ** 2;
        if (d < bestD) {
          bestD = d;
          best = j;
        }
      }
      assign[i] = best;
      const wi = w[i] ?? 0;
      sl[best] = (sl[best] ?? 0) + li * wi;
      sa[best] = (sa[best] ?? 0) + ai * wi;
      sb[best] = (sb[best] ?? 0) + bi * wi;
      sw[best] = (sw[best] ?? 0) + wi;
    }
    for (let j = 0; j < centres; j++) {
      const wj = sw[j] ?? 0;
      if (wj <= 0) continue;
      cl[j] = (sl[j] ?? 0) / wj;
      ca[j] = (sa[j] ?? 0) / wj;
      cb[j] = (sb[j] ?? 0) / wj;
    }
  }
  return assign;
}

interface Group {
  members: number[];
  weight: number;
  border: number;
}

function meanOf(
  samples: readonly Sample[],
  members: readonly number[],
): { ok: Oklab; lab: Lab; lin: [number, number, number] } {
  let w = 0;
  const ok = { l: 0, a: 0, b: 0 };
  const lab = { l: 0, a: 0, b: 0 };
  const lin: [number, number, number] = [0, 0, 0];
  for (const i of members) {
    const s = samples[i];
    if (!s) continue;
    w += s.w;
    ok.l += s.l * s.w;
    ok.a += s.a * s.w;
    ok.b += s.b * s.w;
    lab.l += s.lab.l * s.w;
    lab.a += s.lab.a * s.w;
    lab.b += s.lab.b * s.w;
    lin[0] += s.lin[0] * s.w;
    lin[1] += s.lin[1] * s.w;
    lin[2] += s.lin[2] * s.w;
  }
  const k = w > 0 ? 1 / w : 0;
  return {
    ok: { l: ok.l * k, a: ok.a * k, b: ok.b * k },
    lab: { l: lab.l * k, a: lab.a * k, b: lab.b * k },
    lin: [lin[0] * k, lin[1] * k, lin[2] * k],
  };
}

/** Linear colours as planes, so the material model can judge each. */
function asPlanes(colours: readonly (readonly [number, number, number])[]): LinearPlanes {
  return {
    width: colours.length,
    height: 1,
    r: Float32Array.from(colours, (c) => c[0]),
    g: Float32Array.from(colours, (c) => c[1]),
    b: Float32Array.from(colours, (c) => c[2]),
  };
}

/**
 * Merges groups that are one material in different light (one's mean explained by the other's model)
 * or too close to tell apart (ΔE00 < 4), largest first.
 */
function mergeShades(samples: readonly Sample[], groups: Group[]): Group[] {
  const sorted = [...groups].sort((p, q) => q.weight - p.weight);
  const merged: Group[] = [];
  // Each host is judged by the mean of the group it started from (the largest of its shades).
  const means = new Map<Group, ReturnType<typeof meanOf>>();
  for (const g of sorted) {
    const m = meanOf(samples, g.members);
    const host = merged.find((h) => {
      const hm = means.get(h) ?? m;
      const model: ColourModel = createColourModel(hm.lin);
      return (
        modelDistance(asPlanes([m.lin]), 0, model, true) <= model.tolerance || deltaE2000(hm.lab, m.lab) < 4
      );
    });
    if (host) {
      host.members.push(...g.members);
      host.weight += g.weight;
      host.border += g.border;
    } else {
      const fresh = { members: [...g.members], weight: g.weight, border: g.border };
      means.set(fresh, m);
      merged.push(fresh);
    }
  }
  return merged;
}

/**
 * The image's dominant colours, largest first. Throws ImagingError `no_dominant_colour` when no pixel
 * counts (fully transparent, or empty).
 */
export function extractDominantColours(
  raster: Raster,
  options: DominantColourOptions = {},
): DominantColour[] {
  const weights = weightsOf(raster, options);
  const samples = collectSamples(raster, weights);
  if (samples.length === 0) throw new ImagingError("no_dominant_colour", "the image has no opaque pixels");
  const assign = kMeans(samples, Math.min(CLUSTERS, samples.length));
  const raw = new Map<number, Group>();
  for (const [i, s] of samples.entries()) {
    const g = raw.get(assign[i] ?? 0) ?? { members: [], weight: 0, border: 0 };
    g.members.push(i);
    g.weight += s.w;
    if (s.border) g.border += s.w;
    raw.set(assign[i] ?? 0, g);
  }
  let groups = mergeShades(samples, [...raw.values()]);
  const total = groups.reduce((s, g) => s + g.weight, 0);
  const borderTotal = groups.reduce((s, g) => s + g.border, 0);
  if (weights === undefined && options.ignoreBackdrop !== false && borderTotal > 0) {
    const backdrop = groups.filter(
      (g) => g.border / borderTotal >= BACKDROP_BORDER_SHARE && g.weight / total < BACKDROP_MAX_WEIGHT,
    );
    if (backdrop.length > 0 && backdrop.length < groups.length)
      groups = groups.filter((g) => !backdrop.includes(g));
  }
  const kept = groups.reduce((s, g) => s + g.weight, 0);
  const minWeight = options.minWeight ?? 0.03;
  const colours = groups
    .map((g): DominantColour => {
      const m = meanOf(samples, g.members);
      const model = createColourModel(m.lin);
      // The spread from an even subsample of at most 2,000 members.
      const step = Math.max(1, Math.floor(g.members.length / 2000));
      const picked = g.members.filter((_, k) => k % step === 0);
      const planes = asPlanes(picked.map((i) => samples[i]?.lin ?? ([0, 0, 0] as const)));
      let spread = 0;
      let counted = 0;
      for (let i = 0; i < planes.width; i++) {
        const d = modelDistance(planes, i, model, true);
        if (!Number.isFinite(d)) continue;
        spread += d * d;
        counted++;
      }
      return {
        rgb: labToRgb(m.lab),
        lab: m.lab,
        oklab: m.ok,
        linear: m.lin,
        weight: g.weight / kept,
        spread: Math.sqrt(spread / Math.max(1, counted)),
      };
    })
    .filter((c) => c.weight >= minWeight)
    .sort((p, q) => q.weight - p.weight);
  return colours.slice(0, options.maxColours ?? 5);
}
