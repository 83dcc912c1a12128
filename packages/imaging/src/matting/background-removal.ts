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
  /** Also return the model's mask upsampled without refinement (for comparisons); default false. */
  readonly keepModelMask?: boolean;
}

/** Which path produced the matte ("backdrop+model": the model was consulted on shadow-like regions). */
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
  return model.predict(rgb);
}

/** Nearest-sample lookup of a low-resolution mask at full-resolution pixel index i. */
function createPriorLookup(mask: Matte, width: number, height: number): (i: number) => number {
  const sx = mask.width / width;
  const sy = mask.height / height;
  return (i) => {
    const x = i % width;
    const y = (i - x) / width;
    return mask.data[Math.floor(y * sy) * mask.width + Math.floor(x * sx)] ?? 0;
  };
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
  const { width, height } = raster;
  let small: Matte | undefined;
  const predict = async (): Promise<Matte | undefined> => {
    if (model && !small) small = await predictModelMask(raster, model, options.codec);
    return small;
  };
  const upsample = (m: Matte): Matte => upsampleBilinear(m, width, height);
  if (backdrop.plain && options.mode !== "model") {
    if (options.keepModelMask) await predict();
    const prior = model
      ? async (): Promise<(i: number) => number> =>
          createPriorLookup((await predict()) ?? createMatte(1, 1), width, height)
      : undefined;
    const m = await createBackdropMatte(raster, backdrop, prior);
    return {
      alpha: m.alpha,
      shadow: m.shadow,
      foreground: decontaminate(raster, m.alpha, m.backdropAt),
      method: m.usedModel ? "backdrop+model" : "backdrop",
      backdrop: check,
      ...(small && options.keepModelMask ? { modelMask: upsample(small) } : {}),
    };
  }
  await predict();
  if (!small)
    throw new ImagingError(
      "model_unavailable",
      "the backdrop is not plain and no segmentation model is loaded",
      {
        sigma: backdrop.sigma,
        inlierFraction: backdrop.inlierFraction,
      },
    );
  const modelMask = upsample(small);
  const alpha = refineWithGuidedFilter(raster, modelMask);
  return {
    alpha,
    shadow: createMatte(raster.width, raster.height),
    foreground: decontaminate(raster, alpha, estimateBackgroundColors(raster, alpha)),
    method: "model-refined",
    backdrop: check,
    ...(options.keepModelMask ? { modelMask } : {}),
  };
}
