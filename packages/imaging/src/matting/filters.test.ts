import { describe, expect, it } from "vitest";
import type { Raster } from "../raster.js";
import { downsampleArea } from "./filters.js";

/** A raster whose pixels differ from their neighbours in every channel. */
function noisy(width: number, height: number, channels: Raster["channels"]): Raster {
  const data = new Uint8Array(width * height * channels);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7919 + (i >> 5) * 31) & 255;
  return { width, height, channels, data };
}

/** The mean of each output pixel's source area, rounded half up: the definition, computed directly. */
function reference(src: Raster, k: number): number[] {
  const out: number[] = [];
  for (let y = 0; y < src.height / k; y++)
    for (let x = 0; x < src.width / k; x++)
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (let dy = 0; dy < k; dy++)
          for (let dx = 0; dx < k; dx++)
            sum += src.data[((y * k + dy) * src.width + x * k + dx) * src.channels + c] ?? 0;
        out.push(Math.floor(sum / (k * k) + 0.5));
      }
  return out;
}

describe("downsampleArea", () => {
  it.each([
    [2, 4],
    [2, 3],
    [3, 4],
  ] as const)("averages k×k blocks (k = %i) of a %i-channel raster exactly", (k, channels) => {
    const src = noisy(12 * k, 10 * k, channels);
    const out = downsampleArea(src, 12, 10);
    expect([out.width, out.height, out.channels]).toEqual([12, 10, 3]);
    expect([...out.data]).toEqual(reference(src, k));
  });

  it("averages partial areas when the factor is not whole", () => {
    const src = noisy(30, 30, 4);
    const out = downsampleArea(src, 20, 20);
    // Each output pixel covers 1.5×1.5 source pixels: its value lies between its area's extremes.
    for (let y = 0; y < 20; y++)
      for (let x = 0; x < 20; x++) {
        const area = [0, 1].flatMap((dy) =>
          [0, 1].map((dx) => src.data[((Math.floor(y * 1.5) + dy) * 30 + Math.floor(x * 1.5) + dx) * 4] ?? 0),
        );
        const v = out.data[(y * 20 + x) * 3] ?? 0;
        expect(v).toBeGreaterThanOrEqual(Math.min(...area));
        expect(v).toBeLessThanOrEqual(Math.max(...area));
      }
  });
});
