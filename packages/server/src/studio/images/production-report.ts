// What the automatic editor did to an image and how sure it was: kept on the image (studio_images.report)
// and shown to editors. Steps below the confidence threshold send the image to a person.
import type { Box, StepConfidence, WhiteGloveTreatment } from "@pixl/imaging";

export interface ProductionReport {
  /** "image", "combined", "stack", "white_glove". */
  mode: string;
  /** Photos the output was made from. */
  photos: number;
  steps: StepConfidence[];
  /** White glove's choice: the treatment, its reasons and the template fields it used. */
  whiteGlove?: {
    treatment: WhiteGloveTreatment;
    confidence: number;
    reasons: string[];
    template: Record<string, unknown>;
  };
  warnings: string[];
  timingsMs: Record<string, number>;
  /**
   * How the template's output was laid out (the product's box in the source, where it was placed in the
   * output of `width`×`height`): colour versions made later from an editor's result map markers with it.
   */
  frame?: { subject: Box; placement: Box; width: number; height: number; dpi: number };
}

/** The steps whose confidence is below `threshold`, weakest first. */
export function findDoubtfulSteps(report: ProductionReport, threshold: number): StepConfidence[] {
  return report.steps.filter((s) => s.confidence < threshold).sort((a, b) => a.confidence - b.confidence);
}

/** One line for the image's status reason: each doubtful step, its confidence and why. */
export function describeDoubt(steps: readonly StepConfidence[]): string {
  return steps.map((s) => `${s.step} confidence ${s.confidence.toFixed(2)}: ${s.reason}`).join("; ");
}

export function parseReport(json: string | null): ProductionReport | null {
  if (json === null) return null;
  try {
    return JSON.parse(json) as ProductionReport;
  } catch {
    return null;
  }
}
