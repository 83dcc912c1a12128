// @pixl/imaging: the studio editor (photo + template -> final image, thumbnail, report) and `pixl edit`.
export {
  IMAGING_ERROR_CODES,
  ImagingError,
  isImagingError,
  type ImagingErrorCode,
} from "./errors/imaging-error.js";
export {
  PixelzTemplateSchema,
  TEMPLATE_OUTPUT_FORMATS,
  type PixelzTemplate,
} from "./template/template.schema.js";
export {
  assertEditTemplate,
  createEditTemplate,
  DEFAULT_EDIT_TEMPLATE,
  tryParseHexColor,
  type BackgroundSpec,
  type EditTemplate,
  type MarginSpec,
  type OutputFormat,
  type ResizeSpec,
  type Rgb,
} from "./template/edit-template.js";
export { createLayout, toPixels, DEFAULT_DPI, type Layout, type LayoutOptions } from "./geometry/layout.js";
export {
  checkPhotoHeader,
  decodePhoto,
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_PIXELS,
  type DecodeOptions,
  type DecodedPhoto,
} from "./decode/decode.js";
export type { ImageCodec, ImageHeader, EncodeOptions } from "./adapters/image-codec.port.js";
export { createSharpCodec } from "./adapters/sharp.adapter.js";
export {
  createOnnxSegmentationModel,
  DEFAULT_MODEL_PATH,
  type OnnxModelOptions,
} from "./adapters/onnx.adapter.js";
export { readLayeredPsd } from "./adapters/psd.adapter.js";
export type { SegmentationModel, ModelNormalization } from "./matting/segmentation-model.js";
export {
  removeBackground,
  type BackgroundRemovalOptions,
  type Cutout,
  type RemovalMethod,
} from "./matting/background-removal.js";
export { editImage, type EditOptions, type EditReport, type EditResult } from "./pipeline/edit-image.js";
export { deltaE2000 } from "./colour/ciede2000.js";
export {
  labToRgb,
  oklabToRgb,
  rgbToLab,
  rgbToOklab,
  toHexRgb,
  type Lab,
  type Oklab,
} from "./colour/colour-space.js";
export {
  findMarkerRegion,
  findModelRegion,
  type ColourRegion,
  type ProductMask,
} from "./colour/colour-region.js";
export { recolourRegion, type RecolourResult } from "./colour/recolour.js";
export {
  extractDominantColours,
  type DominantColour,
  type DominantColourOptions,
} from "./colour/dominant-colours.js";
export {
  extractProductColours,
  findDominantRegion,
  findProductMatte,
  matchProductColour,
  recolourAtMarkers,
  recolourDominant,
  type ColourChange,
  type ColourMarker,
  type ProductMatteOptions,
} from "./colour/colour-match.js";
export type { Box, Matte, Raster } from "./raster.js";
export { registerEditCommand, runEditCommand, type EditCommandOptions } from "./cli/edit.command.js";
export { runEditBatch, createEditJob, type EditJob, type EditJobResult } from "./cli/edit-batch.js";
// Several photos and inspection: alignment, combined images, focus stacking, white glove, step confidence.
export { alignImages, type Alignment, type AlignmentOptions } from "./align/align-images.js";
export {
  applySimilarity,
  composeSimilarity,
  createSimilarity,
  describeSimilarity,
  IDENTITY,
  invertSimilarity,
  meanTransformError,
  type Similarity,
} from "./align/similarity.js";
export { warpMatte, warpRaster, type Warped } from "./align/warp.js";
export {
  combineShots,
  COMBINE_RULE,
  type CombineOptions,
  type CombineShot,
  type Combined,
  type ShotContribution,
} from "./combine/combine-shots.js";
export { stackFocus, type FocusStack, type FocusStackOptions } from "./stack/focus-stack.js";
export {
  inspectPhoto,
  WIDE_ASPECT,
  type BackdropKind,
  type Inspection,
  type InspectOptions,
} from "./inspect/white-glove.js";
export { detectApparelOnModel, type ApparelOnModel } from "./inspect/apparel-model.js";
export {
  TREATMENT_SUMMARY,
  treatmentTemplate,
  WHITE_GLOVE_TREATMENTS,
  type WhiteGloveTreatment,
} from "./inspect/white-glove-templates.js";
export {
  editCombinedImages,
  editFocusStack,
  editWhiteGlove,
  MAX_COMBINED_SHOTS,
  MAX_STACK_SHOTS,
  type StepsEditResult,
  type WhiteGloveResult,
} from "./pipeline/edit-shots.js";
export { renderCutout, type CutoutToRender, type RenderCutoutOptions } from "./pipeline/render-cutout.js";
export { judgeCutout, judgeEditReport, type StepConfidence } from "./pipeline/step-confidence.js";
