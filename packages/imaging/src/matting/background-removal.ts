// Background removal: plain-backdrop fast path or model mask refined at full resolution, then decontamination.
import type { ImageCodec } from "../adapters/image-codec.port.js";
import { ImagingError } from "../errors/imaging-error.js";
import { createMatte, type Matte, type Raster } from "../raster.js";
import { createBackdropMatte } from "./backdrop-matte.js";
import { estimateBackdrop, type BackdropCheckOptions } from "./backdrop.js";
import { upsampleBilinear } from "./filters.js";
import { decontaminate, estimateBackgroundColors, refineWithGuidedFilter } from "./refine.js";
import type { SegmentationModel } from "./segmentation-model.js";

/** What background removal needs. */
export interface BackgroundRemovalOptions {
  readonly codec: ImageCodec;
  /** The segmentation network; without it only plain backdrops can be cut out. */
  readonly model?: SegmentationModel;
  /** Thresholds of the plain-backdrop check. */
  readonly backdrop?: BackdropCheckOptions;
  /** "auto" (default): backdrop path when the check passes; "model": always the refined model mask. */
  readonly mode?: "auto" | "model";
}

/** Which path produced the matte. */
export type RemovalMethod = "backdrop" | "backdrop+model" | "model-refined";

/** A cut-out at full resolution. */
export interface Cutout {
  /** Product opacity in [0, 1]. */
  readonly alpha: Matte;
  /** Floor-shadow opacity in [0, 1] (zero where none was found). */
  readonly shadow: Matte;
  /** Decontaminated product colours (RGB). */
  readonly foreground: Raster;
  readonly method: RemovalMethod;
  /** The plain-backdrop check's figures. */
  readonly backdrop: { readonly plain: boolean; readonly sigma: number; readonly inlierFraction: number };
  /** The model's mask upsampled without refinement (for comparison); absent when no model ran. */
  readonly modelMask?: Matte;
}

/** Runs the model on the photo resized to its input square; returns the probability map at full size. */
export async function predictModelMask(
  raster: Raster,
  model: SegmentationModel,
  codec: ImageCodec,
): Promise<Matte> {
  const s = model.inputSize;
  const small = await codec.resize(raster, s, s);
  const rgb = new Uint8Array(s * s * 3);
  for (let i = 0; i < s * s; i++)
    for (let c = 0; c < 3; c++) rgb[i * 3 + c] = small.data[i * small.channels + c] ?? 0;
  const mask = await model.predict(rgb);
  return upsampleBilinear(mask, raster.width, raster.height);
}

/**
 * Cuts the product out of a photo (RGBA, sRGB). A measured check fits a smooth surface to the border; when
 * it explains the border (white, grey, gradient or vignetted studio backdrop), alpha comes from the colour
 * distance to that surface, with the model only arbitrating grey-vs-shadow. Otherwise the model mask is
 * refined with a guided filter at full resolution. Either way edge colours are decontaminated.
 */
export async function removeBackground(raster: Raster, options: BackgroundRemovalOptions): Promise<Cutout> {
  const model = options.model;
  const backdrop = estimateBackdrop(raster, options.backdrop);
  const check = { plain: backdrop.plain, sigma: backdrop.sigma, inlierFraction: backdrop.inlierFraction };
  const modelMask = model ? await predictModelMask(raster, model, options.codec) : undefined;
  if (backdrop.plain && options.mode !== "model") {
    const m = createBackdropMatte(raster, backdrop, modelMask);
    return {
      alpha: m.alpha,
      shadow: m.shadow,
      foreground: decontaminate(raster, m.alpha, m.backdrop),
      method: modelMask ? "backdrop+model" : "backdrop",
      backdrop: check,
      ...(modelMask ? { modelMask } : {}),
    };
  }
  if (!modelMask)
    throw new ImagingError(
      "model_unavailable",
      "the backdrop is not plain and no segmentation model is loaded",
      {
        sigma: backdrop.sigma,
        inlierFraction: backdrop.inlierFraction,
      },
    );
  const alpha = refineWithGuidedFilter(raster, modelMask);
  return {
    alpha,
    shadow: createMatte(raster.width, raster.height),
    foreground: decontaminate(raster, alpha, estimateBackgroundColors(raster, alpha)),
    method: "model-refined",
    backdrop: check,
    modelMask,
  };
}
