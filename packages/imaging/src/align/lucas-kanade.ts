// Sub-pixel refinement of a similarity transform by robust Gauss–Newton (forward-additive Lucas–Kanade)
// with a gain and offset, so a brighter or darker shot still registers.
import { gradients, type Plane } from "./plane.js";
import type { Similarity } from "./similarity.js";

/** How one level's refinement went. */
export interface RefineResult {
  readonly transform: Similarity;
  readonly gain: number;
  readonly offset: number;
  readonly iterations: number;
  /** Zero-mean normalised cross-correlation of the reference and the warped moving plane (overlap only). */
  readonly ncc: number;
  /** Share of sampled reference pixels that land inside the moving plane. */
  readonly overlap: number;
  /** Share of the overlap whose residual is within the robust band (the content that agrees). */
  readonly inliers: number;
}

export interface RefineOptions {
  readonly maxIterations?: number;
  /** Sample every `stride`-th pixel in both directions (default 1). */
  readonly stride?: number;
  readonly gain?: number;
  readonly offset?: number;
  /** Iterations weighted with Huber before switching to Tukey (default 5; 1 when starting close). */
  readonly huberIterations?: number;
  /** Stop once an iteration moves the corners by less than this, pixels of this level (default 0.003). */
  readonly tolerance?: number;
}

/** Solves the n×n system `h·x = g` (symmetric positive semi-definite) by Gaussian elimination. */
function solve(h: Float64Array, g: Float64Array, n: number): Float64Array | undefined {
  const a = Float64Array.from(h);
  const b = Float64Array.from(g);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r * n + c] ?? 0) > Math.abs(a[p * n + c] ?? 0)) p = r;
    if (Math.abs(a[p * n + c] ?? 0) < 1e-12) return undefined;
    if (p !== c) {
      for (let k = 0; k < n; k++) {
        const t = a[c * n + k] ?? 0;
        a[c * n + k] = a[p * n + k] ?? 0;
        a[p * n + k] = t;
      }
      const t = b[c] ?? 0;
      b[c] = b[p] ?? 0;
      b[p] = t;
    }
    const pivot = a[c * n + c] ?? 1;
    for (let r = c + 1; r < n; r++) {
      const f = (a[r * n + c] ?? 0) / pivot;
      if (f === 0) continue;
      for (let k = c; k < n; k++) a[r * n + k] = (a[r * n + k] ?? 0) - f * (a[c * n + k] ?? 0);
      b[r] = (b[r] ?? 0) - f * (b[c] ?? 0);
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r] ?? 0;
    for (let k = r + 1; k < n; k++) s -= (a[r * n + k] ?? 0) * (x[k] ?? 0);
    x[r] = s / (a[r * n + r] ?? 1);
  }
  return x;
}

