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
import { fitMaterialTo, type ColourModel } from "./colour-model.js";
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
  const sh = new Float64Array(2);
  const [ar, ag, ab] = model.albedo;
  const c = raster.channels;
  const d = raster.data;
  for (let k = 0; k < inner.length; k++) {
    const o = (inner[k] ?? 0) * c;
    const pr = srgbToLinear(d[o] ?? 0);
    const pg = c >= 3 ? srgbToLinear(d[o + 1] ?? 0) : pr;
    const pb = c >= 3 ? srgbToLinear(d[o + 2] ?? 0) : pr;
    fitMaterialTo(model, pr, pg, pb, sh);
    const fs = sh[0] ?? 0;
    const fh = sh[1] ?? 0;
    s[k] = fs;
    h[k] = fh;
    // A neutral-black model explains the pixel as grey (see fitMaterial).
    const grey = (pr + pg + pb) / 3;
    const neutral = ar * ar + ag * ag + ab * ab < 1e-9;
    r[k * 3] = pr - (neutral ? grey : fs * ar + fh);
    r[k * 3 + 1] = pg - (neutral ? grey : fs * ag + fh);
    r[k * 3 + 2] = pb - (neutral ? grey : fs * ab + fh);
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
  const d = raster.data;
  const linear = (i: number, k: number): number => srgbToLinear(d[i * c + (c >= 3 ? k : 0)] ?? 0);
  const write = (i: number, r: number, g: number, b: number): void => {
    const o = i * c;
    if (c >= 3) {
      out[o] = linearToSrgb(r);
      out[o + 1] = linearToSrgb(g);
      out[o + 2] = linearToSrgb(b);
    } else out[o] = linearToSrgb(0.2126 * r + 0.7152 * g + 0.0722 * b);
  };
  // Change in linear light of each inner pixel (by its index in `inner`), for the edge pixels to borrow.
  const delta = new Float32Array(inner.length * 3);
  const innerIndex = new Int32Array(n).fill(-1);
  for (let k = 0; k < inner.length; k++) {
    const i = inner[k] ?? 0;
    innerIndex[i] = k;
    const s = fit.s[k] ?? 0;
    const h = fit.h[k] ?? 0;
    const r = s * aim[0] + h + noise * (fit.r[k * 3] ?? 0);
    const g = s * aim[1] + h + noise * (fit.r[k * 3 + 1] ?? 0);
    const b = s * aim[2] + h + noise * (fit.r[k * 3 + 2] ?? 0);
    delta[k * 3] = r - linear(i, 0);
    delta[k * 3 + 1] = g - linear(i, 1);
    delta[k * 3 + 2] = b - linear(i, 2);
    write(i, r, g, b);
  }
  for (let i = 0; i < n; i++) {
    const w = alpha[i] ?? 0;
    if (w <= 0 || w === 1) continue;
    const src = region.edgeSource[i] ?? -1;
    const k = src < 0 ? -1 : (innerIndex[src] ?? -1);
    if (k < 0) continue;
    write(
      i,
      linear(i, 0) + w * (delta[k * 3] ?? 0),
      linear(i, 1) + w * (delta[k * 3 + 1] ?? 0),
      linear(i, 2) + w * (delta[k * 3 + 2] ?? 0),
    );
  }
  const result = { ...raster, data: out };
  const after = meanLabOf((k) => pixelLinear(out, inner[k] ?? 0, c), inner.length, step);
  return { raster: result, before, after };
}
