// White glove: inspects a photo (backdrop, product bounds, aspect, apparel on a model) and chooses the
// treatment, recording every reason and a measured confidence.
import type { ImageCodec } from "../adapters/image-codec.port.js";
import { evaluateBackdropAt, estimateBackdrop } from "../matting/backdrop.js";
import { removeBackground } from "../matting/background-removal.js";
import { downsampleArea } from "../matting/filters.js";
import type { SegmentationModel } from "../matting/segmentation-model.js";
import { findBoundingBox, type Box, type Raster } from "../raster.js";
import type { PixelzTemplate } from "../template/template.schema.js";
import { detectApparelOnModel, type ApparelOnModel } from "./apparel-model.js";
import { TREATMENT_SUMMARY, treatmentTemplate, type WhiteGloveTreatment } from "./white-glove-templates.js";

export type BackdropKind = "white" | "grey" | "coloured" | "gradient" | "busy";

export interface InspectOptions {
  readonly codec: ImageCodec;
  /** Lets a busy photo's subject be found too (only reported; busy photos keep their scene). */
  readonly model?: SegmentationModel;
  /** Pixels the inspection works at (default 250,000): the verdict does not need full resolution. */
  readonly workingPixels?: number;
}

/** What white glove saw and chose. Boxes are in the photo's own pixels. */
export interface Inspection {
  readonly backdrop: {
    readonly kind: BackdropKind;
    readonly plain: boolean;
    readonly noise: number;
    readonly inlierFraction: number;
    readonly color: { readonly r: number; readonly g: number; readonly b: number };
  };
  readonly product?: {
    readonly box: Box;
    /** Width over height of the box. */
    readonly aspect: number;
    /** Share of the photo the box covers. */
    readonly coverage: number;
    readonly touches: {
      readonly top: boolean;
      readonly bottom: boolean;
      readonly left: boolean;
      readonly right: boolean;
    };
  };
  readonly apparelOnModel?: ApparelOnModel;
  readonly treatment: WhiteGloveTreatment;
  /** The chosen treatment as Pixelz template fields. */
  readonly template: PixelzTemplate;
  readonly reasons: readonly string[];
  /** 0–1: the least clear of the decisions taken. */
  readonly confidence: number;
}

/** Products at least this much wider than tall get the 3:2 canvas. */
export const WIDE_ASPECT = 1.6;

const ramp = (v: number, lo: number, hi: number): number => Math.min(1, Math.max(0, (v - lo) / (hi - lo)));

function classifyBackdrop(work: Raster): Inspection["backdrop"] {
  const m = estimateBackdrop(work);
  const at = (u: number, v: number): { r: number; g: number; b: number } => {
    const out = new Float64Array(3);
    evaluateBackdropAt(m, u, v, out);
    return { r: out[0] ?? 0, g: out[1] ?? 0, b: out[2] ?? 0 };
  };
  const lum = (c: { r: number; g: number; b: number }): number => 0.299 * c.r + 0.587 * c.g + 0.114 * c.b;
  const centre = at(0.5, 0.5);
  const spread = Math.abs(lum(at(0.5, 0.03)) - lum(at(0.5, 0.97)));
  const chroma = Math.max(centre.r, centre.g, centre.b) - Math.min(centre.r, centre.g, centre.b);
  const kind: BackdropKind = !m.plain
    ? "busy"
    : spread >= 14
      ? "gradient"
      : chroma >= 16
        ? "coloured"
        : lum(centre) >= 232
          ? "white"
          : "grey";
  const color = { r: Math.round(centre.r), g: Math.round(centre.g), b: Math.round(centre.b) };
  return { kind, plain: m.plain, noise: m.sigma, inlierFraction: m.inlierFraction, color };
}

/**
 * Inspects `photo` (RGB or RGBA) at a reduced size and chooses a treatment:
 * a busy backdrop keeps its scene (lifestyle); on a plain backdrop, apparel on a model gets the model
 * treatment, a product whose box is at least {@link WIDE_ASPECT}× as wide as tall the 3:2 canvas, anything
 * else the square canvas. Every figure behind the choice is in `reasons`.
 */
