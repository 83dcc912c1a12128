// Colour maths against published data: CIEDE2000 on Sharma, Wu & Dalal's 34 test pairs (both orders), and
// the sRGB, CIELAB and OKLab conversions on reference colours and round trips.
import { describe, expect, it } from "vitest";
import { deltaE2000 } from "./ciede2000.js";
import {
  labToRgb,
  linearToSrgb,
  oklabToRgb,
  rgbToLab,
  rgbToOklab,
  srgbToLinear,
  toOklabPlanes,
} from "./colour-space.js";

/** Table 1 of Sharma, Wu & Dalal (2005): L1 a1 b1, L2 a2 b2, ΔE00 to four decimals. */
const SHARMA: readonly (readonly [number, number, number, number, number, number, number])[] = [
  [50.0, 2.6772, -79.7751, 50.0, 0.0, -82.7485, 2.0425],
  [50.0, 3.1571, -77.2803, 50.0, 0.0, -82.7485, 2.8615],
  [50.0, 2.8361, -74.02, 50.0, 0.0, -82.7485, 3.4412],
  [50.0, -1.3802, -84.2814, 50.0, 0.0, -82.7485, 1.0],
  [50.0, -1.1848, -84.8006, 50.0, 0.0, -82.7485, 1.0],
  [50.0, -0.9009, -85.5211, 50.0, 0.0, -82.7485, 1.0],
  [50.0, 0.0, 0.0, 50.0, -1.0, 2.0, 2.3669],
  [50.0, -1.0, 2.0, 50.0, 0.0, 0.0, 2.3669],
  [50.0, 2.49, -0.001, 50.0, -2.49, 0.0009, 7.1792],
  [50.0, 2.49, -0.001, 50.0, -2.49, 0.001, 7.1792],
  [50.0, 2.49, -0.001, 50.0, -2.49, 0.0011, 7.2195],
  [50.0, 2.49, -0.001, 50.0, -2.49, 0.0012, 7.2195],
  [50.0, -0.001, 2.49, 50.0, 0.0009, -2.49, 4.8045],
  [50.0, -0.001, 2.49, 50.0, 0.001, -2.49, 4.8045],
  [50.0, -0.001, 2.49, 50.0, 0.0011, -2.49, 4.7461],
  [50.0, 2.5, 0.0, 50.0, 0.0, -2.5, 4.3065],
  [50.0, 2.5, 0.0, 73.0, 25.0, -18.0, 27.1492],
  [50.0, 2.5, 0.0, 61.0, -5.0, 29.0, 22.8977],
  [50.0, 2.5, 0.0, 56.0, -27.0, -3.0, 31.903],
  [50.0, 2.5, 0.0, 58.0, 24.0, 15.0, 19.4535],
  [50.0, 2.5, 0.0, 50.0, 3.1736, 0.5854, 1.0],
  [50.0, 2.5, 0.0, 50.0, 3.2972, 0.0, 1.0],
  [50.0, 2.5, 0.0, 50.0, 1.8634, 0.5757, 1.0],
  [50.0, 2.5, 0.0, 50.0, 3.2592, 0.335, 1.0],
  [60.2574, -34.0099, 36.2677, 60.4626, -34.1751, 39.4387, 1.2644],
  [63.0109, -31.0961, -5.8663, 62.8187, -29.7946, -4.0864, 1.263],
  [61.2901, 3.7196, -5.3901, 61.4292, 2.248, -4.962, 1.8731],
  [35.0831, -44.1164, 3.7933, 35.0232, -40.0716, 1.5901, 1.8645],
  [22.7233, 20.0904, -46.694, 23.0331, 14.973, -42.5619, 2.0373],
  [36.4612, 47.858, 18.3852, 36.2715, 50.5065, 21.2231, 1.4146],
  [90.8027, -2.0831, 1.441, 91.1528, -1.6435, 0.0447, 1.4441],
  [90.9257, -0.5406, -0.9208, 88.6381, -0.8985, -0.7239, 1.5381],
  [6.7747, -0.2908, -2.4247, 5.8714, -0.0985, -2.2286, 0.6377],
  [2.0776, 0.0795, -1.135, 0.9033, -0.0636, -0.5514, 0.9082],
];

describe("CIEDE2000", () => {
  it.each(SHARMA.map((row, i) => [i + 1, row] as const))("matches Sharma pair %i", (_, row) => {
    const [l1, a1, b1, l2, a2, b2, expected] = row;
    const x = { l: l1, a: a1, b: b1 };
    const y = { l: l2, a: a2, b: b2 };
    expect(Math.abs(deltaE2000(x, y) - expected)).toBeLessThan(5e-5);
    expect(Math.abs(deltaE2000(y, x) - expected)).toBeLessThan(5e-5);
  });

  it("is zero for equal colours and grows with kL when only lightness differs", () => {
    const c = { l: 40, a: 20, b: -10 };
    expect(deltaE2000(c, c)).toBe(0);
    const lighter = { ...c, l: 50 };
    expect(deltaE2000(c, lighter, 2)).toBeCloseTo(deltaE2000(c, lighter) / 2, 10);
  });
});

describe("colour spaces", () => {
  it("gives the published CIELAB of sRGB primaries and white (D65)", () => {
    const white = rgbToLab({ r: 255, g: 255, b: 255 });
    expect(white.l).toBeCloseTo(100, 2);
    expect(Math.abs(white.a) + Math.abs(white.b)).toBeLessThan(0.01);
    const red = rgbToLab({ r: 255, g: 0, b: 0 });
    expect([red.l, red.a, red.b].map((v) => Math.round(v * 10) / 10)).toEqual([53.2, 80.1, 67.2]);
    const blue = rgbToLab({ r: 0, g: 0, b: 255 });
    expect([blue.l, blue.a, blue.b].map((v) => Math.round(v * 10) / 10)).toEqual([32.3, 79.2, -107.9]);
  });

  it("gives Ottosson's OKLab for white and the sRGB primaries", () => {
    const white = rgbToOklab({ r: 255, g: 255, b: 255 });
    expect(white.l).toBeCloseTo(1, 4);
    const red = rgbToOklab({ r: 255, g: 0, b: 0 });
    expect(red.l).toBeCloseTo(0.628, 3);
    expect(red.a).toBeCloseTo(0.2249, 3);
    expect(red.b).toBeCloseTo(0.1258, 3);
  });

  it("round-trips every 8-bit code through linear light, and colours through CIELAB and OKLab", () => {
    for (let v = 0; v < 256; v++) expect(linearToSrgb(srgbToLinear(v))).toBe(v);
    for (let r = 0; r < 256; r += 15)
      for (let g = 0; g < 256; g += 15)
        for (let b = 0; b < 256; b += 15) {
          expect(labToRgb(rgbToLab({ r, g, b }))).toEqual({ r, g, b });
          expect(oklabToRgb(rgbToOklab({ r, g, b }))).toEqual({ r, g, b });
        }
  });

  it("converts a raster to OKLab planes like the single-colour function, skipping excluded pixels", () => {
    const data = Uint8Array.from([10, 200, 30, 255, 250, 5, 90, 255]);
    const planes = toOklabPlanes({ width: 2, height: 1, channels: 4, data }, (i) => i === 0);
    const first = rgbToOklab({ r: 10, g: 200, b: 30 });
    expect(planes.l[0]).toBeCloseTo(first.l, 5);
    expect(planes.a[0]).toBeCloseTo(first.a, 5);
    expect(planes.b[0]).toBeCloseTo(first.b, 5);
    expect(planes.l[1]).toBe(0);
  });
});
