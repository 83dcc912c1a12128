// Output geometry: canvas size and where the product lands, from the resize, margin and alignment settings.
import type { Box } from "../raster.js";
import type { EditTemplate, LengthUnit } from "../template/edit-template.js";

/** Resolution assumed when the file declares none. */
export const DEFAULT_DPI = 300;

/** What the layout depends on: the source size, the subject to frame, and the file's resolution. */
export interface LayoutOptions {
  readonly imageWidth: number;
  readonly imageHeight: number;
  /**
   * The region framed by margins: the product's bounding box after background removal, or the whole
   * image when there is no cut-out.
   */
  readonly subject: Box;
  /** Pixels per inch used to convert mm and inch sizes. */
  readonly dpi: number;
  readonly template: Pick<EditTemplate, "resize" | "margin" | "verticalAlignment">;
}

/** The computed geometry. The subject box of the source maps exactly onto `placement` in the output. */
export interface Layout {
  readonly canvasWidth: number;
  readonly canvasHeight: number;
  readonly placement: Box;
  /** Inner box left by the margins (the whole canvas without margins). */
  readonly inner: Box;
}

/** Converts a length to pixels at the given resolution, rounded to the nearest pixel (at least 1). */
export function toPixels(value: number, unit: LengthUnit, dpi: number): number {
  const px = unit === "px" ? value : unit === "mm" ? (value / 25.4) * dpi : value * dpi;
  return Math.max(1, Math.round(px));
}

/** Smallest canvas that holds `w`×`h` plus the margins (percent of the canvas, or pixels). */
function canvasAround(w: number, h: number, margin: EditTemplate["margin"]): { w: number; h: number } {
  if (margin.type === "none") return { w, h };
  if (margin.type === "pixels")
    return { w: w + margin.left + margin.right, h: h + margin.top + margin.bottom };
  return {
    w: Math.ceil(w / (1 - (margin.left + margin.right) / 100) - 1e-9),
    h: Math.ceil(h / (1 - (margin.top + margin.bottom) / 100) - 1e-9),
  };
}

function canvasSize(o: LayoutOptions): { w: number; h: number } {
  const { resize, margin } = o.template;
  const s = o.subject;
  switch (resize.type) {
    case "keep":
      return { w: o.imageWidth, h: o.imageHeight };
    case "fixed":
      return {
        w: toPixels(resize.width, resize.unit, o.dpi),
        h: toPixels(resize.height, resize.unit, o.dpi),
      };
    case "aspect": {
      const min = canvasAround(s.width, s.height, margin);
      const ratio = resize.width / resize.height;
      // The smallest canvas of the requested ratio that holds the subject at its own scale.
      const h = Math.max(min.h, min.w / ratio);
      const hh = Math.ceil(h - 1e-9);
      return { w: Math.max(1, Math.round(hh * ratio)), h: hh };
    }
    case "minmax": {
      const base = canvasAround(s.width, s.height, margin);
      const min = resize.min === undefined ? undefined : toPixels(resize.min, resize.unit, o.dpi);
      const max = resize.max === undefined ? undefined : toPixels(resize.max, resize.unit, o.dpi);
      let k = 1;
      const longest = Math.max(base.w, base.h);
      const shortest = Math.min(base.w, base.h);
      if (min !== undefined && shortest * k < min) k = min / shortest;
      // When both bounds cannot hold (a very long image), the maximum wins: never exceed it.
      if (max !== undefined && longest * k > max) k = max / longest;
      return { w: Math.max(1, Math.round(base.w * k)), h: Math.max(1, Math.round(base.h * k)) };
    }
  }
}

/**
 * Computes the canvas and the product placement. Percent margins are fractions of the canvas side
 * (top/bottom of the height, left/right of the width), rounded to whole pixels. The subject is scaled
 * (up or down, aspect ratio kept) to fit the inner box, centred horizontally and aligned vertically.
 * Without margins and with `keep`, the image is left where it is (identity).
 */
export function createLayout(o: LayoutOptions): Layout {
  const { margin, verticalAlignment, resize } = o.template;
  const { w, h } = canvasSize(o);
  const m =
    margin.type === "none"
      ? { top: 0, bottom: 0, left: 0, right: 0 }
      : margin.type === "pixels"
        ? {
            top: Math.round(margin.top),
            bottom: Math.round(margin.bottom),
            left: Math.round(margin.left),
            right: Math.round(margin.right),
          }
        : {
            top: Math.round((h * margin.top) / 100),
            bottom: Math.round((h * margin.bottom) / 100),
            left: Math.round((w * margin.left) / 100),
            right: Math.round((w * margin.right) / 100),
          };
  const inner: Box = {
    left: m.left,
    top: m.top,
    width: Math.max(1, w - m.left - m.right),
    height: Math.max(1, h - m.top - m.bottom),
  };
  const s = o.subject;
  if (margin.type === "none" && resize.type === "keep") {
    return { canvasWidth: w, canvasHeight: h, placement: { ...s }, inner };
  }
  const k = Math.min(inner.width / s.width, inner.height / s.height);
  const pw = Math.min(inner.width, Math.max(1, Math.round(s.width * k)));
  const ph = Math.min(inner.height, Math.max(1, Math.round(s.height * k)));
  const left = inner.left + Math.floor((inner.width - pw) / 2);
  const free = inner.height - ph;
  const top =
    inner.top +
    (verticalAlignment === "top" ? 0 : verticalAlignment === "bottom" ? free : Math.floor(free / 2));
  return { canvasWidth: w, canvasHeight: h, placement: { left, top, width: pw, height: ph }, inner };
}
