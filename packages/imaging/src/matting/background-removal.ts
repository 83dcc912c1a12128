// Background removal: plain-backdrop fast path or refined model mask, at a bounded working resolution,
// then edge-aware upsampling to the photo's size and decontamination.
import type { ImageCodec } from "../adapters/image-codec.port.js";
import { ImagingError } from "../errors/imaging-error.js";
import { createMatte, type Matte, type Raster } from "../raster.js";
import { createBackdropMatte } from "./backdrop-matte.js";
import { estimateBackdrop, type BackdropCheckOptions } from "./backdrop.js";
import { decontaminate, upsampleCutout, type EdgeColors } from "./edge-colors.js";
import { downsampleArea, upsampleBilinear } from "./filters.js";
import { estimateEdgeColors, refineWithGuidedFilter } from "./refine.js";
import type { SegmentationModel } from "./segmentation-model.js";

/** Largest photo (in pixels) matted at its own size; larger ones are matted at this size (1 MP). */
export const DEFAULT_WORKING_PIXELS = 1_000_000;

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
  /**
   * Pixel budget of the matting (default DEFAULT_WORKING_PIXELS). A larger photo is area-averaged down to
   * it, matted there, and its alpha brought back to full size by solving the compositing equation again
   * at each full-size edge pixel (see upsampleAlpha): the cost of matting stops growing with the photo.
   */
  readonly workingPixels?: number;
  /**
   * Bring the floor shadow to full size (default true). Without it `Cutout.shadow` is all zero: editImage
   * asks for it only when the template keeps the shadow.
   */
  readonly keepShadow?: boolean;
}

/** Which path produced the matte ("backdrop+model": the model was consulted on shadow-like regions). */
export type RemovalMethod = "backdrop" | "backdrop+model" | "model-refined";

/** A cut-out at full resolution. */
export interface Cutout {
  /** Product opacity in [0, 1]. */
  readonly alpha: Matte;
  /** Floor-shadow opacity in [0, 1] (zero where none was found). */
  readonly shadow: Matte;
  /** The photo's colours (its own channel layout) with the edge pixels' colours decontaminated. */
  readonly foreground: Raster;
  readonly method: RemovalMethod;
  /** The plain-backdrop check's figures. */
  readonly backdrop: { readonly plain: boolean; readonly sigma: number; readonly inlierFraction: number };
  /** The model's mask upsampled without refinement (for comparison); absent when no model ran. */
  readonly modelMask?: Matte;
  /** The size the matting ran at (the photo's own size unless it exceeded `workingPixels`). */
  readonly workingSize?: { readonly width: number; readonly height: number };
}

/**
 * The size a width×height photo is matted at under a pixel budget (aspect ratio kept): a whole fraction
 * (1/2, 1/3 …) when that divides both sides (common camera sizes do), since averaging whole blocks is
 * cheaper and exact; otherwise the budget's own scale.
 */
export function findWorkingSize(
  width: number,
  height: number,
  maxPixels: number,
): { width: number; height: number } {
  if (width * height <= maxPixels) return { width, height };
  const whole = Math.ceil(Math.sqrt((width * height) / maxPixels));
  if (width % whole === 0 && height % whole === 0) return { width: width / whole, height: height / whole };
  const k = Math.sqrt(maxPixels / (width * height));
  return { width: Math.max(1, Math.floor(width * k)), height: Math.max(1, Math.floor(height * k)) };
}

/** Runs the model on the photo resized to its input square; returns the probability map (model size). */
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

/** Nearest-sample lookup of a low-resolution mask at pixel index i of a width×height image. */
function createPriorLookup(mask: Matte, width: number, height: number): (i: number) => number {
  const sx = mask.width / width;
  const sy = mask.height / height;
  return (i) => {
    const x = i % width;
    const y = (i - x) / width;
    return mask.data[Math.floor(y * sy) * mask.width + Math.floor(x * sx)] ?? 0;
  };
}

/** The matte at working resolution, before it is brought to the photo's size. */
interface WorkingMatte {
  readonly alpha: Matte;
  readonly shadow?: Matte;
  readonly edges: EdgeColors;
  readonly minContrast: number;
  readonly method: RemovalMethod;
}

function hasAny(m: Matte): boolean {
  const d = m.data;
  for (let i = 0; i < d.length; i++) if ((d[i] ?? 0) > 0) return true;
  return false;
}

/**
 * Cuts the product out of a photo (RGBA, sRGB). A measured check fits a smooth surface to the border; when
 * it explains the border (white, grey, gradient or vignetted studio backdrop), alpha comes from the colour
 * distance to that surface, with the model only arbitrating grey-vs-shadow. Otherwise the model mask is
 * refined with a guided filter. Both run at a bounded working resolution (see `workingPixels`); edge
 * colours are decontaminated at full size either way.
 */
export async function removeBackground(raster: Raster, options: BackgroundRemovalOptions): Promise<Cutout> {
  const model = options.model;
  const { width, height } = raster;
  const size = findWorkingSize(width, height, options.workingPixels ?? DEFAULT_WORKING_PIXELS);
  const scaled = size.width !== width || size.height !== height;
  const work = scaled ? downsampleArea(raster, size.width, size.height) : raster;
  const backdrop = estimateBackdrop(work, options.backdrop);
  const check = { plain: backdrop.plain, sigma: backdrop.sigma, inlierFraction: backdrop.inlierFraction };
  let small: Matte | undefined;
  const predict = async (): Promise<Matte | undefined> => {
    if (model && !small) small = await predictModelMask(work, model, options.codec);
    return small;
  };
  let matte: WorkingMatte;
  if (backdrop.plain && options.mode !== "model") {
    if (options.keepModelMask) await predict();
    const prior = model
      ? async (): Promise<(i: number) => number> =>
          createPriorLookup((await predict()) ?? createMatte(1, 1), work.width, work.height)
      : undefined;
    const m = await createBackdropMatte(work, backdrop, prior);
    matte = { ...m, method: m.usedModel ? "backdrop+model" : "backdrop" };
  } else {
    const mask = await predict();
    if (!mask)
      throw new ImagingError(
        "model_unavailable",
        "the backdrop is not plain and no segmentation model is loaded",
        { sigma: backdrop.sigma, inlierFraction: backdrop.inlierFraction },
      );
    const alpha = refineWithGuidedFilter(work, upsampleBilinear(mask, work.width, work.height));
    // Backdrop colours here are local estimates, not a fitted surface: edges are solved again at full size
    // only where product and backdrop differ clearly (24 levels).
    matte = { alpha, edges: estimateEdgeColors(work, alpha), minContrast: 24, method: "model-refined" };
  }
  const shadowFound = matte.shadow && hasAny(matte.shadow) ? matte.shadow : undefined;
  const shadow =
    shadowFound && options.keepShadow !== false
      ? scaled
        ? upsampleBilinear(shadowFound, width, height)
        : shadowFound
      : createMatte(width, height);
  const { alpha, foreground } = scaled
    ? upsampleCutout(raster, matte.alpha, matte.edges, {
        minContrast: matte.minContrast,
        ...(shadowFound ? { shadow: shadowFound } : {}),
      })
    : {
        alpha: matte.alpha,
        foreground: decontaminate(raster, matte.alpha, matte.edges, shadowFound),
      };
  return {
    alpha,
    shadow,
    foreground,
    method: matte.method,
    backdrop: check,
    ...(small && options.keepModelMask ? { modelMask: upsampleBilinear(small, width, height) } : {}),
    ...(scaled ? { workingSize: size } : {}),
  };
}
