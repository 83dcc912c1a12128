// Colour operations on a product photo: recolour the region under a marker, recolour the product's dominant
// colour (colourways), and match the product's colour to a reference image, leaving the rest untouched.
import type { ImageCodec } from "../adapters/image-codec.port.js";
import { ImagingError, isImagingError } from "../errors/imaging-error.js";
import { removeBackground } from "../matting/background-removal.js";
import type { SegmentationModel } from "../matting/segmentation-model.js";
import type { Matte, Raster } from "../raster.js";
import type { Rgb } from "../template/edit-template.js";
import { createColourModel } from "./colour-model.js";
import { findMarkerRegion, findModelRegion, type ColourRegion, type ProductMask } from "./colour-region.js";
import { extractDominantColours, type DominantColour } from "./dominant-colours.js";
import { recolourRegion, type RecolourResult } from "./recolour.js";

/** A recoloured photo and the region that changed. */
export interface ColourChange extends RecolourResult {
  readonly region: ColourRegion;
}

/** One marker of a colour change: where (photo pixels) and to which colour. */
export interface ColourMarker {
  readonly x: number;
  readonly y: number;
  readonly colour: Rgb;
}

/**
 * Recolours, in turn, the region under each marker to its colour. Throws ImagingError
 * `marker_outside_product` / `colour_region_not_found` (see findMarkerRegion).
 */
export function recolourAtMarkers(
  raster: Raster,
  markers: readonly ColourMarker[],
  mask: ProductMask = {},
): ColourChange[] {
  const changes: ColourChange[] = [];
  let current = raster;
  for (const m of markers) {
    const region = findMarkerRegion(current, m.x, m.y, mask);
    const result = recolourRegion(current, region, m.colour);
    changes.push({ ...result, region });
    current = result.raster;
  }
  return changes;
}

/** The region of the product's dominant colour (every sizeable part showing it). */
export function findDominantRegion(raster: Raster, mask: ProductMask = {}): ColourRegion {
  const [main] = extractDominantColours(raster, {
    ...(mask.matte ? { matte: mask.matte } : {}),
    maxColours: 1,
  });
  if (!main) throw new ImagingError("colour_region_not_found", "the product shows no dominant colour");
  return findModelRegion(raster, createColourModel(main.linear, main.spread), mask);
}

/** Recolours the product's dominant colour region to `colour` (a colourway of the product). */
export function recolourDominant(raster: Raster, colour: Rgb, mask: ProductMask = {}): ColourChange {
  const region = findDominantRegion(raster, mask);
  return { ...recolourRegion(raster, region, colour), region };
}

/**
 * Colour matching: the product's dominant colour region takes the reference's colour (its own shading and
 * texture kept); the backdrop and the product's other colours are untouched.
 */
export function matchProductColour(
  raster: Raster,
  reference: DominantColour | Rgb,
  mask: ProductMask = {},
): ColourChange {
  return recolourDominant(raster, "rgb" in reference ? reference.rgb : reference, mask);
}

/** What product-matte finding needs: the codec and (for busy backdrops) the model. */
export interface ProductMatteOptions {
  readonly codec: ImageCodec;
  readonly model?: SegmentationModel;
}

/** A product covering less than this share, or more, is not a product on a backdrop. */
const MIN_PRODUCT_SHARE = 0.01;
const MAX_PRODUCT_SHARE = 0.97;

function hasTransparency(raster: Raster): boolean {
  if (raster.channels !== 4 && raster.channels !== 2) return false;
  const c = raster.channels;
  for (let i = c - 1; i < raster.data.length; i += c) if ((raster.data[i] ?? 255) < 250) return true;
  return false;
}

function alphaMatte(raster: Raster): Matte {
  const n = raster.width * raster.height;
  const c = raster.channels;
  return {
    width: raster.width,
    height: raster.height,
    data: Float32Array.from({ length: n }, (_, i) => (raster.data[i * c + c - 1] ?? 0) / 255),
  };
}

/**
 * The product's matte in a photo: its alpha channel when it has transparency, else background removal.
 * Undefined when no product stands on a backdrop (a full-frame swatch, or a busy photo without a model).
 */
export async function findProductMatte(
  raster: Raster,
  options: ProductMatteOptions,
): Promise<Matte | undefined> {
  if (hasTransparency(raster)) return alphaMatte(raster);
  try {
    const cut = await removeBackground(raster, {
      codec: options.codec,
      ...(options.model ? { model: options.model } : {}),
      keepShadow: false,
    });
    let covered = 0;
    for (const v of cut.alpha.data) covered += v;
    const share = covered / cut.alpha.data.length;
    return share >= MIN_PRODUCT_SHARE && share <= MAX_PRODUCT_SHARE ? cut.alpha : undefined;
  } catch (e) {
    if (isImagingError(e, "model_unavailable")) return undefined;
    throw e;
  }
}

/**
 * The dominant colours of a reference or swatch image: of its product when one stands on a backdrop (or
 * its opaque pixels), else of the whole image less a backdrop-coloured border.
 */
export async function extractProductColours(
  raster: Raster,
  options: ProductMatteOptions,
): Promise<DominantColour[]> {
  const matte = await findProductMatte(raster, options);
  return extractDominantColours(raster, matte ? { matte } : {});
}
