// The pipeline's one entry point: photo + template -> final image, thumbnail and a report of what was done.
import type { EncodeOptions, ImageCodec, ImageHeader } from "../adapters/image-codec.port.js";
import { WHITE } from "../compose/background-fill.js";
import { checkPhotoHeader, DEFAULT_MAX_PIXELS, type DecodeOptions } from "../decode/decode.js";
import { createLayout, DEFAULT_DPI, type Layout } from "../geometry/layout.js";
import { removeBackground, type RemovalMethod } from "../matting/background-removal.js";
import type { BackdropCheckOptions } from "../matting/backdrop.js";
import type { SegmentationModel } from "../matting/segmentation-model.js";
import type { Box, Matte, Raster } from "../raster.js";
import { assertEditTemplate, type EditTemplate, type OutputFormat } from "../template/edit-template.js";
import { renderCutout } from "./render-cutout.js";

/** Dependencies and limits of one edit. */
export interface EditOptions extends DecodeOptions {
  readonly codec: ImageCodec;
  /** Segmentation network; needed for photos whose backdrop is not plain. */
  readonly model?: SegmentationModel;
  readonly backdrop?: BackdropCheckOptions;
  /** Skip the thumbnail (default false). */
  readonly skipThumbnail?: boolean;
  /** Pixel budget of the background removal (see BackgroundRemovalOptions.workingPixels; default 1 MP). */
  readonly workingPixels?: number;
}

/** What was done to the photo, for job records and the CLI summary. */
export interface EditReport {
  readonly source: {
    format: string;
    width: number;
    height: number;
    orientation?: number;
    colorSpace: string;
    hadProfile: boolean;
    pages: number;
  };
  readonly dpi: number;
  readonly removal: { method: RemovalMethod | "none"; plainBackdrop?: boolean; backdropNoise?: number };
  /** The product's box in the source (the whole photo when nothing was cut out or no margins are set). */
  readonly subject: Box;
  readonly layout: Layout;
  readonly timingsMs: Record<string, number>;
  readonly warnings: string[];
}

/** The outputs of one edit. */
export interface EditResult {
  readonly image: Buffer;
  readonly format: OutputFormat;
  readonly mimeType: string;
  readonly width: number;
  readonly height: number;
  /** JPEG (PNG when the output is transparent), longest side `template.thumbnailSize`. */
  readonly thumbnail?: Buffer;
  readonly report: EditReport;
}

/** Content type of each output format. */
export const MIME: Record<OutputFormat, string> = {
  jpg: "image/jpeg",
  png: "image/png",
  tiff: "image/tiff",
  psd: "image/vnd.adobe.photoshop",
};

function orientedSize(h: ImageHeader): { width: number; height: number } {
  return (h.orientation ?? 1) >= 5
    ? { width: h.height, height: h.width }
    : { width: h.width, height: h.height };
}

/**
 * Applies a template to one photo. Throws ImagingError for unreadable, oversized or unsupported input and
 * for invalid templates. Without background removal and with a flat output format, the whole edit runs
 * as one libvips pipeline (decode, orient, resize, pad, encode).
 */
