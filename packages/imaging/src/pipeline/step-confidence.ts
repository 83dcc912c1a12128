// Confidence of each automatic step, measured from the step's own figures, so that a caller can hand what
// the editor is unsure of to a person instead of delivering it.
import type { Cutout } from "../matting/background-removal.js";
import { findBoundingBox } from "../raster.js";
import type { EditReport } from "./edit-image.js";

/** One step's verdict on its own work. */
export interface StepConfidence {
  /** "removal", "alignment", "combine", "stack", "inspection" … */
  readonly step: string;
  /** 0 (could not do it) … 1 (no doubt). */
  readonly confidence: number;
  readonly reason: string;
}

const ramp = (v: number, lo: number, hi: number): number => Math.min(1, Math.max(0, (v - lo) / (hi - lo)));

/** Confidence of a cut-out: how well a plain backdrop was explained, lower on the model path, 0 for nothing. */
export function judgeCutout(cut: Cutout, label = "removal"): StepConfidence {
  if (!findBoundingBox(cut.alpha))
    return { step: label, confidence: 0, reason: "no product found on the backdrop" };
  if (cut.method === "model-refined")
    return {
      step: label,
      confidence: 0.55,
      reason: `busy backdrop (${Math.round(cut.backdrop.inlierFraction * 100)}% of the border fits a smooth surface): the cut-out follows the segmentation model`,
    };
  return {
    step: label,
    confidence: 0.6 + 0.4 * ramp(cut.backdrop.inlierFraction, 0.75, 0.9),
    reason: `plain backdrop (${Math.round(cut.backdrop.inlierFraction * 100)}% of the border fits, noise ${cut.backdrop.sigma.toFixed(1)})`,
  };
}

/** The same judgement from an editImage report (which keeps the removal's method and warnings only). */
export function judgeEditReport(report: EditReport): StepConfidence {
  if (report.warnings.some((w) => w.startsWith("no product found")))
    return { step: "removal", confidence: 0, reason: "no product found on the backdrop" };
  switch (report.removal.method) {
    case "none":
      return { step: "removal", confidence: 1, reason: "background kept: nothing cut out" };
    case "model-refined":
      return {
        step: "removal",
        confidence: 0.55,
        reason: "busy backdrop: the cut-out follows the segmentation model",
      };
    default:
      return {
        step: "removal",
        confidence: 0.9,
        reason: `plain backdrop (noise ${String(report.removal.backdropNoise ?? 0)})`,
      };
  }
}
