// Recolouring a region to a target colour, keeping its shading, texture and highlights.
//
// Each region pixel is read as the region's material under light (see colour-model.ts): p = S·A + h·W + r,
// with A the region's mean colour. The new pixel is the target material under the same light and the same
// highlight: S·T + h·W + k·r, with r scaled by k = min(1, |T| / |A|) so a darker target does not carry a
// lighter material's noise at full strength. T starts at the colour that makes the region's mean the target
// and is then corrected twice by the difference between the predicted mean CIELAB colour and the target
// (clipping, highlights and the non-linear mean leave an offset otherwise). Working in linear light keeps
// the light physical: a fold darkens the new colour as it darkened the old, a highlight stays white on top
// of it. Edge pixels take their source pixel's change, scaled by their alpha, so anti-aliased edges keep
// their mix.
import type { Raster } from "../raster.js";
import type { Rgb } from "../template/edit-template.js";
import { fitMaterial, type ColourModel } from "./colour-model.js";
import { labToLinear, linearToLab, linearToSrgb, rgbToLab, srgbToLinear, type Lab } from "./colour-space.js";
import type { ColourRegion } from "./colour-region.js";

/** What recolouring did, for reports and the bench. */
export interface RecolourResult {
  readonly raster: Raster;
  /** The region's mean CIELAB colour before and after. */
  readonly before: Lab;
  readonly after: Lab;
}

type Vec = [number, number, number];

function pixelLinear(data: Uint8Array, i: number, channels: number): Vec {
  const o = i * channels;
  const r = srgbToLinear(data[o] ?? 0);
  return channels >= 3 ? [r, srgbToLinear(data[o + 1] ?? 0), srgbToLinear(data[o + 2] ?? 0)] : [r, r, r];
}

/** Inner pixels of the region (alpha exactly 1). */
function innerOf(alpha: Float32Array): Int32Array {
  let n = 0;
  for (let i = 0; i < alpha.length; i++) if (alpha[i] === 1) n++;
  const out = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < alpha.length; i++) if (alpha[i] === 1) out[k++] = i;
  return out;
}

interface Fit {
  readonly s: Float32Array;
  readonly h: Float32Array;
  /** Residual r per inner pixel, 3 values each. */
  readonly r: Float32Array;
}

function fitRegion(raster: Raster, inner: Int32Array, model: ColourModel): Fit {
  const s = new Float32Array(inner.length);
  const h = new Float32Array(inner.length);
  const r = new Float32Array(inner.length * 3);
  for (let k = 0; k < inner.length; k++) {
    const p = pixelLinear(raster.data, inner[k] ?? 0, raster.channels);
    const fit = fitMaterial(model, p[0], p[1], p[2]);
    s[k] = fit.s;
    h[k] = fit.h;
    r[k * 3] = p[0] - fit.q[0];
    r[k * 3 + 1] = p[1] - fit.q[1];
    r[k * 3 + 2] = p[2] - fit.q[2];
  }
  return { s, h, r };
}

function newColour(fit: Fit, k: number, t: Vec, noise: number): Vec {
  const s = fit.s[k] ?? 0;
  const h = fit.h[k] ?? 0;
  return [
    s * t[0] + h + noise * (fit.r[k * 3] ?? 0),
    s * t[1] + h + noise * (fit.r[k * 3 + 1] ?? 0),
    s * t[2] + h + noise * (fit.r[k * 3 + 2] ?? 0),
  ];
}

/** The linear value an 8-bit output of v holds. */
function quantised(v: number): number {
  return srgbToLinear(linearToSrgb(v));
}

function meanLabOf(colours: (k: number) => Vec, count: number, step: number): Lab {
  let l = 0;
  let a = 0;
  let b = 0;
  let n = 0;
  for (let k = 0; k < count; k += step) {
    const c = colours(k);
    const lab = linearToLab(quantised(c[0]), quantised(c[1]), quantised(c[2]));
    l += lab.l;
    a += lab.a;
    b += lab.b;
    n++;
  }
  return n === 0 ? { l: 0, a: 0, b: 0 } : { l: l / n, a: a / n, b: b / n };
}

function mean(values: Float32Array): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i] ?? 0;
  return values.length === 0 ? 0 : s / values.length;
}

