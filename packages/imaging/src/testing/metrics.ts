// Matte quality measures against ground truth: IoU of the binarised mattes and mean absolute alpha error.
import type { Matte } from "../raster.js";

/** IoU of the two mattes thresholded at 0.5, and mean |a − b| over all pixels. */
export function compareMattes(predicted: Matte, truth: Matte): { iou: number; mae: number } {
  let inter = 0;
  let union = 0;
  let err = 0;
  const n = truth.data.length;
  for (let i = 0; i < n; i++) {
    const p = predicted.data[i] ?? 0;
    const t = truth.data[i] ?? 0;
    const pb = p > 0.5;
    const tb = t > 0.5;
    if (pb && tb) inter++;
    if (pb || tb) union++;
    err += Math.abs(p - t);
  }
  return { iou: union === 0 ? 1 : inter / union, mae: err / n };
}
