// Colour quality measures against ground truth: region mean colours, per-pixel CIEDE2000, detail correlation.
import { deltaE2000 } from "../colour/ciede2000.js";
import { pixelLab, type Lab } from "../colour/colour-space.js";
import { boxMean } from "../matting/filters.js";
import type { Matte, Raster } from "../raster.js";

/** Pixels fully inside a mask (coverage 1), optionally eroded by `erode` pixels (away from every edge). */
export function innerPixels(mask: Matte, erode = 0): number[] {
  const { width, height, data } = mask;
  const out: number[] = [];
  for (let y = erode; y < height - erode; y++)
    for (let x = erode; x < width - erode; x++) {
      const i = y * width + x;
      if ((data[i] ?? 0) < 1) continue;
      let inside = true;
      for (let dy = -erode; dy <= erode && inside; dy++)
        for (let dx = -erode; dx <= erode; dx++)
          if ((data[i + dy * width + dx] ?? 0) < 1) {
            inside = false;
            break;
          }
      if (inside) out.push(i);
    }
  return out;
}

/** Mean CIELAB of the given pixels. */
export function meanLab(raster: Raster, pixels: readonly number[]): Lab {
  let l = 0;
  let a = 0;
  let b = 0;
  for (const i of pixels) {
    const c = pixelLab(raster, i);
    l += c.l;
    a += c.a;
    b += c.b;
  }
  const n = Math.max(1, pixels.length);
  return { l: l / n, a: a / n, b: b / n };
}

/** Mean per-pixel ΔE00 between two rasters of one size over the given pixels (0 for none). */
export function meanDeltaE(x: Raster, y: Raster, pixels: readonly number[]): number {
  let sum = 0;
  for (const i of pixels) sum += deltaE2000(pixelLab(x, i), pixelLab(y, i));
  return pixels.length === 0 ? 0 : sum / pixels.length;
}

function lightness(r: Raster): Float32Array {
  const n = r.width * r.height;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = pixelLab(r, i).l;
  return out;
}

/**
 * Pearson correlation of the fine detail of CIELAB L* (L* less its 7×7 local mean) of two rasters over the
 * given pixels: 1 when the texture, folds and highlights of one are those of the other.
 */
export function detailCorrelation(x: Raster, y: Raster, pixels: readonly number[], radius = 3): number {
  const detail = (r: Raster): Float32Array => {
    const l = lightness(r);
    if (radius <= 0) return l;
    const mean = boxMean(l, r.width, r.height, radius);
    return l.map((v, i) => v - (mean[i] ?? 0));
  };
  const dx = detail(x);
  const dy = detail(y);
  let sx = 0;
  let sy = 0;
  for (const i of pixels) {
    sx += dx[i] ?? 0;
    sy += dy[i] ?? 0;
  }
  const n = Math.max(1, pixels.length);
  const mx = sx / n;
  const my = sy / n;
  let cxy = 0;
  let cxx = 0;
  let cyy = 0;
  for (const i of pixels) {
    const a = (dx[i] ?? 0) - mx;
    const b = (dy[i] ?? 0) - my;
    cxy += a * b;
    cxx += a * a;
    cyy += b * b;
  }
  return cxx === 0 || cyy === 0 ? 0 : cxy / Math.sqrt(cxx * cyy);
}
