// Plain-backdrop check: a smooth colour surface fitted to the image border, and how well it explains it.
import type { Raster } from "../raster.js";

/** A per-channel polynomial surface c(x, y) over normalised coordinates in [-1, 1]. */
export interface BackdropModel {
  /**
   * 3 channels × 6 coefficients (1, x, y, x², y², xy: the border fit) or × 10 (plus x³, y³, x²y, xy²: the
   * refit over the whole visible backdrop).
   */
  readonly coefficients: readonly (readonly number[])[];
  /** RMS residual of the pixels that fit, in 0–255 levels (the noise level). */
  readonly sigma: number;
  /** Share of border samples within the noise band of the surface. */
  readonly inlierFraction: number;
  /** Whether the measured check accepts the backdrop as plain (white, grey, gradient, vignetted). */
  readonly plain: boolean;
}

/** Thresholds of the plain-backdrop check. */
export interface BackdropCheckOptions {
  /** Minimum share of border samples that must fit the surface (default 0.75). */
  readonly minInlierFraction?: number;
  /** Maximum noise (RMS levels) of a plain backdrop (default 10). */
  readonly maxSigma?: number;
}

/** Writes the k surface terms at (x, y) into `out` from `offset`. */
function writeTerms(x: number, y: number, k: number, out: Float64Array, offset: number): void {
  out[offset] = 1;
  out[offset + 1] = x;
  out[offset + 2] = y;
  out[offset + 3] = x * x;
  out[offset + 4] = y * y;
  out[offset + 5] = x * y;
  if (k === 10) {
    out[offset + 6] = x * x * x;
    out[offset + 7] = y * y * y;
    out[offset + 8] = x * x * y;
    out[offset + 9] = x * y * y;
  }
}

/** Solves the k×k normal equations by Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]?.[c] ?? 0) > Math.abs(a[p]?.[c] ?? 0)) p = r;
    [a[c], a[p]] = [a[p] ?? [], a[c] ?? []];
    [b[c], b[p]] = [b[p] ?? 0, b[c] ?? 0];
    const pivot = a[c]?.[c] ?? 0;
    if (Math.abs(pivot) < 1e-12) continue;
    for (let r = c + 1; r < n; r++) {
      const f = (a[r]?.[c] ?? 0) / pivot;
      for (let k = c; k < n; k++) (a[r] as number[])[k] = (a[r]?.[k] ?? 0) - f * (a[c]?.[k] ?? 0);
      b[r] = (b[r] ?? 0) - f * (b[c] ?? 0);
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r] ?? 0;
    for (let k = r + 1; k < n; k++) s -= (a[r]?.[k] ?? 0) * (x[k] ?? 0);
    const d = a[r]?.[r] ?? 0;
    x[r] = Math.abs(d) < 1e-12 ? 0 : s / d;
  }
  return x;
}

/** The coefficient of term t for channel c (0 past the end: a quadratic has no cubic terms). */
function coef(m: BackdropModel, c: number, t: number): number {
  return m.coefficients[c]?.[t] ?? 0;
}

/** Evaluates the surface at (u, v), fractions of the photo's width and height (0.5 is the centre). */
export function evaluateBackdropAt(m: BackdropModel, u: number, v: number, out: Float64Array): void {
  // Indexed reads, no destructuring: this runs once per edge pixel and must not allocate.
  const x = 2 * u - 1;
  const y = 2 * v - 1;
  for (let c = 0; c < 3; c++) {
    out[c] =
      coef(m, c, 0) +
      x * (coef(m, c, 1) + x * (coef(m, c, 3) + coef(m, c, 6) * x + coef(m, c, 8) * y)) +
      y * (coef(m, c, 2) + y * (coef(m, c, 4) + coef(m, c, 7) * y + coef(m, c, 9) * x)) +
      coef(m, c, 5) * x * y;
  }
}

/** Fills `out` (width × 3) with the surface along row y of a width×height image. */
export function evaluateBackdropRow(
  m: BackdropModel,
  y: number,
  width: number,
  height: number,
  out: Float64Array,
): void {
  const v = (2 * y + 1) / height - 1;
  for (let c = 0; c < 3; c++) {
    // As a polynomial in u: constant + linear·u + square·u² + cube·u³.
    const constant = coef(m, c, 0) + v * (coef(m, c, 2) + v * (coef(m, c, 4) + v * coef(m, c, 7)));
    const linear = coef(m, c, 1) + v * (coef(m, c, 5) + v * coef(m, c, 9));
    const square = coef(m, c, 3) + coef(m, c, 8) * v;
    const cube = coef(m, c, 6);
    for (let x = 0; x < width; x++) {
      const u = (2 * x + 1) / width - 1;
      out[x * 3 + c] = constant + u * (linear + u * (square + cube * u));
    }
  }
}

/** Least-squares fit of the k-term surface to the samples flagged in `use`, all three channels at once. */
function fit(t: Float64Array, col: Float64Array, use: Uint8Array, k: number): number[][] {
  const n = use.length;
  const a = new Float64Array(k * k);
  const b = new Float64Array(k * 3);
  for (let s = 0; s < n; s++) {
    if (use[s] !== 1) continue;
    const base = s * k;
    const r = col[s * 3] ?? 0;
    const g = col[s * 3 + 1] ?? 0;
    const bl = col[s * 3 + 2] ?? 0;
    for (let i = 0; i < k; i++) {
      const ti = t[base + i] ?? 0;
      b[i * 3] = (b[i * 3] ?? 0) + ti * r;
      b[i * 3 + 1] = (b[i * 3 + 1] ?? 0) + ti * g;
      b[i * 3 + 2] = (b[i * 3 + 2] ?? 0) + ti * bl;
      for (let j = i, o = i * k + i; j < k; j++, o++) a[o] = (a[o] ?? 0) + ti * (t[base + j] ?? 0);
    }
  }
  return [0, 1, 2].map((c) =>
    solve(
      Array.from({ length: k }, (_, i) =>
        Array.from({ length: k }, (_, j) => a[Math.min(i, j) * k + Math.max(i, j)] ?? 0),
      ),
      Array.from({ length: k }, (_, i) => b[i * 3 + c] ?? 0),
    ),
  );
}

