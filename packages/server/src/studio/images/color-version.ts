// Colour work on a finished image: colour versions (colorChangeRequests), colourway versions (colorwayIds) and
// colour matching (colorReferenceFileURL), all on the flat output with the product's matte found once.
// Anything the automatic editor cannot do with confidence throws EditorNeeded with the reason.
import {
  findProductMatte,
  isImagingError,
  matchProductColour,
  recolourAtMarkers,
  recolourDominant,
  type Box,
  type ColourMarker,
  type ImageCodec,
  type Matte,
  type Raster,
  type Rgb,
  type SegmentationModel,
} from "@pixl/imaging";
import type { ColorVersionRequest } from "./image-request.js";
import { colorOfHex } from "./swatch-colors.js";

/** The automatic editor cannot do this image with confidence: it goes to an editor with `message`. */
export class EditorNeeded extends Error {
  override readonly name = "EditorNeeded";
  /** The colour version (1…, among the image's outputs) it is about, when it is about one. */
  readonly position: number | undefined;
  constructor(message: string, position?: number) {
    super(message);
    this.position = position;
  }
}

/**
 * How a finished image was laid out: the product's box in the source photo and where it was placed in the
 * output, so a marker given in source pixels lands on the product (an EditReport has both).
 */
export interface ColorFrame {
  readonly subject: Box;
  readonly layout: { readonly placement: Box };
  readonly dpi: number;
}

/** The finished image opened for colour work: its pixels, the product's matte, and how it was laid out. */
export interface ColorCanvas {
  readonly raster: Raster;
  readonly matte: Matte;
  readonly report: ColorFrame;
  /** jpg or tiff as the output; png for png and psd (a PSD cannot be decoded back). */
  readonly format: "jpg" | "png" | "tiff";
}

/** An encoded colour output. */
export interface ColorOutput {
  image: Buffer;
  mimeType: string;
  extension: string;
  width: number;
  height: number;
}

/** Decodes the flat finished image and finds the product in it (its alpha, else background removal). */
export async function openColorCanvas(
  imaging: { codec: ImageCodec; model?: SegmentationModel },
  finished: { image: Buffer; format: string; report: ColorFrame },
): Promise<ColorCanvas> {
  const raster = await imaging.codec.decode(finished.image, { maxPixels: Number.MAX_SAFE_INTEGER });
  const matte = await findProductMatte(raster, imaging);
  if (matte === undefined)
    throw new EditorNeeded("the product could not be told apart from the background for the colour work");
  const format = finished.format === "jpg" || finished.format === "tiff" ? finished.format : "png";
  return { raster, matte, report: finished.report, format };
}

/** Where a marker given in source pixels lands in the output (the subject box maps onto the placement). */
function toOutput(report: ColorFrame, x: number, y: number, raster: Raster): { x: number; y: number } {
  const { subject } = report;
  const p = report.layout.placement;
  const map = (v: number, from: number, size: number, to: number, outSize: number): number =>
    to + ((v - from) * outSize) / Math.max(1, size);
  return {
    x: Math.max(0, Math.min(raster.width - 1, map(x, subject.left, subject.width, p.left, p.width))),
    y: Math.max(0, Math.min(raster.height - 1, map(y, subject.top, subject.height, p.top, p.height))),
  };
}

function explain(label: string, e: unknown): never {
  if (isImagingError(e, "marker_outside_product") || isImagingError(e, "colour_region_not_found"))
    throw new EditorNeeded(`${label}: ${e.message}`);
  throw e;
}

/**
 * One colour version: each marker's region recoloured to its swatch colour, in turn. A marker without
 * coordinates stands for the product's main colour. `swatchColor` gives a swatch image's colour.
 */
export function renderColorVersion(
  canvas: ColorCanvas,
  request: ColorVersionRequest,
  swatchColor: (url: string) => Rgb | undefined,
): Raster {
  const label = `colour version "${request.customerImageColorID}"`;
  let raster = canvas.raster;
  const placed: ColourMarker[] = [];
  for (const m of request.markers) {
    const colour =
      m.swatchColorCode !== null ? colorOfHex(m.swatchColorCode) : swatchColor(m.swatchImageURL ?? "");
    if (colour === undefined) throw new EditorNeeded(`${label}: the swatch image's colour is not known`);
    if (m.markerX === null || m.markerY === null) {
      try {
        raster = recolourDominant(raster, colour, { matte: canvas.matte }).raster;
      } catch (e) {
        explain(label, e);
      }
      continue;
    }
    placed.push({ ...toOutput(canvas.report, m.markerX, m.markerY, raster), colour });
  }
  if (placed.length === 0) return raster;
  try {
    const changes = recolourAtMarkers(raster, placed, { matte: canvas.matte });
    return changes[changes.length - 1]?.raster ?? raster;
  } catch (e) {
    return explain(label, e);
  }
}

/** A colourway version: the product's main colour changed to the colourway's. */
export function renderColorway(canvas: ColorCanvas, colorwayId: number, colour: Rgb): Raster {
  try {
    return recolourDominant(canvas.raster, colour, { matte: canvas.matte }).raster;
  } catch (e) {
    return explain(`colourway ${colorwayId}`, e);
  }
}

/** Colour matching: the product's main colour moved to the reference's; everything else untouched. */
export function matchCanvas(canvas: ColorCanvas, reference: Rgb): ColorCanvas {
  try {
    return {
      ...canvas,
      raster: matchProductColour(canvas.raster, reference, { matte: canvas.matte }).raster,
    };
  } catch (e) {
    return explain("colour matching", e);
  }
}

const MIME = { jpg: "image/jpeg", png: "image/png", tiff: "image/tiff" } as const;

/** Encodes a colour output like the finished image (PNG for a PSD template). */
export async function encodeColorOutput(
  codec: ImageCodec,
  canvas: ColorCanvas,
  raster: Raster,
): Promise<ColorOutput> {
  const image = await codec.encode(raster, { format: canvas.format, quality: 90, dpi: canvas.report.dpi });
  return {
    image,
    mimeType: MIME[canvas.format],
    extension: canvas.format === "tiff" ? "tif" : canvas.format,
    width: raster.width,
    height: raster.height,
  };
}

/** A thumbnail of a colour output: longest side `size`, JPEG (PNG when transparent). */
export async function encodeColorThumbnail(
  codec: ImageCodec,
  raster: Raster,
  size: number,
  transparent: boolean,
): Promise<Buffer> {
  const k = Math.min(1, size / Math.max(raster.width, raster.height));
  const small = await codec.resize(
    raster,
    Math.max(1, Math.round(raster.width * k)),
    Math.max(1, Math.round(raster.height * k)),
  );
  return codec.encode(small, { format: transparent ? "png" : "jpg", quality: 85, dpi: 72 });
}
