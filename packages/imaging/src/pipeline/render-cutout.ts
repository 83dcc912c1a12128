// The second half of an edit for a cut-out made elsewhere (combined shots, a focus stack): frame it with
// the template's layout, compose it on the background, encode the output and the thumbnail.
import type { ImageCodec } from "../adapters/image-codec.port.js";
import { writeLayeredPsd } from "../adapters/psd.adapter.js";
import { composeCutout, mapBox, placeRegion } from "../compose/compose.js";
import { createLayout } from "../geometry/layout.js";
import { findBoundingBox, type Box, type Matte, type Raster } from "../raster.js";
import { assertEditTemplate, type EditTemplate } from "../template/edit-template.js";
import { createThumbnail, dropAlpha, MIME, opaque, type EditReport, type EditResult } from "./edit-image.js";

/** A cut-out ready to be placed: the photo it comes from, its colours and its coverage. */
export interface CutoutToRender {
  /** The (merged) photo, shown as the PSD's hidden "Original" layer. */
  readonly photo: Raster;
  /** Product colours, RGB or RGBA (alpha ignored). */
  readonly foreground: Raster;
  /** Product coverage; all ones for a template without background removal. */
  readonly alpha: Matte;
  readonly shadow?: Matte;
}

export interface RenderCutoutOptions {
  readonly codec: ImageCodec;
  readonly dpi: number;
  readonly source: EditReport["source"];
  readonly removal: EditReport["removal"];
  readonly warnings?: readonly string[];
  readonly timingsMs?: Record<string, number>;
  readonly skipThumbnail?: boolean;
}

/**
 * Frames, composes and encodes a cut-out exactly as editImage does after its background removal: margins
 * around the product's box (alpha > 0.5), the template's background and shadow, JPG/PNG/TIFF or a layered
 * PSD, and the thumbnail.
 */
export async function renderCutout(
  cut: CutoutToRender,
  template: EditTemplate,
  options: RenderCutoutOptions,
): Promise<EditResult> {
  assertEditTemplate(template);
  const { codec, dpi } = options;
  const timings = { ...(options.timingsMs ?? {}) };
  let mark = performance.now();
  const lap = (name: string): void => {
    const now = performance.now();
    timings[name] = Math.round((now - mark) * 10) / 10;
    mark = now;
  };
  const warnings = [...(options.warnings ?? [])];
  const { photo } = cut;
  const whole: Box = { left: 0, top: 0, width: photo.width, height: photo.height };
  const cutoutWanted = template.background.type !== "none";
  let subject = whole;
  if (template.margin.type !== "none" && cutoutWanted) {
    const box = findBoundingBox(cut.alpha);
    if (box) subject = box;
    else warnings.push("no product found: framed the whole photo");
  }
  const layout = createLayout({ imageWidth: photo.width, imageHeight: photo.height, subject, dpi, template });
  const composition = await composeCutout({
    codec,
    foreground: cut.foreground,
    alpha: cut.alpha,
    ...(cut.shadow ? { shadow: cut.shadow } : {}),
    subject,
    layout,
    background: template.background,
    shadowMode: template.shadow,
  });
  lap("compose");
  const transparent = template.background.type === "transparent";
  const flat = transparent ? composition.canvas : dropAlpha(composition.canvas);
  let image: Buffer;
  if (template.outputFormat === "psd") {
    const original = await placeRegion(
      codec,
      photo,
      undefined,
      whole,
      mapBox(whole, subject, layout.placement),
      layout.canvasWidth,
      layout.canvasHeight,
    );
    const n = layout.canvasWidth * layout.canvasHeight;
    const mask: Matte = {
      width: layout.canvasWidth,
      height: layout.canvasHeight,
      data: Float32Array.from({ length: n }, (_, i) => (composition.product.data[i * 4 + 3] ?? 0) / 255),
    };
    image = writeLayeredPsd(
      [
        { name: "Background", raster: composition.backgroundLayer, hidden: transparent },
        { name: "Original", raster: original, hidden: true },
        { name: "Cut-out", raster: { ...composition.product, data: opaque(composition.product.data) }, mask },
      ],
      composition.canvas,
      dpi,
      await codec.srgbProfile(),
    );
  } else {
    image = await codec.encode(flat, { format: template.outputFormat, quality: template.jpegQuality, dpi });
  }
  lap("encode");
  const thumbnail = options.skipThumbnail
    ? undefined
    : await createThumbnail(codec, flat, template, transparent);
  lap("thumbnail");
  return {
    image,
    format: template.outputFormat,
    mimeType: MIME[template.outputFormat],
    width: layout.canvasWidth,
    height: layout.canvasHeight,
    ...(thumbnail ? { thumbnail } : {}),
    report: {
      source: options.source,
      dpi,
      removal: options.removal,
      subject,
      layout,
      timingsMs: timings,
      warnings,
    },
  };
}
