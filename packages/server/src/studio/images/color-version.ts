// Colour versions (colorChangeRequests): the finished image with the product's colour at each marker
// moved to the swatch colour, shading kept. An automatic first pass a human editor can refine.
import type { EditReport, ImageCodec, Raster, Rgb } from "@pixl/imaging";
import type { ColorVersionRequest } from "./image-request.js";

/** How close (RGB distance) a pixel must be to the marker's colour to be recoloured. */
const COLOR_TOLERANCE = 64;

export function parseHex(hex: string): Rgb {
  const n = parseInt(hex, 16);
  return { r: (n >> 16) & 255, g: (n >> 8) & 255, b: n & 255 };
}

/** The mean colour of a raster's opaque pixels (a swatch photo's colour). */
export function meanColor(raster: Raster): Rgb {
  const c = raster.channels;
  let r = 0;
  let g = 0;
  let b = 0;
  let n = 0;
  for (let i = 0; i < raster.width * raster.height; i++) {
    if (c === 4 && (raster.data[i * 4 + 3] ?? 0) < 128) continue;
    r += raster.data[i * c] ?? 0;
    g += raster.data[i * c + 1] ?? 0;
    b += raster.data[i * c + 2] ?? 0;
    n += 1;
  }
  return n === 0
    ? { r: 0, g: 0, b: 0 }
    : { r: Math.round(r / n), g: Math.round(g / n), b: Math.round(b / n) };
}

/** Where a marker given in source pixels lands in the output (the subject box maps onto the placement). */
function toOutput(
  report: EditReport,
  x: number | null,
  y: number | null,
  raster: Raster,
): { x: number; y: number } {
  const { subject } = report;
  const p = report.layout.placement;
  const map = (
    v: number | null,
    from: number,
    size: number,
    to: number,
    outSize: number,
    whole: number,
  ): number => {
    if (v === null) return Math.floor(whole / 2);
    const mapped = to + ((v - from) * outSize) / Math.max(1, size);
    return Math.min(whole - 1, Math.max(0, Math.round(mapped)));
  };
  return {
    x: map(x, subject.left, subject.width, p.left, p.width, raster.width),
    y: map(y, subject.top, subject.height, p.top, p.height, raster.height),
  };
}

function sample(raster: Raster, x: number, y: number): Rgb {
  const c = raster.channels;
  let r = 0;
  let g = 0;
  let b = 0;
  let n = 0;
  for (let dy = -2; dy <= 2; dy++)
    for (let dx = -2; dx <= 2; dx++) {
      const px = Math.min(raster.width - 1, Math.max(0, x + dx));
      const py = Math.min(raster.height - 1, Math.max(0, y + dy));
      const i = (py * raster.width + px) * c;
      r += raster.data[i] ?? 0;
      g += raster.data[i + 1] ?? 0;
      b += raster.data[i + 2] ?? 0;
      n += 1;
    }
  return { r: r / n, g: g / n, b: b / n };
}

const clamp = (v: number): number => Math.min(255, Math.max(0, Math.round(v)));

/**
 * Recolours a copy of `raster` for one colour version: for each marker, pixels near the colour under the
 * marker are shifted by (swatch − that colour), which keeps folds and shadows. `swatchColor` gives the
 * colour of a marker that names a swatch image instead of a code.
 */
export function recolor(
  raster: Raster,
  report: EditReport,
  request: ColorVersionRequest,
  swatchColor: (url: string) => Rgb | undefined,
): Raster {
  const out = new Uint8Array(raster.data);
  const c = raster.channels;
  for (const marker of request.markers) {
    const target =
      marker.swatchColorCode !== null
        ? parseHex(marker.swatchColorCode)
        : swatchColor(marker.swatchImageURL ?? "");
    if (target === undefined) continue;
    const at = toOutput(report, marker.markerX, marker.markerY, raster);
    const from = sample(raster, at.x, at.y);
    const shift = { r: target.r - from.r, g: target.g - from.g, b: target.b - from.b };
    for (let i = 0; i < raster.width * raster.height; i++) {
      const o = i * c;
      if (c === 4 && (raster.data[o + 3] ?? 0) === 0) continue;
      const r = raster.data[o] ?? 0;
      const g = raster.data[o + 1] ?? 0;
      const b = raster.data[o + 2] ?? 0;
      const d = Math.hypot(r - from.r, g - from.g, b - from.b);
      if (d > COLOR_TOLERANCE) continue;
      out[o] = clamp(r + shift.r);
      out[o + 1] = clamp(g + shift.g);
      out[o + 2] = clamp(b + shift.b);
    }
  }
  return { ...raster, data: out };
}

/** Decodes the finished image, recolours it and encodes it like the original (PNG for a PSD template). */
export async function renderColorVersion(
  codec: ImageCodec,
  finished: { image: Buffer; format: string; report: EditReport },
  request: ColorVersionRequest,
  swatchColor: (url: string) => Rgb | undefined,
): Promise<{ image: Buffer; mimeType: string; extension: string; width: number; height: number }> {
  const raster = await codec.decode(finished.image, { maxPixels: Number.MAX_SAFE_INTEGER });
  const recolored = recolor(raster, finished.report, request, swatchColor);
  const format = finished.format === "jpg" || finished.format === "tiff" ? finished.format : "png";
  const image = await codec.encode(recolored, { format, quality: 90, dpi: finished.report.dpi });
  const mimeType = format === "jpg" ? "image/jpeg" : format === "tiff" ? "image/tiff" : "image/png";
  return {
    image,
    mimeType,
    extension: format === "tiff" ? "tif" : format,
    width: raster.width,
    height: raster.height,
  };
}
