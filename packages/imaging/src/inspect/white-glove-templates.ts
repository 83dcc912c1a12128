// The treatments white glove chooses between, as Pixelz template fields (createEditTemplate turns them
// into the pipeline's template).
import type { PixelzTemplate } from "../template/template.schema.js";

export const WHITE_GLOVE_TREATMENTS = [
  "product-square",
  "product-wide",
  "apparel-on-model",
  "lifestyle",
] as const;
export type WhiteGloveTreatment = (typeof WHITE_GLOVE_TREATMENTS)[number];

/** What each treatment does, in one line (for the report). */
export const TREATMENT_SUMMARY: Record<WhiteGloveTreatment, string> = {
  "product-square": "white background, square canvas, 5% margins, centred, JPG",
  "product-wide": "white background, 3:2 canvas, 5% margins, centred, JPG",
  "apparel-on-model":
    "white background, model kept, 3:4 canvas, 4% margins (none below a model cut by the frame), JPG",
  lifestyle: "background kept (the scene is part of the photo), no reframing, JPG",
};

/**
 * The template fields of a treatment. `croppedAtBottom` (a model cut by the photo's lower edge) drops the
 * bottom margin and aligns to the bottom, so the cut edge stays on the canvas edge instead of floating.
 */
export function treatmentTemplate(t: WhiteGloveTreatment, croppedAtBottom = false): PixelzTemplate {
  const white = { templateOutputFormat: "JPG", backgroundType: "1", backgroundColor: "FFFFFF" } as const;
  switch (t) {
    case "product-square":
    case "product-wide":
      return {
        ...white,
        resizeType: "1",
        resizeWidth: t === "product-wide" ? "3" : "1",
        resizeHeight: t === "product-wide" ? "2" : "1",
        marginType: "1",
        marginTop: "5",
        marginBottom: "5",
        marginLeft: "5",
        marginRight: "5",
        marginVerticalAlignment: "2",
      };
    case "apparel-on-model":
      return {
        ...white,
        resizeType: "1",
        resizeWidth: "3",
        resizeHeight: "4",
        marginType: "1",
        marginTop: "4",
        marginBottom: croppedAtBottom ? "0" : "4",
        marginLeft: "4",
        marginRight: "4",
        marginVerticalAlignment: croppedAtBottom ? "3" : "2",
        isKeptModel: "true",
      };
    case "lifestyle":
      return { templateOutputFormat: "JPG", backgroundType: "0" };
  }
}
