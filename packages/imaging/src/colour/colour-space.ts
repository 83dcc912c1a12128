// Colour conversions: 8-bit sRGB ↔ linear light ↔ CIELAB (D65) and OKLab, per colour and per raster.
import type { Raster } from "../raster.js";
import type { Rgb } from "../template/edit-template.js";

/** A CIELAB (D65, 2°) colour: L 0–100, a and b roughly −128–127. */
export interface Lab {
  readonly l: number;
  readonly a: number;
  readonly b: number;
}

/** An OKLab colour (Ottosson 2020): L 0–1, a and b roughly −0.4–0.4. */
export interface Oklab {
  readonly l: number;
  readonly a: number;
  readonly b: number;
}

/** Linear-light value of each 8-bit sRGB code (IEC 61966-2-1). */
const TO_LINEAR = Float32Array.from({ length: 256 }, (_, v) => {
  const c = v / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
});

/** Steps of the linear → sRGB table: fine enough that the darkest codes are off by under 0.1 of a code. */
const LINEAR_STEPS = 65535;
const TO_SRGB = Uint8Array.from({ length: LINEAR_STEPS + 1 }, (_, i) => {
  const c = i / LINEAR_STEPS;
  const v = c <= 0.0031308 ? c * 12.92 : 1.055 * c ** (1 / 2.4) - 0.055;
  return Math.round(v * 255);
});

/** Linear light (0–1) of an 8-bit sRGB code. */
export function srgbToLinear(code: number): number {
  return TO_LINEAR[code & 255] ?? 0;
}

/** The 8-bit sRGB code of a linear-light value, clipped to 0–1. */
export function linearToSrgb(v: number): number {
  if (!(v > 0)) return 0;
  if (v >= 1) return 255;
  return TO_SRGB[Math.round(v * LINEAR_STEPS)] ?? 255;
}

/** Exact linear → sRGB (no table), for single colours. */
function linearToSrgbExact(v: number): number {
  const c = Math.min(1, Math.max(0, v));
  const s = c <= 0.0031308 ? c * 12.92 : 1.055 * c ** (1 / 2.4) - 0.055;
  return s * 255;
}

// D65 reference white of sRGB, and CIELAB's f() constants.
const XN = 0.95047;
const ZN = 1.08883;
const EPS = (6 / 29) ** 3;
const KAPPA = 1 / (3 * (6 / 29) ** 2);

function f(t: number): number {
  return t > EPS ? Math.cbrt(t) : t * KAPPA + 4 / 29;
}

function fInv(t: number): number {
  return t > 6 / 29 ? t * t * t : (t - 4 / 29) / KAPPA;
}

/** CIELAB of linear-light sRGB. */
export function linearToLab(r: number, g: number, b: number): Lab {
  const x = 0.4124564 * r + 0.3575761 * g + 0.1804375 * b;
  const y = 0.2126729 * r + 0.7151522 * g + 0.072175 * b;
  const z = 0.0193339 * r + 0.119192 * g + 0.9503041 * b;
  const fy = f(y);
  return { l: 116 * fy - 16, a: 500 * (f(x / XN) - fy), b: 200 * (fy - f(z / ZN)) };
}

/** CIELAB of an 8-bit sRGB colour. */
export function rgbToLab(c: Rgb): Lab {
  return linearToLab(srgbToLinear(c.r), srgbToLinear(c.g), srgbToLinear(c.b));
}

/** Linear-light sRGB of a CIELAB colour (may fall outside 0–1 for colours sRGB cannot show). */
export function labToLinear(c: Lab): [number, number, number] {
  const fy = (c.l + 16) / 116;
  const x = XN * fInv(fy + c.a / 500);
  const y = fInv(fy);
  const z = ZN * fInv(fy - c.b / 200);
  return [
    3.2404542 * x - 1.5371385 * y - 0.4985314 * z,
    -0.969266 * x + 1.8760108 * y + 0.041556 * z,
    0.0556434 * x - 0.2040259 * y + 1.0572252 * z,
  ];
}

/** The nearest 8-bit sRGB colour of a CIELAB colour (clipped to the sRGB gamut). */
export function labToRgb(c: Lab): Rgb {
  const [r, g, b] = labToLinear(c);
  return {
    r: Math.round(linearToSrgbExact(r)),
    g: Math.round(linearToSrgbExact(g)),
    b: Math.round(linearToSrgbExact(b)),
  };
}

