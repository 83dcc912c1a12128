// The port for a salient-object segmentation network (U²-Net / ISNet family) and its input normalisation.
import type { Matte } from "../raster.js";

/**
 * How pixels are normalised before the network: U²-Net divides by the image maximum then applies the
 * ImageNet mean/std; ISNet (DIS) divides by 255 and uses mean 0.5, std 1.
 */
export type ModelNormalization = "u2net" | "isnet";

/** A loaded model that maps a square RGB image to a foreground probability map of the same size. */
export interface SegmentationModel {
  /** Side of the square input the network expects (320 for u2netp, 1024 for ISNet). */
  readonly inputSize: number;
  /** A name for reports, e.g. "u2netp". */
  readonly name: string;
  /**
   * Runs the network on `rgb` (inputSize² × 3 bytes, interleaved). Returns probabilities in [0, 1],
   * min–max normalised as the reference implementations do.
   */
  predict(rgb: Uint8Array): Promise<Matte>;
  /** Frees native resources. */
  dispose(): Promise<void>;
}

/** Writes `rgb` (interleaved bytes) as a planar NCHW float tensor normalised for the model family. */
export function createModelInput(
  rgb: Uint8Array,
  size: number,
  normalization: ModelNormalization,
): Float32Array {
  const plane = size * size;
  const out = new Float32Array(plane * 3);
  if (normalization === "isnet") {
    for (let i = 0; i < plane; i++)
      for (let c = 0; c < 3; c++) out[c * plane + i] = (rgb[i * 3 + c] ?? 0) / 255 - 0.5;
    return out;
  }
  const mean = [0.485, 0.456, 0.406];
  const std = [0.229, 0.224, 0.225];
  let max = 1;
  for (let i = 0; i < plane * 3; i++) max = Math.max(max, rgb[i] ?? 0);
  for (let i = 0; i < plane; i++)
    for (let c = 0; c < 3; c++)
      out[c * plane + i] = ((rgb[i * 3 + c] ?? 0) / max - (mean[c] ?? 0)) / (std[c] ?? 1);
  return out;
}

/** Min–max normalises a network output into [0, 1]. */
export function normalizePrediction(values: Float32Array, size: number): Matte {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const span = hi - lo > 1e-6 ? hi - lo : 1;
  const data = new Float32Array(size * size);
  for (let i = 0; i < data.length; i++) data[i] = ((values[i] ?? 0) - lo) / span;
  return { width: size, height: size, data };
}