/**
 * Robust fit: refits `passes` times, each time keeping the samples within max(3σ, 6) levels of the
 * previous surface (so product pixels among the samples do not bend it). Returns the coefficients, the
 * RMS residual of the kept samples, and the share kept.
 */
function robustFit(
  t: Float64Array,
  col: Float64Array,
  k: number,
  passes: number,
): { coefficients: number[][]; sigma: number; inlierFraction: number } {
  const n = col.length / 3;
  const use = new Uint8Array(n).fill(1);
  const errors = new Float64Array(n);
  let coefficients: number[][] = [];
  let sigma = 0;
  let inlierFraction = 0;
  for (let pass = 0; pass < passes; pass++) {
    coefficients = fit(t, col, use, k);
    const flat = Float64Array.from(coefficients.flat());
    let sq = 0;
    let count = 0;
    for (let s = 0; s < n; s++) {
      let e = 0;
      for (let c = 0; c < 3; c++) {
        let v = 0;
        for (let i = 0; i < k; i++) v += (flat[c * k + i] ?? 0) * (t[s * k + i] ?? 0);
        e = Math.max(e, Math.abs(v - (col[s * 3 + c] ?? 0)));
      }
      errors[s] = e;
      if (use[s] === 1) {
        sq += e * e;
        count++;
      }
    }
    sigma = Math.sqrt(sq / Math.max(1, count));
    const limit = Math.max(3 * sigma, 6);
    let kept = 0;
    for (let s = 0; s < n; s++) {
      use[s] = (errors[s] ?? 0) <= limit ? 1 : 0;
      kept += use[s] ?? 0;
    }
    inlierFraction = kept / Math.max(1, n);
  }
  return { coefficients, sigma, inlierFraction };
}

/** Collects the given pixels' surface terms and colours. */
function collectSamples(
  raster: Raster,
  pixels: readonly number[],
  k: number,
): { t: Float64Array; col: Float64Array } {
  const { width, height, channels, data } = raster;
  const t = new Float64Array(pixels.length * k);
  const col = new Float64Array(pixels.length * 3);
  pixels.forEach((i, s) => {
    const x = i % width;
    const y = (i - x) / width;
    writeTerms((2 * x + 1) / width - 1, (2 * y + 1) / height - 1, k, t, s * k);
    col[s * 3] = data[i * channels] ?? 0;
    col[s * 3 + 1] = data[i * channels + 1] ?? 0;
    col[s * 3 + 2] = data[i * channels + 2] ?? 0;
  });
  return { t, col };
}

/**
 * Fits a smooth quadratic surface to a band along the image border (robustly: refits dropping outliers,
 * so a product touching an edge does not bend it) and measures how well it fits. The backdrop counts as
 * plain when most of the border is within the noise band and the noise is low.
 */
export function estimateBackdrop(raster: Raster, options: BackdropCheckOptions = {}): BackdropModel {
  const { width, height } = raster;
  const band = Math.max(2, Math.round(Math.min(width, height) * 0.03));
  const stride = Math.max(1, Math.floor(Math.sqrt((2 * band * (width + height)) / 8000)));
  const pixels: number[] = [];
  for (let y = 0; y < height; y += stride) {
    const inRows = y >= band && y < height - band;
    for (let x = 0; x < width; x += inRows && x >= band && x < width - band ? width - 2 * band : stride) {
      if (inRows && x >= band && x < width - band) continue;
      pixels.push(y * width + x);
    }
  }
  const { t, col } = collectSamples(raster, pixels, 6);
  const { coefficients, sigma, inlierFraction } = robustFit(t, col, 6, 3);
  const plain = inlierFraction >= (options.minInlierFraction ?? 0.75) && sigma <= (options.maxSigma ?? 10);
  return { coefficients, sigma, inlierFraction, plain };
}

/**
 * Refits the surface, now cubic, to the backdrop visible across the whole photo (pixels flagged in none of
 * the `exclude` planes, about 6,000 of them sampled on a grid): the border fit extrapolated inwards is off
 * by a level or two in the middle, which matters when looking for product parts barely distinct from the
 * backdrop. Keeps the border fit's verdict and inlier share.
 */
export function refitBackdrop(
  raster: Raster,
  model: BackdropModel,
  exclude: readonly Uint8Array[],
): BackdropModel {
  const { width, height } = raster;
  const stride = Math.max(1, Math.floor(Math.sqrt((width * height) / 6000)));
  const pixels: number[] = [];
  for (let y = stride >> 1; y < height; y += stride)
    for (let x = stride >> 1, i = y * width + x; x < width; x += stride, i += stride)
      if (!exclude.some((plane) => plane[i] === 1)) pixels.push(i);
  if (pixels.length < 200) return model;
  const { t, col } = collectSamples(raster, pixels, 10);
  const { coefficients, sigma } = robustFit(t, col, 10, 2);
  return { ...model, coefficients, sigma };
}
