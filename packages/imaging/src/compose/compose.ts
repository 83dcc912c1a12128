// Places the cut-out on the output canvas: product, floor or drop shadow, and background, flattened.
import type { ImageCodec } from "../adapters/image-codec.port.js";
import type { Layout } from "../geometry/layout.js";
import { boxMean } from "../matting/filters.js";
import { createMatte, createRaster, findBoundingBox, type Box, type Matte, type Raster } from "../raster.js";
import type { BackgroundSpec, EditTemplate } from "../template/edit-template.js";
import { createBackgroundFill } from "./background-fill.js";

/** The pieces to place. */
export interface ComposeOptions {
  readonly codec: ImageCodec;
  /** Product colours (RGB or RGBA; alpha ignored) at source resolution. */
  readonly foreground: Raster;
  /** Product opacity at source resolution. */
  readonly alpha: Matte;
  /** Floor-shadow opacity at source resolution (used with shadow "keep"). */
  readonly shadow?: Matte;
  /** The source box that maps onto `layout.placement`. */
  readonly subject: Box;
  readonly layout: Layout;
  readonly background: BackgroundSpec;
  readonly shadowMode: EditTemplate["shadow"];
}

/** The composed canvas and its layers (all canvas-size). */
export interface Composition {
  /** Flattened result, RGBA (opaque unless the background is transparent). */
  readonly canvas: Raster;
  /** The product alone, RGBA with its alpha. */
  readonly product: Raster;
  readonly backgroundLayer: Raster;
  /** Shadow opacity on the canvas (zero when none). */
  readonly shadowLayer: Matte;
}

/** Drop-shadow look: offset and softness relative to the product size, and opacity. */
const DROP = { offsetX: 0.01, offsetY: 0.02, blur: 0.015, opacity: 0.45 };

/** Copies `box` of a raster (RGB/RGBA) with `alpha` into a new RGBA raster. */
function extractRgba(src: Raster, alpha: Matte | undefined, box: Box): Raster {
  const out = createRaster(box.width, box.height, 4);
  const d = src.data;
  const ch = src.channels;
  const o8 = out.data;
  const a = alpha?.data;
  for (let y = 0; y < box.height; y++) {
    let i = (box.top + y) * src.width + box.left;
    let o = y * box.width * 4;
    for (let x = 0; x < box.width; x++, i++, o += 4) {
      const p = i * ch;
      o8[o] = d[p] ?? 0;
      o8[o + 1] = d[p + 1] ?? 0;
      o8[o + 2] = d[p + 2] ?? 0;
      o8[o + 3] = a ? (a[i] ?? 0) * 255 + 0.5 : 255;
    }
  }
  return out;
}

/** Resizes `box` of the source into `dest` (output coordinates) and pastes it into a canvas-size RGBA layer. */
export async function placeRegion(
  codec: ImageCodec,
  src: Raster,
  alpha: Matte | undefined,
  box: Box,
  dest: Box,
  canvasWidth: number,
  canvasHeight: number,
): Promise<Raster> {
  const layer = createRaster(canvasWidth, canvasHeight, 4);
  const scaled = await codec.resize(extractRgba(src, alpha, box), dest.width, dest.height);
  const x0 = Math.max(0, dest.left);
  const y0 = Math.max(0, dest.top);
  const x1 = Math.min(canvasWidth, dest.left + dest.width);
  const y1 = Math.min(canvasHeight, dest.top + dest.height);
  for (let y = y0; y < y1; y++) {
    const from = ((y - dest.top) * dest.width + (x0 - dest.left)) * 4;
    layer.data.set(scaled.data.subarray(from, from + (x1 - x0) * 4), (y * canvasWidth + x0) * 4);
  }
  return layer;
}

/** Maps a source box through the subject → placement transform (rounded to whole pixels). */
export function mapBox(box: Box, subject: Box, placement: Box): Box {
  const kx = placement.width / subject.width;
  const ky = placement.height / subject.height;
  return {
    left: Math.round(placement.left + (box.left - subject.left) * kx),
    top: Math.round(placement.top + (box.top - subject.top) * ky),
    width: Math.max(1, Math.round(box.width * kx)),
    height: Math.max(1, Math.round(box.height * ky)),
  };
}

