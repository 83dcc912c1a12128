// Alpha from a plain backdrop: colour distance to the fitted surface, projected in the edge band.
import type { Matte, Raster } from "../raster.js";
import { renderBackdrop, type BackdropModel } from "./backdrop.js";
import { boxMean, erode, removeSmallComponents } from "./filters.js";

/** The cut-out found against a plain backdrop. */
export interface BackdropMatte {
  readonly alpha: Matte;
  /** Opacity of the floor shadow (darkening of the backdrop not explained by the product). */
  readonly shadow: Matte;
  /** The backdrop colour behind each pixel (3 floats per pixel), for decontamination. */
  readonly backdrop: Float32Array;
}

/** Step in luminance ratio across 2 px above which an outline may be sharp (a product's, not a shadow's). */
const SHARP_STEP = 0.04;

/**
 * Splits backdrop-coloured darkenings into floor shadow and grey product. Each connected region is
 * judged as a whole: a shadow fades into the backdrop, a grey product meets it with a sharp outline. A
 * region is product when it does not touch the backdrop at all (a pale label), when a quarter of its
 * outline towards the backdrop is sharp, or a tenth is and the model (`prior`) sees product there.
 */
function classifyShadowRegions(
  shadowLike: Uint8Array,
  product: Float32Array,
  ratio: Float32Array,
  width: number,
  height: number,
  prior: Matte | undefined,
  assign: (i: number, isShadow: boolean) => void,
): void {
  const seen = new Uint8Array(width * height);
  const stack = new Int32Array(width * height);
  const members: number[] = [];
  const at = (x: number, y: number): number =>
    ratio[Math.min(height - 1, Math.max(0, y)) * width + Math.min(width - 1, Math.max(0, x))] ?? 1;
  for (let start = 0; start < shadowLike.length; start++) {
    if (shadowLike[start] !== 1 || seen[start] === 1) continue;
    members.length = 0;
    let top = 0;
    stack[top++] = start;
    seen[start] = 1;
    let outline = 0;
    let sharp = 0;
    let priorSum = 0;
    while (top > 0) {
      const p = stack[--top] ?? 0;
      members.push(p);
      priorSum += prior?.data[p] ?? 0;
      const px = p % width;
      const py = (p - px) / width;
      let onOutline = false;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const x = px + dx;
          const y = py + dy;
          if (x < 0 || y < 0 || x >= width || y >= height) continue;
          const q = y * width + x;
          if (shadowLike[q] === 1) {
            if (seen[q] === 0) {
              seen[q] = 1;
              stack[top++] = q;
            }
          } else if (product[q] !== 1) onOutline = true;
        }
      if (onOutline) {
        outline++;
        // Sharp: a clear step within 2 px that is most of the change over 6 px (a shadow's ramp is wide).
        const near = Math.max(
          Math.abs(at(px + 1, py) - at(px - 1, py)),
          Math.abs(at(px, py + 1) - at(px, py - 1)),
        );
        const wide = Math.max(
          Math.abs(at(px + 3, py) - at(px - 3, py)),
          Math.abs(at(px, py + 3) - at(px, py - 3)),
        );
        if (near > SHARP_STEP && near > 0.6 * wide) sharp++;
      }
    }
    const sharpShare = sharp / Math.max(1, outline);
    const modelSaysProduct = prior !== undefined && priorSum / members.length > 0.5;
    // Enclosed by product (a pale label): product.
    const isShadow = outline > 0 && !(sharpShare >= 0.25 || (sharpShare >= 0.1 && modelSaysProduct));
    for (const p of members) assign(p, isShadow);
  }
}

/**
 * Separates product, floor shadow and backdrop. A pixel is product when its colour departs from the
 * backdrop surface by more than the noise; a darkening with the backdrop's own chroma is shadow unless the
 * model (`prior`, upsampled probability) says it is product (a grey product on white looks the same).
 * Holes show the backdrop, so they come out transparent. In a thin band at the outline, alpha is the
 * projection of (I − B) onto (F − B), F being the mean colour of nearby solid product pixels: the
 * compositing equation solved with known backdrop, which keeps anti-aliased and hair-thin edges.
 */