function writePixel(out: Uint8Array, i: number, channels: number, c: Vec): void {
  const o = i * channels;
  if (channels >= 3) {
    out[o] = linearToSrgb(c[0]);
    out[o + 1] = linearToSrgb(c[1]);
    out[o + 2] = linearToSrgb(c[2]);
  } else out[o] = linearToSrgb(0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]);
}

/** The region's material: its inner pixels' mean linear colour, with the region's tolerance. */
function materialOf(raster: Raster, inner: Int32Array, tolerance: number): ColourModel {
  const sum: Vec = [0, 0, 0];
  for (const i of inner) {
    const p = pixelLinear(raster.data, i, raster.channels);
    sum[0] += p[0];
    sum[1] += p[1];
    sum[2] += p[2];
  }
  const n = Math.max(1, inner.length);
  return { albedo: [sum[0] / n, sum[1] / n, sum[2] / n], tolerance };
}

/**
 * A copy of `raster` with `region` recoloured to `target` (8-bit sRGB). Pixels outside the region and its
 * soft edge are copied unchanged; alpha is kept.
 */
export function recolourRegion(raster: Raster, region: ColourRegion, target: Rgb): RecolourResult {
  const alpha = region.alpha.data;
  const c = raster.channels;
  const inner = innerOf(alpha);
  const model = materialOf(raster, inner, region.model.tolerance);
  const fit = fitRegion(raster, inner, model);
  const original = (k: number): Vec => pixelLinear(raster.data, inner[k] ?? 0, c);
  const step = Math.max(1, Math.floor(inner.length / 20_000));
  const before = meanLabOf(original, inner.length, step);
  const goal = rgbToLab(target);
  const norm = Math.hypot(...model.albedo);
  const goalLinear = labToLinear(goal);
  // Start where mean(S)·T + mean(h) is the target; then correct the aim by the predicted offset.
  const ms = Math.max(1e-4, mean(fit.s));
  const mh = mean(fit.h);
  let aim: Vec = [0, 1, 2].map((k) => Math.max(0, ((goalLinear[k] ?? 0) - mh) / ms)) as Vec;
  for (let round = 0; round < 2; round++) {
    const t = aim;
    const noise = Math.min(1, Math.hypot(...t) / Math.max(1e-6, norm));
    const predicted = meanLabOf((k) => newColour(fit, k, t, noise), inner.length, step);
    const aimLab = linearToLab(t[0] * ms + mh, t[1] * ms + mh, t[2] * ms + mh);
    const corrected = labToLinear({
      l: aimLab.l + goal.l - predicted.l,
      a: aimLab.a + goal.a - predicted.a,
      b: aimLab.b + goal.b - predicted.b,
    });
    aim = [0, 1, 2].map((k) => Math.max(0, ((corrected[k] ?? 0) - mh) / ms)) as Vec;
  }
  const noise = Math.min(1, Math.hypot(...aim) / Math.max(1e-6, norm));
  const out = new Uint8Array(raster.data);
  const n = raster.width * raster.height;
  // Change in linear light of each inner pixel, for the edge pixels to borrow.
  const delta = new Float32Array(n * 3);
  for (let k = 0; k < inner.length; k++) {
    const i = inner[k] ?? 0;
    const next = newColour(fit, k, aim, noise);
    const old = original(k);
    delta[i * 3] = next[0] - old[0];
    delta[i * 3 + 1] = next[1] - old[1];
    delta[i * 3 + 2] = next[2] - old[2];
    writePixel(out, i, c, next);
  }
  for (let i = 0; i < n; i++) {
    const w = alpha[i] ?? 0;
    if (w <= 0 || w === 1) continue;
    const s = region.edgeSource[i] ?? -1;
    if (s < 0) continue;
    const old = pixelLinear(raster.data, i, c);
    writePixel(out, i, c, [
      old[0] + w * (delta[s * 3] ?? 0),
      old[1] + w * (delta[s * 3 + 1] ?? 0),
      old[2] + w * (delta[s * 3 + 2] ?? 0),
    ]);
  }
  const result = { ...raster, data: out };
  const after = meanLabOf((k) => pixelLinear(out, inner[k] ?? 0, c), inner.length, step);
  return { raster: result, before, after };
}
