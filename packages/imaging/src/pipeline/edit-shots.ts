// Edits made from several photos (combined images, focus stacks) and white glove's inspected edit: each
// returns the usual outputs plus every step's measured confidence.
import type { ImageCodec } from "../adapters/image-codec.port.js";
import { combineShots, COMBINE_RULE, type CombineShot } from "../combine/combine-shots.js";
import { checkPhotoHeader, DEFAULT_MAX_PIXELS } from "../decode/decode.js";
import { DEFAULT_DPI } from "../geometry/layout.js";
import { ImagingError } from "../errors/imaging-error.js";
import { inspectPhoto, type Inspection } from "../inspect/white-glove.js";
import { removeBackground } from "../matting/background-removal.js";
import { createMatte, type Matte, type Raster } from "../raster.js";
import { stackFocus } from "../stack/focus-stack.js";
import { createEditTemplate, type EditTemplate } from "../template/edit-template.js";
import { editImage, type EditOptions, type EditReport, type EditResult } from "./edit-image.js";
import { renderCutout } from "./render-cutout.js";
import { judgeCutout, judgeEditReport, type StepConfidence } from "./step-confidence.js";

/** Combined images take imageURL…imageURL5. */
export const MAX_COMBINED_SHOTS = 5;
/** A focus stack holds at most this many shots. */
export const MAX_STACK_SHOTS = 10;

/** An edit's outputs and the confidence of each automatic step that made it. */
export interface StepsEditResult extends EditResult {
  readonly steps: readonly StepConfidence[];
}

interface Decoded {
  readonly raster: Raster;
  readonly source: EditReport["source"];
  readonly dpi: number;
}

async function decodeAll(
  inputs: readonly Uint8Array[],
  options: EditOptions,
  max: number,
): Promise<Decoded[]> {
  if (inputs.length === 0 || inputs.length > max)
    throw new ImagingError("invalid_shots", `expected 1 to ${max} photos, got ${inputs.length}`);
  const limits = { maxPixels: options.maxPixels ?? DEFAULT_MAX_PIXELS };
  const out: Decoded[] = [];
  for (const input of inputs) {
    const h = await checkPhotoHeader(options.codec, input, options);
    const rotated = (h.orientation ?? 1) >= 5;
    out.push({
      raster: await options.codec.decode(input, limits),
      dpi: h.dpi ?? DEFAULT_DPI,
      source: {
        format: h.format,
        width: rotated ? h.height : h.width,
        height: rotated ? h.width : h.height,
        ...(h.orientation ? { orientation: h.orientation } : {}),
        colorSpace: h.space,
        hadProfile: h.hasProfile,
        pages: h.pages,
      },
    });
  }
  return out;
}

/** The alpha channel when a decoded photo is a cut-out (some clearly transparent pixels), else undefined. */
function ownAlpha(r: Raster): Matte | undefined {
  if (r.channels !== 4) return undefined;
  const n = r.width * r.height;
  let clear = 0;
  for (let i = 0; i < n; i++) if ((r.data[i * 4 + 3] ?? 255) < 128) clear++;
  if (clear < n * 0.005) return undefined;
  const m = createMatte(r.width, r.height);
  for (let i = 0; i < n; i++) m.data[i] = (r.data[i * 4 + 3] ?? 0) / 255;
  return m;
}

async function cutOut(
  shot: Raster,
  k: number,
  options: EditOptions,
  steps: StepConfidence[],
): Promise<CombineShot> {
  const alpha = ownAlpha(shot);
  if (alpha) {
    steps.push({
      step: `removal ${k}`,
      confidence: 1,
      reason: "a cut-out: its own transparency is the matte",
    });
    return { raster: shot, alpha };
  }
  const cut = await removeBackground(shot, {
    codec: options.codec,
    ...(options.model ? { model: options.model } : {}),
    ...(options.workingPixels ? { workingPixels: options.workingPixels } : {}),
    keepShadow: false,
  });
  steps.push(judgeCutout(cut, `removal ${k}`));
  return { raster: cut.foreground, alpha: cut.alpha };
}

function ones(r: Raster): Matte {
  const m = createMatte(r.width, r.height);
  m.data.fill(1);
  return m;
}

/**
 * Combined images: shots 2…n aligned to the first and merged into it by {@link COMBINE_RULE}, then edited
 * with `template`. A shot that is already a cut-out (transparent pixels) keeps its own alpha; others are
 * cut out first. With a background-keeping template the fills are painted into the first photo.
 */
