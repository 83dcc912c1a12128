// Coarse translation by phase correlation: the peak of the normalised cross-power spectrum's inverse FFT.
import type { Plane } from "./plane.js";

/** In-place radix-2 FFT of one complex sequence (length a power of two); `inverse` omits the 1/n. */
function fft(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      const tr = re[i] ?? 0;
      re[i] = re[j] ?? 0;
      re[j] = tr;
      const ti = im[i] ?? 0;
      im[i] = im[j] ?? 0;
      im[j] = ti;
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const angle = ((inverse ? 2 : -2) * Math.PI) / len;
    const wr = Math.cos(angle);
    const wi = Math.sin(angle);
    for (let i = 0; i < n; i += len) {
      let cr = 1;
      let ci = 0;
      for (let k = 0; k < len >> 1; k++) {
        const a = i + k;
        const b = a + (len >> 1);
        const br = re[b] ?? 0;
        const bi = im[b] ?? 0;
        const xr = br * cr - bi * ci;
        const xi = br * ci + bi * cr;
        re[b] = (re[a] ?? 0) - xr;
        im[b] = (im[a] ?? 0) - xi;
        re[a] = (re[a] ?? 0) + xr;
        im[a] = (im[a] ?? 0) + xi;
        const nr = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = nr;
      }
    }
  }
}

/** 2-D FFT of an n×m complex image (rows of length n), in place. */
function fft2(re: Float64Array, im: Float64Array, n: number, m: number, inverse: boolean): void {
  const rowRe = new Float64Array(n);
  const rowIm = new Float64Array(n);
  for (let y = 0; y < m; y++) {
    rowRe.set(re.subarray(y * n, (y + 1) * n));
    rowIm.set(im.subarray(y * n, (y + 1) * n));
    fft(rowRe, rowIm, inverse);
    re.set(rowRe, y * n);
    im.set(rowIm, y * n);
  }
  const colRe = new Float64Array(m);
  const colIm = new Float64Array(m);
  for (let x = 0; x < n; x++) {
    for (let y = 0; y < m; y++) {
      colRe[y] = re[y * n + x] ?? 0;
      colIm[y] = im[y * n + x] ?? 0;
    }
    fft(colRe, colIm, inverse);
    for (let y = 0; y < m; y++) {
      re[y * n + x] = colRe[y] ?? 0;
      im[y * n + x] = colIm[y] ?? 0;
    }
  }
}

const pow2 = (v: number): number => 2 ** Math.ceil(Math.log2(Math.max(2, v)));

/** The plane, mean removed and Hann-windowed, zero-padded into an n×m complex buffer. */
function windowed(p: Plane, n: number, m: number): { re: Float64Array; im: Float64Array } {
  const re = new Float64Array(n * m);
  let mean = 0;
  for (const v of p.data) mean += v;
  mean /= Math.max(1, p.data.length);
  const wx = Float64Array.from(
    { length: p.width },
    (_, x) => 0.5 - 0.5 * Math.cos((2 * Math.PI * (x + 0.5)) / p.width),
  );
  for (let y = 0; y < p.height; y++) {
    const wy = 0.5 - 0.5 * Math.cos((2 * Math.PI * (y + 0.5)) / p.height);
    for (let x = 0; x < p.width; x++)
      re[y * n + x] = ((p.data[y * p.width + x] ?? 0) - mean) * wy * (wx[x] ?? 0);
  }
  return { re, im: new Float64Array(n * m) };
}

/** The shift found and how distinct its peak is. */
export interface PhaseCorrelation {
  /** The moving plane's content sits at reference position + (dx, dy). */
  readonly dx: number;
  readonly dy: number;
  /** Peak height over the highest value outside its 5×5 neighbourhood (1 = no distinct peak). */
  readonly peakRatio: number;
}

/**
 * Estimates the translation between two planes of similar content (sizes may differ; both are padded to
 * the same power-of-two size). Sub-pixel by a parabola through the peak and its neighbours. Handles shifts
 * up to half the padded size; rotation and scale of a few percent only lower the peak.
 */
export function phaseCorrelate(reference: Plane, moving: Plane): PhaseCorrelation {
  const n = pow2(Math.max(reference.width, moving.width));
  const m = pow2(Math.max(reference.height, moving.height));
  const r = windowed(reference, n, m);
  const q = windowed(moving, n, m);
  fft2(r.re, r.im, n, m, false);
  fft2(q.re, q.im, n, m, false);
  // Q · conj(R) / |Q · conj(R)|: its inverse peaks at the shift of the moving content.
  for (let i = 0; i < n * m; i++) {
    const ar = q.re[i] ?? 0;
    const ai = q.im[i] ?? 0;
    const br = r.re[i] ?? 0;
    const bi = -(r.im[i] ?? 0);
    const cr = ar * br - ai * bi;
    const ci = ar * bi + ai * br;
    const mag = Math.hypot(cr, ci) + 1e-12;
    q.re[i] = cr / mag;
    q.im[i] = ci / mag;
  }
  fft2(q.re, q.im, n, m, true);
  const c = q.re;
  let best = 0;
  for (let i = 1; i < n * m; i++) if ((c[i] ?? 0) > (c[best] ?? 0)) best = i;
  const px = best % n;
  const py = (best - px) / n;
  const at = (x: number, y: number): number => c[((y + m) % m) * n + ((x + n) % n)] ?? 0;
  let second = 0;
  for (let y = 0; y < m; y++)
    for (let x = 0; x < n; x++) {
      const ddx = Math.min(Math.abs(x - px), n - Math.abs(x - px));
      const ddy = Math.min(Math.abs(y - py), m - Math.abs(y - py));
      if (ddx > 2 || ddy > 2) second = Math.max(second, c[y * n + x] ?? 0);
    }
  const peak = at(px, py);
  const parabola = (l: number, mid: number, rt: number): number => {
    const d = l - 2 * mid + rt;
    return d < 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (l - rt)) / d)) : 0;
  };
  const fx = parabola(at(px - 1, py), peak, at(px + 1, py));
  const fy = parabola(at(px, py - 1), peak, at(px, py + 1));
  const wrap = (v: number, size: number): number => (v > size / 2 ? v - size : v);
  return {
    dx: wrap(px, n) + fx,
    dy: wrap(py, m) + fy,
    peakRatio: second > 0 ? peak / second : Number.POSITIVE_INFINITY,
  };
}
