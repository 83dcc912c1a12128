// The automatic editor's work on one image: the right @pixl/imaging edit for its kind (one photo, combined
// images, a focus stack, white glove), then its colour work (colour matching, colour and colourway versions),
// with every step's measured confidence.
import {
  createEditTemplate,
  editCombinedImages,
  editFocusStack,
  editImage,
  inspectPhoto,
  judgeEditReport,
  type EditOptions,
  type EditResult,
  type EditTemplate,
  type StepConfidence,
} from "@pixl/imaging";
import type { StudioDeps } from "../studio.deps.js";
import { toEditTemplate } from "../templates/template-spec.js";
import type { Template } from "../templates/template.repository.js";
import { renderColorOutputs, wantsColorWork } from "./color-outputs.js";
import { EditorNeeded } from "./color-version.js";
import { EXTENSIONS, stemOf, type Output } from "./finish.js";
import type { Image } from "./image.repository.js";
import type { StudioImaging } from "./imaging.js";
import type { ProductionReport } from "./production-report.js";

export interface Rendered {
  outputs: Output[];
  report: ProductionReport;
  /** Why a person must finish it (colour work the automatic editor cannot do with confidence). */
  editorReason?: string;
}

interface MainEdit {
  result: EditResult;
  steps: StepConfidence[];
  mode: string;
  warnings: string[];
  whiteGlove?: ProductionReport["whiteGlove"];
  editTemplate: EditTemplate;
}

/** Picks and runs the edit for the image's kind and template. `photos` are its photos in order. */
async function editMain(
  imaging: StudioImaging,
  image: Image,
  template: Template,
  photos: readonly Buffer[],
  options: EditOptions,
): Promise<MainEdit> {
  const first = photos[0] ?? Buffer.alloc(0);
  let editTemplate = toEditTemplate(template.spec);
  let whiteGlove: ProductionReport["whiteGlove"];
  const steps: StepConfidence[] = [];
  if (image.kind === "white_glove") {
    const raster = await imaging.codec.decode(first, { maxPixels: options.maxPixels ?? 50_000_000 });
    const inspection = await inspectPhoto(raster, {
      codec: imaging.codec,
      ...(options.model ? { model: options.model } : {}),
    });
    editTemplate = createEditTemplate(inspection.template);
    whiteGlove = {
      treatment: inspection.treatment,
      confidence: inspection.confidence,
      reasons: [...inspection.reasons],
      template: { ...inspection.template },
    };
    steps.push({
      step: "inspection",
      confidence: inspection.confidence,
      reason: inspection.reasons.join("; "),
    });
  }
  const withShots = async (mode: string, r: Promise<{ steps: readonly StepConfidence[] } & EditResult>) => {
    const result = await r;
    return {
      result,
      steps: [...steps, ...result.steps],
      mode,
      warnings: [],
      editTemplate,
      ...(whiteGlove ? { whiteGlove } : {}),
    };
  };
  if (image.kind === "stack" && photos.length > 1)
    return withShots("stack", editFocusStack(photos, editTemplate, options));
  if ((template.isCombinedImages || image.kind === "white_glove") && photos.length > 1)
    return withShots("combined", editCombinedImages(photos, editTemplate, options));
  const result = await editImage(first, editTemplate, options);
  const warnings: string[] = [];
  if (image.kind === "stack") warnings.push("a stack of one photo: edited as a single photo");
  else if (photos.length > 1)
    warnings.push(
      `imageURL2-${photos.length} kept as references: the template does not combine images (IsCombinedImages is false)`,
    );
  return {
    result,
    steps: [...steps, judgeEditReport(result.report)],
    mode: image.kind === "white_glove" ? "white_glove" : "image",
    warnings,
    editTemplate,
    ...(whiteGlove ? { whiteGlove } : {}),
  };
}

/**
 * Renders an image's outputs: the template's (or white glove's) output from `photos` (its own sources, or
 * every shot of its stack), colour-matched when asked, and one output per colour version and colourway. The
 * report lists each step's confidence; colour work that needs a person leaves only the template's output
 * and the reason in `editorReason`.
 */
export async function renderOutputs(
  deps: StudioDeps,
  imaging: StudioImaging,
  image: Image,
  template: Template,
  photos: readonly Buffer[],
): Promise<Rendered> {
  const needsModel = template.spec.backgroundType !== 0 || image.kind === "white_glove";
  const model = needsModel ? await imaging.model() : undefined;
  const options = {
    codec: imaging.codec,
    maxPixels: deps.limits.maxSourcePixels,
    ...(model ? { model } : {}),
  };
  const main = await editMain(imaging, image, template, photos, options);
  const stem = stemOf(image);
  const ext = EXTENSIONS[main.result.format] ?? main.result.format;
  const thumbExt = main.editTemplate.background.type === "transparent" ? "png" : "jpg";
  const first: Output = {
    position: 0,
    customerImageColorId: "",
    fileName: `${stem}.${ext}`,
    image: main.result.image,
    mimeType: main.result.mimeType,
    width: main.result.width,
    height: main.result.height,
    ...(main.result.thumbnail
      ? { thumbnail: { bytes: main.result.thumbnail, name: `${stem}.${thumbExt}` } }
      : {}),
  };
  const outputs: Output[] = [first];
  const report: ProductionReport = {
    mode: main.mode,
    photos: photos.length,
    steps: main.steps,
    ...(main.whiteGlove ? { whiteGlove: main.whiteGlove } : {}),
    warnings: [...main.warnings, ...main.result.report.warnings],
    timingsMs: main.result.report.timingsMs,
    frame: {
      subject: main.result.report.subject,
      placement: main.result.report.layout.placement,
      width: main.result.width,
      height: main.result.height,
      dpi: main.result.report.dpi,
    },
  };
  if (!wantsColorWork(image)) return { outputs, report };
  // Colour work starts from a flat copy of the result (a PSD cannot be decoded back).
  const flat = async () =>
    main.result.format === "psd"
      ? await editImage(
          photos[0] ?? Buffer.alloc(0),
          { ...main.editTemplate, outputFormat: "png" },
          { ...options, skipThumbnail: true },
        )
      : main.result;
  try {
    const colored = await renderColorOutputs(deps, imaging, {
      image,
      template: main.editTemplate,
      main: first,
      flat,
      stem,
    });
    return { outputs: colored, report };
  } catch (e) {
    // The template's output stays as the editor's starting point; a person does the colour work.
    if (e instanceof EditorNeeded) return { outputs, report, editorReason: e.message };
    throw e;
  }
}