export async function inspectPhoto(photo: Raster, options: InspectOptions): Promise<Inspection> {
  const budget = options.workingPixels ?? 250_000;
  const k = Math.min(1, Math.sqrt(budget / (photo.width * photo.height)));
  const work =
    k < 1
      ? downsampleArea(
          photo,
          Math.max(8, Math.round(photo.width * k)),
          Math.max(8, Math.round(photo.height * k)),
        )
      : photo;
  const toSource = (b: Box): Box => ({
    left: Math.round((b.left * photo.width) / work.width),
    top: Math.round((b.top * photo.height) / work.height),
    width: Math.round((b.width * photo.width) / work.width),
    height: Math.round((b.height * photo.height) / work.height),
  });
  const backdrop = classifyBackdrop(work);
  const reasons: string[] = [
    backdrop.plain
      ? `backdrop: plain ${backdrop.kind} (rgb ${backdrop.color.r},${backdrop.color.g},${backdrop.color.b}; noise ${backdrop.noise.toFixed(1)}; ${Math.round(backdrop.inlierFraction * 100)}% of the border fits a smooth surface)`
      : `backdrop: busy (only ${Math.round(backdrop.inlierFraction * 100)}% of the border fits a smooth surface; noise ${backdrop.noise.toFixed(1)})`,
  ];
  // How clear the plain/busy call was: distance of the border fit from the 75 % line.
  const backdropCertainty = backdrop.plain
    ? ramp(backdrop.inlierFraction, 0.75, 0.88)
    : Math.max(ramp(0.75 - backdrop.inlierFraction, 0, 0.15), ramp(backdrop.noise, 10, 16));
  let product: Inspection["product"];
  let apparel: ApparelOnModel | undefined;
  if (backdrop.plain || options.model) {
    const cut = await removeBackground(work, {
      codec: options.codec,
      ...(options.model ? { model: options.model } : {}),
      workingPixels: work.width * work.height,
      keepShadow: false,
    });
    const box = findBoundingBox(cut.alpha);
    if (box) {
      const edge = Math.max(1, Math.round(Math.min(work.width, work.height) * 0.01));
      const touches = {
        top: box.top <= edge,
        bottom: box.top + box.height >= work.height - edge,
        left: box.left <= edge,
        right: box.left + box.width >= work.width - edge,
      };
      product = {
        box: toSource(box),
        aspect: box.width / box.height,
        coverage: (box.width * box.height) / (work.width * work.height),
        touches,
      };
      const cut0 = Object.entries(touches)
        .filter(([, v]) => v)
        .map(([k2]) => k2);
      reasons.push(
        `product: ${product.box.width}×${product.box.height} px at ${product.box.left},${product.box.top}, aspect ${product.aspect.toFixed(2)}, ${Math.round(product.coverage * 100)}% of the photo${cut0.length ? `, cut by the ${cut0.join(", ")} edge${cut0.length > 1 ? "s" : ""}` : ""}`,
      );
      apparel = detectApparelOnModel(work, cut.alpha, box);
      reasons.push(`apparel on a model: ${apparel.detected ? "yes" : "no"} (${apparel.cues.join("; ")})`);
    } else reasons.push("product: none found on the backdrop");
  }
  const choice = choose(backdrop, product, apparel, backdropCertainty);
  reasons.push(`chose ${choice.treatment}: ${choice.why}; ${TREATMENT_SUMMARY[choice.treatment]}`);
  return {
    backdrop,
    ...(product ? { product } : {}),
    ...(apparel ? { apparelOnModel: apparel } : {}),
    treatment: choice.treatment,
    template: treatmentTemplate(choice.treatment, product?.touches.bottom ?? false),
    reasons,
    confidence: choice.confidence,
  };
}

function choose(
  backdrop: Inspection["backdrop"],
  product: Inspection["product"],
  apparel: ApparelOnModel | undefined,
  backdropCertainty: number,
): { treatment: WhiteGloveTreatment; why: string; confidence: number } {
  if (!backdrop.plain)
    return {
      treatment: "lifestyle",
      why: "a busy backdrop is part of the scene (cutting it out is not a safe automatic choice)",
      confidence: backdropCertainty,
    };
  if (!product)
    return { treatment: "lifestyle", why: "no product stands out from the backdrop", confidence: 0.2 };
  if (apparel?.detected)
    return {
      treatment: "apparel-on-model",
      why: "apparel worn by a model",
      confidence: Math.min(backdropCertainty, apparel.certainty),
    };
  const wide = product.aspect >= WIDE_ASPECT;
  const aspectCertainty = Math.min(1, Math.abs(product.aspect - WIDE_ASPECT) / 0.3);
  return {
    treatment: wide ? "product-wide" : "product-square",
    why: wide
      ? `the product is ${product.aspect.toFixed(2)}× as wide as tall (≥ ${WIDE_ASPECT})`
      : `a product ${product.aspect.toFixed(2)}× as wide as tall (< ${WIDE_ASPECT})`,
    confidence: Math.min(backdropCertainty, aspectCertainty, apparel?.certainty ?? 1),
  };
}