export function createBackdropMatte(raster: Raster, model: BackdropModel, prior?: Matte): BackdropMatte {
  const { width, height, channels, data } = raster;
  const n = width * height;
  const backdrop = renderBackdrop(model, width, height);
  const tLo = 4 * Math.max(1, model.sigma) + 4;
  const candidate = new Float32Array(n);
  const shadow = new Float32Array(n);
  const strong = new Uint8Array(n);
  const shadowLike = new Uint8Array(n);
  // Luminance ratio photo / backdrop: 1 on the backdrop, below 1 in shadows.
  const ratio = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const r = data[i * channels] ?? 0;
    const g = data[i * channels + 1] ?? 0;
    const b = data[i * channels + 2] ?? 0;
    const br = backdrop[i * 3] ?? 0;
    const bg = backdrop[i * 3 + 1] ?? 0;
    const bb = backdrop[i * 3 + 2] ?? 0;
    const s = (r * br + g * bg + b * bb) / Math.max(1, br * br + bg * bg + bb * bb);
    ratio[i] = s;
    const dr = r - br;
    const dg = g - bg;
    const db = b - bb;
    const d = Math.sqrt(dr * dr + dg * dg + db * db);
    if (d <= tLo) continue;
    if (d > 3 * tLo) strong[i] = 1;
    const cr = r - s * br;
    const cg = g - s * bg;
    const cb = b - s * bb;
    if (s < 1 && s > 0.2 && Math.sqrt(cr * cr + cg * cg + cb * cb) < tLo) shadowLike[i] = 1;
    else candidate[i] = 1;
  }
  classifyShadowRegions(shadowLike, candidate, ratio, width, height, prior, (i, isShadow) => {
    if (isShadow) shadow[i] = Math.min(1, Math.max(0, 1 - (ratio[i] ?? 1)));
    else candidate[i] = 1;
  });
  removeSmallComponents(candidate, width, height, Math.max(6, Math.round(n * 2e-6)));
  const solid = erode(candidate, width, height, 2);
  const local = foregroundMean(raster, solid, 4);
  const wide = foregroundMean(raster, solid, 12);
  const alpha = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    if (solid[i] === 1) {
      alpha[i] = 1;
      continue;
    }
    if (candidate[i] !== 1) continue;
    const src = (local.weight[i] ?? 0) > 1e-4 ? local : wide;
    const w = src.weight[i] ?? 0;
    if (w <= 1e-4) {
      // No solid product nearby: a strong departure is a thin part, a weak one is noise or compression.
      alpha[i] = strong[i] === 1 ? 1 : 0;
      continue;
    }
    let num = 0;
    let den = 0;
    for (let c = 0; c < 3; c++) {
      const bc = backdrop[i * 3 + c] ?? 0;
      const f = (src.sum[i * 3 + c] ?? 0) / w - bc;
      num += ((data[i * channels + c] ?? 0) - bc) * f;
      den += f * f;
    }
    alpha[i] = den > 4 * tLo * tLo ? Math.min(1, Math.max(0, num / den)) : 1;
  }
  return { alpha: { width, height, data: alpha }, shadow: { width, height, data: shadow }, backdrop };
}

/** Mean colour of the `mask` pixels around each pixel: box sums of colour×mask and of mask. */
export function foregroundMean(
  raster: Raster,
  mask: Float32Array,
  r: number,
): { sum: Float32Array; weight: Float32Array } {
  const { width, height, channels, data } = raster;
  const n = width * height;
  const weight = boxMean(mask, width, height, r);
  const sum = new Float32Array(n * 3);
  const plane = new Float32Array(n);
  for (let c = 0; c < 3; c++) {
    for (let i = 0; i < n; i++) plane[i] = (data[i * channels + c] ?? 0) * (mask[i] ?? 0);
    const m = boxMean(plane, width, height, r);
    for (let i = 0; i < n; i++) sum[i * 3 + c] = m[i] ?? 0;
  }
  return { sum, weight };
}
