// Background layers: a flat colour, a vertical gradient, or transparency, as canvas-size RGBA.
import { createRaster, type Raster } from "../raster.js";
import type { BackgroundSpec, Rgb } from "../template/edit-template.js";

/** Colour used where the template removes nothing but the canvas grows (and for "none" in layers). */
export const WHITE: Rgb = { r: 255, g: 255, b: 255 };

/**
 * Paints the background. The gradient runs from `top` on the first row to `bottom` on the last, linear
 * in sRGB values (what Pixelz's retouchers produce in Photoshop's default gradient tool).
 */
export function createBackgroundFill(spec: BackgroundSpec, width: number, height: number): Raster {
  const out = createRaster(width, height, 4);
  if (spec.type === "transparent") return out;
  const top = spec.type === "gradient" ? spec.top : spec.type === "color" ? spec.color : WHITE;
  const bottom = spec.type === "gradient" ? spec.bottom : top;
  const row = new Uint8Array(width * 4);
  for (let y = 0; y < height; y++) {
    const t = height > 1 ? y / (height - 1) : 0;
    const r = Math.round(top.r + (bottom.r - top.r) * t);
    const g = Math.round(top.g + (bottom.g - top.g) * t);
    const b = Math.round(top.b + (bottom.b - top.b) * t);
    for (let x = 0; x < width; x++) {
      row[x * 4] = r;
      row[x * 4 + 1] = g;
      row[x * 4 + 2] = b;
      row[x * 4 + 3] = 255;
    }
    out.data.set(row, y * width * 4);
  }
  return out;
}