async function createShadowLayer(o: ComposeOptions, product: Raster): Promise<Matte> {
  const { canvasWidth: w, canvasHeight: h, placement } = o.layout;
  const out = createMatte(w, h);
  if (o.shadowMode === "keep" && o.shadow) {
    const box = findBoundingBox(o.shadow, 0.01);
    if (!box) return out;
    const grey: Raster = {
      width: o.shadow.width,
      height: o.shadow.height,
      channels: 3,
      data: new Uint8Array(o.shadow.width * o.shadow.height * 3),
    };
    const layer = await placeRegion(o.codec, grey, o.shadow, box, mapBox(box, o.subject, placement), w, h);
    for (let i = 0; i < w * h; i++) out.data[i] = (layer.data[i * 4 + 3] ?? 0) / 255;
    return out;
  }
  if (o.shadowMode !== "drop") return out;
  const size = Math.max(placement.width, placement.height);
  const dx = Math.round(size * DROP.offsetX);
  const dy = Math.round(size * DROP.offsetY);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const sx = x - dx;
      const sy = y - dy;
      if (sx >= 0 && sy >= 0 && sx < w && sy < h)
        out.data[y * w + x] = ((product.data[(sy * w + sx) * 4 + 3] ?? 0) / 255) * DROP.opacity;
    }
  // Three box passes approximate a Gaussian blur.
  const r = Math.max(1, Math.round(size * DROP.blur));
  let soft = out.data;
  for (let k = 0; k < 3; k++) soft = boxMean(soft, w, h, r);
  return { width: w, height: h, data: soft };
}

/**
 * Flattens product over shadow over background (straight alpha, sRGB values). Opaque product pixels and
 * bare background are copied; only edges and shadows are blended.
 */
function flatten(background: Raster, shadow: Matte, product: Raster): Raster {
  const n = background.width * background.height;
  const out = createRaster(background.width, background.height, 4);
  const bg = background.data;
  const fg = product.data;
  const sh = shadow.data;
  const o8 = out.data;
  for (let i = 0, o = 0; i < n; i++, o += 4) {
    const pa8 = fg[o + 3] ?? 0;
    const s = sh[i] ?? 0;
    if (pa8 === 255 || (pa8 === 0 && s === 0)) {
      const src = pa8 === 255 ? fg : bg;
      o8[o] = src[o] ?? 0;
      o8[o + 1] = src[o + 1] ?? 0;
      o8[o + 2] = src[o + 2] ?? 0;
      o8[o + 3] = src[o + 3] ?? 0;
      continue;
    }
    const bgA = (bg[o + 3] ?? 0) / 255;
    // Shadow is black at opacity s over the background.
    const baseA = bgA + s * (1 - bgA);
    const pa = pa8 / 255;
    const outA = pa + baseA * (1 - pa);
    for (let c = 0; c < 3; c++) {
      const base = baseA > 0 ? ((bg[o + c] ?? 0) * bgA * (1 - s)) / baseA : 0;
      const v = outA > 0 ? ((fg[o + c] ?? 0) * pa + base * baseA * (1 - pa)) / outA : 0;
      o8[o + c] = Math.round(v);
    }
    o8[o + 3] = Math.round(outA * 255);
  }
  return out;
}

/** Places the product at `layout.placement` (exactly), adds the shadow and the background, flattens. */
export async function composeCutout(o: ComposeOptions): Promise<Composition> {
  const { canvasWidth: w, canvasHeight: h, placement } = o.layout;
  const product = await placeRegion(o.codec, o.foreground, o.alpha, o.subject, placement, w, h);
  const shadowLayer = await createShadowLayer(o, product);
  const backgroundLayer = createBackgroundFill(o.background, w, h);
  return { canvas: flatten(backgroundLayer, shadowLayer, product), product, backgroundLayer, shadowLayer };
}
