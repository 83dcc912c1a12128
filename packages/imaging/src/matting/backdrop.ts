// Plain-backdrop check: a smooth colour surface fitted to the image border, and how well it explains it.
import type { Raster } from "../raster.js";

/** A per-channel quadratic surface c(x, y) over normalised coordinates in [-1, 1]. */
export interface BackdropModel {
  /** 3 channels × 6 coefficients: 1, x, y, x², y², xy. */
  readonly coefficients: readonly (readonly number[])[];
  /** RMS residual of the border pixels that fit, in 0–255 levels (the noise level). */
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

function terms(x: number, y: number): number[] {
  return [1, x, y, x * x, y * y, x * y];
}

/** Solves the 6×6 normal equations by Gaussian elimination with partial pivoting. */
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

/** Evaluates the surface at pixel (px, py) of a width×height image, into `out` (3 values). */
export function evaluateBackdrop(
  m: BackdropModel,
  px: number,
  py: number,
  width: number,
  height: number,
  out: Float32Array | Float64Array,
): void {
  const x = (2 * px + 1) / width - 1;
  const y = (2 * py + 1) / height - 1;
  const t = [1, x, y, x * x, y * y, x * y];
  for (let c = 0; c < 3; c++) {
    const k = m.coefficients[c] ?? [];
    let v = 0;
    for (let i = 0; i < 6; i++) v += (k[i] ?? 0) * (t[i] ?? 0);
    out[c] = v;
  }
}

/** Renders the surface as a float RGB plane (3 values per pixel, 0–255); evaluated per row for speed. */
export function renderBackdrop(m: BackdropModel, width: number, height: number): Float32Array {
  const out = new Float32Array(width * height * 3);
  const xs = new Float64Array(width);
  for (let x = 0; x < width; x++) xs[x] = (2 * x + 1) / width - 1;
  for (let c = 0; c < 3; c++) {
    const [a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0] = m.coefficients[c] ?? [];
    for (let y = 0; y < height; y++) {
      const v = (2 * y + 1) / height - 1;
      const constant = a0 + a2 * v + a4 * v * v;
      const linear = a1 + a5 * v;
      let o = y * width * 3 + c;
      for (let x = 0; x < width; x++, o += 3) {
        const u = xs[x] ?? 0;
        out[o] = constant + linear * u + a3 * u * u;
      }
    }
  }
  return out;
}

/** Least-squares fit of the surface to the samples flagged in `use`, per channel. */
function fit(t: Float64Array, col: Float64Array, use: Uint8Array): number[][] {
  const n = use.length;
  return [0, 1, 2].map((c) => {
    const a = new Float64Array(36);
    const b = new Float64Array(6);
    for (let s = 0; s < n; s++) {
      if (use[s] !== 1) continue;
      const v = col[s * 3 + c] ?? 0;
      for (let i = 0; i < 6; i++) {
        const ti = t[s * 6 + i] ?? 0;
        b[i] = (b[i] ?? 0) + ti * v;
        for (let j = i; j < 6; j++) a[i * 6 + j] = (a[i * 6 + j] ?? 0) + ti * (t[s * 6 + j] ?? 0);
      }
    }
    const rows = Array.from({ length: 6 }, (_, i) =>
      Array.from({ length: 6 }, (_, j) => a[Math.min(i, j) * 6 + Math.max(i, j)] ?? 0),
    );
    return solve(rows, Array.from(b));
  });
}

/**
 * Fits a smooth surface to a band along the image border (robustly: refits dropping outliers, so a
 * product touching an edge does not bend it) and measures how well it fits. The backdrop counts as plain
 * when most of the border is within the noise band and the noise is low.
 */
export function estimateBackdrop(raster: Raster, options: BackdropCheckOptions = {}): BackdropModel {
  const { width, height, channels, data } = raster;
  const band = Math.max(2, Math.round(Math.min(width, height) * 0.03));
  const stride = Math.max(1, Math.floor(Math.sqrt((2 * band * (width + height)) / 8000)));
  const ts: number[] = [];
  const cs: number[] = [];
  for (let y = 0; y < height; y += stride) {
    const inRows = y >= band && y < height - band;
    for (let x = 0; x < width; x += inRows && x >= band && x < width - band ? width - 2 * band : stride) {
      if (inRows && x >= band && x < width - band) continue;
      const i = (y * width + x) * channels;
      ts.push(...terms((2 * x + 1) / width - 1, (2 * y + 1) / height - 1));
      cs.push(data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0);
    }
  }
  const t = Float64Array.from(ts);
  const col = Float64Array.from(cs);
  const n = col.length / 3;
  const use = new Uint8Array(n).fill(1);
  const errors = new Float64Array(n);
  let coefficients: number[][] = [];
  let sigma = 0;
  let inlierFraction = 0;
  for (let pass = 0; pass < 3; pass++) {
    coefficients = fit(t, col, use);
    let sq = 0;
    let count = 0;
    for (let s = 0; s < n; s++) {
      let e = 0;
      for (let c = 0; c < 3; c++) {
        const k = coefficients[c] ?? [];
        let v = 0;
        for (let i = 0; i < 6; i++) v += (k[i] ?? 0) * (t[s * 6 + i] ?? 0);
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
  const plain = inlierFraction >= (options.minInlierFraction ?? 0.75) && sigma <= (options.maxSigma ?? 10);
  return { coefficients, sigma, inlierFraction, plain };
}