/** OKLab of linear-light sRGB. */
export function linearToOklab(r: number, g: number, b: number): Oklab {
  const l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
  const m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
  const s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
  return {
    l: 0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s,
    a: 1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s,
    b: 0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s,
  };
}

/** Linear-light sRGB of an OKLab colour (unclipped). */
export function oklabToLinear(c: Oklab): [number, number, number] {
  const l = (c.l + 0.3963377774 * c.a + 0.2158037573 * c.b) ** 3;
  const m = (c.l - 0.1055613458 * c.a - 0.0638541728 * c.b) ** 3;
  const s = (c.l - 0.0894841775 * c.a - 1.291485548 * c.b) ** 3;
  return [
    4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s,
    -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s,
    -0.0041960863 * l - 0.7034186147 * m + 1.707614701 * s,
  ];
}

/** OKLab of an 8-bit sRGB colour. */
export function rgbToOklab(c: Rgb): Oklab {
  return linearToOklab(srgbToLinear(c.r), srgbToLinear(c.g), srgbToLinear(c.b));
}

/** The nearest 8-bit sRGB colour of an OKLab colour (clipped). */
export function oklabToRgb(c: Oklab): Rgb {
  const [r, g, b] = oklabToLinear(c);
  return {
    r: Math.round(linearToSrgbExact(r)),
    g: Math.round(linearToSrgbExact(g)),
    b: Math.round(linearToSrgbExact(b)),
  };
}

/** CIELAB of an OKLab colour (through linear sRGB, unclipped). */
export function oklabToLab(c: Oklab): Lab {
  const [r, g, b] = oklabToLinear(c);
  return linearToLab(r, g, b);
}

/** OKLab of a CIELAB colour. */
export function labToOklab(c: Lab): Oklab {
  const [r, g, b] = labToLinear(c);
  return linearToOklab(r, g, b);
}

/** A colour per pixel as three float planes (L, a, b), row-major. */
export interface LabPlanes {
  readonly width: number;
  readonly height: number;
  readonly l: Float32Array;
  readonly a: Float32Array;
  readonly b: Float32Array;
}

/**
 * OKLab planes of a raster's RGB (alpha ignored). Only pixels where `include` is true (all when absent) are
 * converted; the others stay 0. The cube roots dominate the cost, so callers pass the product's matte.
 */
export function toOklabPlanes(raster: Raster, include?: (i: number) => boolean): LabPlanes {
  const n = raster.width * raster.height;
  const c = raster.channels;
  const src = raster.data;
  const l = new Float32Array(n);
  const a = new Float32Array(n);
  const b = new Float32Array(n);
  for (let i = 0, o = 0; i < n; i++, o += c) {
    if (include && !include(i)) continue;
    const r = TO_LINEAR[src[o] ?? 0] ?? 0;
    const g = c >= 3 ? (TO_LINEAR[src[o + 1] ?? 0] ?? 0) : r;
    const bl = c >= 3 ? (TO_LINEAR[src[o + 2] ?? 0] ?? 0) : r;
    const lc = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * bl);
    const mc = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * bl);
    const sc = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * bl);
    l[i] = 0.2104542553 * lc + 0.793617785 * mc - 0.0040720468 * sc;
    a[i] = 1.9779984951 * lc - 2.428592205 * mc + 0.4505937099 * sc;
    b[i] = 0.0259040371 * lc + 0.7827717662 * mc - 0.808675766 * sc;
  }
  return { width: raster.width, height: raster.height, l, a, b };
}

/** CIELAB of pixel `i` of a raster (its RGB; alpha ignored). */
export function pixelLab(raster: Raster, i: number): Lab {
  const c = raster.channels;
  const o = i * c;
  const d = raster.data;
  const r = d[o] ?? 0;
  return c >= 3
    ? linearToLab(srgbToLinear(r), srgbToLinear(d[o + 1] ?? 0), srgbToLinear(d[o + 2] ?? 0))
    : linearToLab(srgbToLinear(r), srgbToLinear(r), srgbToLinear(r));
}

/** `RRGGBB` (upper case) of an 8-bit colour. */
export function toHexRgb(c: Rgb): string {
  return [c.r, c.g, c.b]
    .map((v) => v.toString(16).padStart(2, "0"))
    .join("")
    .toUpperCase();
}
