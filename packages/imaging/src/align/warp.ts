// Resampling a photo (or a matte) into another's frame through a similarity transform.
import { createMatte, createRaster, type Matte, type Raster } from "../raster.js";
import type { Similarity } from "./similarity.js";

/** A resampled photo and which of its pixels came from inside the source. */
export interface Warped {
  readonly raster: Raster;
  /** 1 where the source covered the pixel. */
  readonly valid: Uint8Array;
}

/** Catmull–Rom weights for a fractional offset f in [0, 1). */
function cubicWeights(f: number, out: Float64Array): void {
  const f2 = f * f;
  const f3 = f2 * f;
  out[0] = -0.5 * f3 + f2 - 0.5 * f;
  out[1] = 1.5 * f3 - 2.5 * f2 + 1;
  out[2] = -1.5 * f3 + 2 * f2 + 0.5 * f;
  out[3] = 0.5 * f3 - 0.5 * f2;
}

/**
 * `out(x) = src(T(x))` for every pixel of a width×height output, bicubic (Catmull–Rom, clamped to 0–255,
 * edges clamped): sharper than bilinear, which matters when the result is judged by its fine detail.
 * Pixels whose source point falls outside the source are not valid; they repeat the nearest edge pixel, so
 * no black border bleeds into a later blur or blend.
 */
export function warpRaster(src: Raster, t: Similarity, width: number, height: number): Warped {
  const { channels: ch, data } = src;
  const sw = src.width;
  const sh = src.height;
  const out = createRaster(width, height, ch);
  const valid = new Uint8Array(width * height);
  const wx = new Float64Array(4);
  const wy = new Float64Array(4);
  const acc = new Float64Array(ch);
  const rows = new Int32Array(4);
  const cols = new Int32Array(4);
  const o8 = out.data;
  for (let y = 0; y < height; y++) {
    let sx = -t.b * y + t.tx;
    let sy = t.a * y + t.ty;
    for (let x = 0; x < width; x++, sx += t.a, sy += t.b) {
      const i = y * width + x;
      if (sx >= -0.5 && sy >= -0.5 && sx <= sw - 0.5 && sy <= sh - 0.5) valid[i] = 1;
      const cx = sx < 0 ? 0 : sx > sw - 1 ? sw - 1 : sx;
      const cy = sy < 0 ? 0 : sy > sh - 1 ? sh - 1 : sy;
      const x0 = Math.floor(cx);
      const y0 = Math.floor(cy);
      cubicWeights(cx - x0, wx);
      cubicWeights(cy - y0, wy);
      for (let k = 0; k < 4; k++) {
        const xx = x0 - 1 + k;
        cols[k] = (xx < 0 ? 0 : xx >= sw ? sw - 1 : xx) * ch;
        const yy = y0 - 1 + k;
        rows[k] = (yy < 0 ? 0 : yy >= sh ? sh - 1 : yy) * sw * ch;
      }
      const o = i * ch;
      for (let c = 0; c < ch; c++) {
        let v = 0;
        for (let j = 0; j < 4; j++) {
          const r = (rows[j] ?? 0) + c;
          v +=
            (wy[j] ?? 0) *
            ((wx[0] ?? 0) * (data[r + (cols[0] ?? 0)] ?? 0) +
              (wx[1] ?? 0) * (data[r + (cols[1] ?? 0)] ?? 0) +
              (wx[2] ?? 0) * (data[r + (cols[2] ?? 0)] ?? 0) +
              (wx[3] ?? 0) * (data[r + (cols[3] ?? 0)] ?? 0));
        }
        acc[c] = v;
        o8[o + c] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
      }
    }
  }
  return { raster: out, valid };
}

/** `out(x) = m(T(x))`, bilinear; 0 outside the source. */
export function warpMatte(m: Matte, t: Similarity, width: number, height: number): Matte {
  const out = createMatte(width, height);
  const { data } = m;
  const sw = m.width;
  const sh = m.height;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const sx = t.a * x - t.b * y + t.tx;
      const sy = t.b * x + t.a * y + t.ty;
      if (!(sx >= -0.5 && sy >= -0.5 && sx <= sw - 0.5 && sy <= sh - 0.5)) continue;
      const cx = Math.min(sw - 1, Math.max(0, sx));
      const cy = Math.min(sh - 1, Math.max(0, sy));
      const x0 = Math.min(sw - 2, Math.floor(cx));
      const y0 = Math.min(sh - 2, Math.floor(cy));
      if (x0 < 0 || y0 < 0) {
        out.data[y * width + x] = data[Math.round(cy) * sw + Math.round(cx)] ?? 0;
        continue;
      }
      const fx = cx - x0;
      const fy = cy - y0;
      const i = y0 * sw + x0;
      const a = data[i] ?? 0;
      const b = data[i + 1] ?? 0;
      const c = data[i + sw] ?? 0;
      const d = data[i + sw + 1] ?? 0;
      out.data[y * width + x] = a + (b - a) * fx + (c - a + (a - b - c + d) * fx) * fy;
    }
  return out;
}