/** k-th smallest of `v[0..n)` (reorders it): Hoare's selection. */
function select(v: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = v[(lo + hi) >> 1] ?? 0;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((v[i] ?? 0) < pivot) i++;
      while ((v[j] ?? 0) > pivot) j--;
      if (i <= j) {
        const t = v[i] ?? 0;
        v[i] = v[j] ?? 0;
        v[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return v[k] ?? 0;
}

/** Bilinear weights of (x, y) in a width×height plane, or false outside the pixel centres' hull. */
class BilinearTap {
  i = 0;
  fx = 0;
  fy = 0;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {}
  set(x: number, y: number): boolean {
    if (!(x >= 0 && y >= 0 && x <= this.width - 1 && y <= this.height - 1)) return false;
    const x0 = Math.min(this.width - 2, Math.floor(x));
    const y0 = Math.min(this.height - 2, Math.floor(y));
    this.fx = x - x0;
    this.fy = y - y0;
    this.i = y0 * this.width + x0;
    return true;
  }
  read(d: Float32Array): number {
    const i = this.i;
    const a = d[i] ?? 0;
    const b = d[i + 1] ?? 0;
    const c = d[i + this.width] ?? 0;
    const e = d[i + this.width + 1] ?? 0;
    return a + (b - a) * this.fx + (c - a + (a - b - c + e) * this.fx) * this.fy;
  }
}

/**
 * Refines `initial` (reference → moving, at this level's pixel coordinates) so that
 * `gain·moving(T(x)) + offset ≈ reference(x)`. Residuals are weighted with Huber for the first iterations,
 * then Tukey's biweight, so content present in one photo only (an inside-neck shot, a mannequin) stops
 * pulling once the rest agrees. The noise scale is measured on textured pixels only: on a plain backdrop
 * most residuals are zero whatever the alignment.
 */
export function refineSimilarity(
  reference: Plane,
  moving: Plane,
  initial: Similarity,
  options: RefineOptions = {},
): RefineResult {
  const stride = options.stride ?? 1;
  const maxIterations = options.maxIterations ?? 30;
  const huberIterations = options.huberIterations ?? 5;
  const tolerance = options.tolerance ?? 0.003;
  const { gx, gy } = gradients(moving);
  const refGrad = gradients(reference);
  const cx = (reference.width - 1) / 2;
  const cy = (reference.height - 1) / 2;
  const sw = Math.ceil(reference.width / stride);
  const count = sw * Math.ceil(reference.height / stride);
  const xs = new Float64Array(count);
  const ys = new Float64Array(count);
  const rv = new Float64Array(count);
  const gradientSq = new Float64Array(count);
  let n = 0;
  for (let y = 0; y < reference.height; y += stride)
    for (let x = 0; x < reference.width; x += stride, n++) {
      const i = y * reference.width + x;
      xs[n] = x;
      ys[n] = y;
      rv[n] = reference.data[i] ?? 0;
      gradientSq[n] = (refGrad.gx.data[i] ?? 0) ** 2 + (refGrad.gy.data[i] ?? 0) ** 2;
    }
  const textured = new Uint8Array(count);
  const gradientCut = Math.max(4, select(Float64Array.from(gradientSq), count, Math.floor(count * 0.75)));
  for (let k = 0; k < count; k++) textured[k] = (gradientSq[k] ?? 0) >= gradientCut ? 1 : 0;
  const residual = new Float64Array(count);
  const mv = new Float64Array(count);
  const mgx = new Float64Array(count);
  const mgy = new Float64Array(count);
  const scratch = new Float64Array(count);
  const tap = new BilinearTap(moving.width, moving.height);
  let t = { ...initial };
  let gain = options.gain ?? 1;
  let offset = options.offset ?? 0;
  const h = new Float64Array(36);
  const g = new Float64Array(6);
  const j = new Float64Array(6);
  let iterations = 0;
  let sigma = 0;
  for (; iterations < maxIterations; iterations++) {
    let nTex = 0;
    for (let k = 0; k < count; k++) {
      const x = xs[k] ?? 0;
      const y = ys[k] ?? 0;
      if (!tap.set(t.a * x - t.b * y + t.tx, t.b * x + t.a * y + t.ty)) {
        residual[k] = Number.NaN;
        continue;
      }
      const m = tap.read(moving.data);
      mv[k] = m;
      mgx[k] = tap.read(gx.data);
      mgy[k] = tap.read(gy.data);
      const r = (rv[k] ?? 0) - (gain * m + offset);
      residual[k] = r;
      if (textured[k] === 1) scratch[nTex++] = Math.abs(r);
    }
    sigma = Math.max(1, 1.4826 * (nTex > 0 ? select(scratch, nTex, nTex >> 1) : 0));
    const tukey = iterations >= huberIterations;
    const c = tukey ? 4.685 * sigma : 1.345 * sigma;
    h.fill(0);
    g.fill(0);
    let used = 0;
    for (let k = 0; k < count; k++) {
      const r = residual[k] ?? Number.NaN;
      if (!(r === r)) continue;
      const ar = Math.abs(r);
      let w: number;
      if (tukey) {
        if (ar >= c) continue;
        const q = 1 - (r / c) ** 2;
        w = q * q;
      } else w = ar <= c ? 1 : c / ar;
      const mx = gain * (mgx[k] ?? 0);
      const my = gain * (mgy[k] ?? 0);
      const u = (xs[k] ?? 0) - cx;
      const v = (ys[k] ?? 0) - cy;
      j[0] = mx * u + my * v;
      j[1] = -mx * v + my * u;
      j[2] = mx;
      j[3] = my;
      j[4] = mv[k] ?? 0;
      j[5] = 1;
      for (let p = 0; p < 6; p++) {
        const jp = (j[p] ?? 0) * w;
        g[p] = (g[p] ?? 0) + jp * r;
        for (let q = p; q < 6; q++) h[p * 6 + q] = (h[p * 6 + q] ?? 0) + jp * (j[q] ?? 0);
      }
      used++;
    }
    if (used < 12) break;
    for (let p = 0; p < 6; p++) for (let q = 0; q < p; q++) h[p * 6 + q] = h[q * 6 + p] ?? 0;
    const d = solve(h, g, 6);
    if (!d) break;
    const [da = 0, db = 0, dtx = 0, dty = 0, dg = 0, doff = 0] = d;
    t = {
      a: t.a + da,
      b: t.b + db,
      tx: t.tx + dtx - da * cx + db * cy,
      ty: t.ty + dty - db * cx - da * cy,
    };
    gain += dg;
    offset += doff;
    const corner = Math.hypot(reference.width, reference.height) / 2;
    const motion = Math.hypot(dtx, dty) + Math.hypot(da, db) * corner;
    if (motion < tolerance && iterations >= huberIterations) {
      iterations++;
      break;
    }
  }
  return { transform: t, gain, offset, iterations, ...measureFit(reference, moving, t, xs, ys, 2.5 * sigma) };
}

/** ZNCC, overlap and inlier share of the final transform over the sampled pixels. */
function measureFit(
  reference: Plane,
  moving: Plane,
  t: Similarity,
  xs: Float64Array,
  ys: Float64Array,
  band: number,
): { ncc: number; overlap: number; inliers: number } {
  const rs = new Float64Array(xs.length);
  const ms = new Float64Array(xs.length);
  const tap = new BilinearTap(moving.width, moving.height);
  let n = 0;
  let sr = 0;
  let sm = 0;
  let srr = 0;
  let smm = 0;
  let srm = 0;
  for (let k = 0; k < xs.length; k++) {
    const x = xs[k] ?? 0;
    const y = ys[k] ?? 0;
    if (!tap.set(t.a * x - t.b * y + t.tx, t.b * x + t.a * y + t.ty)) continue;
    const m = tap.read(moving.data);
    const r = reference.data[y * reference.width + x] ?? 0;
    sr += r;
    sm += m;
    srr += r * r;
    smm += m * m;
    srm += r * m;
    rs[n] = r;
    ms[n] = m;
    n++;
  }
  if (n < 2) return { ncc: 0, overlap: n / Math.max(1, xs.length), inliers: 0 };
  const vr = srr - (sr * sr) / n;
  const vm = smm - (sm * sm) / n;
  const cov = srm - (sr * sm) / n;
  const ncc = vr > 0 && vm > 0 ? cov / Math.sqrt(vr * vm) : 0;
  // Inliers under the least-squares gain/offset between the two.
  const gain = vm > 0 ? cov / vm : 1;
  const offset = (sr - gain * sm) / n;
  let inliers = 0;
  for (let k = 0; k < n; k++) if (Math.abs((rs[k] ?? 0) - (gain * (ms[k] ?? 0) + offset)) <= band) inliers++;
  return { ncc, overlap: n / xs.length, inliers: inliers / n };
}