export async function editCombinedImages(
  inputs: readonly Uint8Array[],
  template: EditTemplate,
  options: EditOptions,
): Promise<StepsEditResult> {
  const t0 = performance.now();
  const decoded = await decodeAll(inputs, options, MAX_COMBINED_SHOTS);
  const steps: StepConfidence[] = [];
  const shots: CombineShot[] = [];
  for (const [k, d] of decoded.entries()) shots.push(await cutOut(d.raster, k + 1, options, steps));
  const t1 = performance.now();
  const combined = combineShots(shots);
  steps.push({ step: "combine", confidence: combined.confidence, reason: combined.reason });
  const first = decoded[0] as Decoded;
  const base = shots[0] as CombineShot;
  const warnings = [`combined ${decoded.length} photos: ${COMBINE_RULE}`];
  if (template.shadow === "keep")
    warnings.push("shadowType 1 (keep) is not available for combined images: none kept");
  let cut = { photo: first.raster, foreground: combined.foreground, alpha: combined.alpha };
  if (template.background.type === "none") {
    // Paint only the fills into the first photo: everything else stays as photographed.
    const photo = { ...first.raster, data: new Uint8Array(first.raster.data) };
    const ch = photo.channels;
    for (let i = 0; i < photo.width * photo.height; i++) {
      const af = (combined.alpha.data[i] ?? 0) - (base.alpha.data[i] ?? 0);
      if (af <= 0.001) continue;
      for (let c = 0; c < 3; c++)
        photo.data[i * ch + c] = Math.round(
          (photo.data[i * ch + c] ?? 0) * (1 - af) + (combined.foreground.data[i * 3 + c] ?? 0) * af,
        );
    }
    cut = { photo, foreground: photo, alpha: ones(photo) };
  }
  const result = await renderCutout(cut, template, {
    codec: options.codec,
    dpi: first.dpi,
    source: first.source,
    removal: { method: template.background.type === "none" ? "none" : "backdrop" },
    warnings,
    timingsMs: { "decode+removal": round(t1 - t0), combine: round(performance.now() - t1) },
    ...(options.skipThumbnail ? { skipThumbnail: true } : {}),
  });
  return { ...result, steps };
}

/**
 * Focus stacking: the shots are aligned to the first and merged (each region from the shot where it is
 * sharpest, blended band by band), then the stacked photo is edited with `template` like one photo.
 */
export async function editFocusStack(
  inputs: readonly Uint8Array[],
  template: EditTemplate,
  options: EditOptions,
): Promise<StepsEditResult> {
  const t0 = performance.now();
  const decoded = await decodeAll(inputs, options, MAX_STACK_SHOTS);
  const t1 = performance.now();
  const stack = stackFocus(decoded.map((d) => d.raster));
  const t2 = performance.now();
  const steps: StepConfidence[] = [{ step: "stack", confidence: stack.confidence, reason: stack.reason }];
  const first = decoded[0] as Decoded;
  const warnings = [
    `focus-stacked ${decoded.length} photos; shares ${stack.shares.map((s) => `${Math.round(s * 100)}%`).join(" / ")}`,
  ];
  let cut: { photo: Raster; foreground: Raster; alpha: Matte; shadow?: Matte } = {
    photo: stack.image,
    foreground: stack.image,
    alpha: ones(stack.image),
  };
  let removal: EditReport["removal"] = { method: "none" };
  if (template.background.type !== "none") {
    const c = await removeBackground(stack.image, {
      codec: options.codec,
      ...(options.model ? { model: options.model } : {}),
      ...(options.workingPixels ? { workingPixels: options.workingPixels } : {}),
      keepShadow: template.shadow === "keep",
    });
    steps.push(judgeCutout(c));
    cut = { photo: stack.image, foreground: c.foreground, alpha: c.alpha, shadow: c.shadow };
    removal = {
      method: c.method,
      plainBackdrop: c.backdrop.plain,
      backdropNoise: Math.round(c.backdrop.sigma * 100) / 100,
    };
  }
  const result = await renderCutout(cut, template, {
    codec: options.codec,
    dpi: first.dpi,
    source: first.source,
    removal,
    warnings,
    timingsMs: { decode: round(t1 - t0), stack: round(t2 - t1), removal: round(performance.now() - t2) },
    ...(options.skipThumbnail ? { skipThumbnail: true } : {}),
  });
  return { ...result, steps };
}

/** White glove's edit: the inspection's chosen template applied to the photo. */
export interface WhiteGloveResult extends StepsEditResult {
  readonly inspection: Inspection;
  readonly template: EditTemplate;
}

/**
 * White glove: inspects the photo, builds the chosen treatment's template (with `extra`'s quality and
 * thumbnail size) and edits the photo with it.
 */
export async function editWhiteGlove(
  input: Uint8Array,
  options: EditOptions & { readonly codec: ImageCodec },
  extra: Partial<Pick<EditTemplate, "jpegQuality" | "thumbnailSize">> = {},
): Promise<WhiteGloveResult> {
  const [decoded] = await decodeAll([input], options, 1);
  const inspection = await inspectPhoto((decoded as Decoded).raster, {
    codec: options.codec,
    ...(options.model ? { model: options.model } : {}),
  });
  const template = createEditTemplate(inspection.template, extra);
  const result = await editImage(input, template, options);
  const steps: StepConfidence[] = [
    { step: "inspection", confidence: inspection.confidence, reason: inspection.reasons.join("; ") },
    judgeEditReport(result.report),
  ];
  return { ...result, steps, inspection, template };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