export async function editImage(
  input: Uint8Array,
  template: EditTemplate,
  options: EditOptions,
): Promise<EditResult> {
  assertEditTemplate(template);
  const timings: Record<string, number> = {};
  let mark = performance.now();
  const lap = (name: string): void => {
    const now = performance.now();
    timings[name] = Math.round((now - mark) * 10) / 10;
    mark = now;
  };
  const { codec } = options;
  const limits = { maxPixels: options.maxPixels ?? DEFAULT_MAX_PIXELS };
  const header = await checkPhotoHeader(codec, input, options);
  const dpi = header.dpi ?? DEFAULT_DPI;
  const size = orientedSize(header);
  const warnings: string[] =
    header.pages > 1 ? [`animated or multi-page input: used the first of ${header.pages} frames`] : [];
  if (template.keepMannequin === false)
    warnings.push(
      "isKeptMannequin is false: invisible-mannequin removal is not automated; the mannequin was kept",
    );
  if (template.keepModel === false)
    warnings.push("isKeptModel is false: removing the model is not automated; the model was kept");
  const source = {
    format: header.format,
    ...size,
    ...(header.orientation ? { orientation: header.orientation } : {}),
    colorSpace: header.space,
    hadProfile: header.hasProfile,
    pages: header.pages,
  };
  const encode = (format: "jpg" | "png" | "tiff"): EncodeOptions => ({
    format,
    quality: template.jpegQuality,
    dpi,
  });
  const cutoutWanted = template.background.type !== "none";

  if (!cutoutWanted && template.outputFormat !== "psd") {
    const subject = { left: 0, top: 0, ...size };
    const layout = createLayout({ imageWidth: size.width, imageHeight: size.height, subject, dpi, template });
    const p = layout.placement;
    const image = await codec.renderPlain(
      input,
      {
        limits,
        width: p.width,
        height: p.height,
        left: p.left,
        top: p.top,
        right: layout.canvasWidth - p.left - p.width,
        bottom: layout.canvasHeight - p.top - p.height,
        background: WHITE,
      },
      encode(template.outputFormat),
    );
    lap("render");
    const thumbnail = options.skipThumbnail
      ? undefined
      : await createThumbnail(codec, await codec.decode(image, limits), template, false);
    lap("thumbnail");
    return {
      image,
      format: template.outputFormat,
      mimeType: MIME[template.outputFormat],
      width: layout.canvasWidth,
      height: layout.canvasHeight,
      ...(thumbnail ? { thumbnail } : {}),
      report: { source, dpi, removal: { method: "none" }, subject, layout, timingsMs: timings, warnings },
    };
  }

  const raster = await codec.decode(input, limits);
  lap("decode");
  let alpha: Matte;
  let foreground: Raster = raster;
  let shadow: Matte | undefined;
  let removal: EditReport["removal"] = { method: "none" };
  if (cutoutWanted) {
    const cut = await removeBackground(raster, {
      codec,
      ...(options.model ? { model: options.model } : {}),
      ...(options.backdrop ? { backdrop: options.backdrop } : {}),
      ...(options.workingPixels ? { workingPixels: options.workingPixels } : {}),
      keepShadow: template.shadow === "keep",
    });
    alpha = cut.alpha;
    foreground = cut.foreground;
    shadow = cut.shadow;
    removal = {
      method: cut.method,
      plainBackdrop: cut.backdrop.plain,
      backdropNoise: Math.round(cut.backdrop.sigma * 100) / 100,
    };
    lap("removal");
  } else {
    alpha = {
      width: raster.width,
      height: raster.height,
      data: new Float32Array(raster.width * raster.height).fill(1),
    };
  }
  // Framing, composing and encoding are shared with cut-outs made elsewhere (combined shots, focus stacks).
  return renderCutout({ photo: raster, foreground, alpha, ...(shadow ? { shadow } : {}) }, template, {
    codec,
    dpi,
    source,
    removal,
    warnings,
    timingsMs: timings,
    ...(options.skipThumbnail ? { skipThumbnail: true } : {}),
  });
}

/** The product layer's colours with full opacity (the layer mask carries the transparency in the PSD). */
export function opaque(rgba: Uint8Array): Uint8Array {
  const out = new Uint8Array(rgba);
  for (let i = 3; i < out.length; i += 4) out[i] = 255;
  return out;
}

/** RGB copy of an RGBA raster (others are returned as they are). */
export function dropAlpha(r: Raster): Raster {
  if (r.channels !== 4) return r;
  const n = r.width * r.height;
  const data = new Uint8Array(n * 3);
  const src = r.data;
  for (let i = 0, p = 0, o = 0; i < n; i++, p += 4, o += 3) {
    data[o] = src[p] ?? 0;
    data[o + 1] = src[p + 1] ?? 0;
    data[o + 2] = src[p + 2] ?? 0;
  }
  return { width: r.width, height: r.height, channels: 3, data };
}

/** JPEG (PNG when transparent) thumbnail, longest side `template.thumbnailSize`. */
export async function createThumbnail(
  codec: ImageCodec,
  image: Raster,
  template: EditTemplate,
  transparent: boolean,
): Promise<Buffer> {
  const k = Math.min(1, template.thumbnailSize / Math.max(image.width, image.height));
  const small = await codec.resize(
    image,
    Math.max(1, Math.round(image.width * k)),
    Math.max(1, Math.round(image.height * k)),
  );
  return codec.encode(transparent ? small : dropAlpha(small), {
    format: transparent ? "png" : "jpg",
    quality: 85,
    dpi: 72,
  });
}
