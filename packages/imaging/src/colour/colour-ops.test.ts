// Region finding, recolouring, dominant colours and colour matching on small generated sets with exact masks:
// the region under a marker is the body (not its trim or label), the new colour is the target, the rest of
// the photo is untouched, shading survives, and bad markers are refused instead of recolouring something.
import { describe, expect, it } from "vitest";
import { isImagingError } from "../errors/imaging-error.js";
import type { Matte, Raster } from "../raster.js";
import { generateColourSet, type ColourSet } from "../testing/generate-colour-sets.js";
import { detailCorrelation, innerPixels, meanDeltaE, meanLab } from "../testing/colour-metrics.js";
import { deltaE2000 } from "./ciede2000.js";
import { findMarkerRegion } from "./colour-region.js";
import { rgbToLab } from "./colour-space.js";
import { matchProductColour, recolourAtMarkers, recolourDominant } from "./colour-match.js";
import { extractDominantColours } from "./dominant-colours.js";
import { recolourRegion } from "./recolour.js";

const SIZE = 160;
const sets = [0, 1, 2, 6, 9].map((i) => generateColourSet(i, { width: SIZE, height: SIZE }));

function pixelsWhere(m: Matte, test: (v: number) => boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < m.data.length; i++) if (test(m.data[i] ?? 0)) out.push(i);
  return out;
}

/** Body pixels away from edges and highlights: where shading and texture alone vary the lightness. */
function shadedBody(s: ColourSet): number[] {
  return innerPixels(s.body, 2).filter((i) => (s.highlight.data[i] ?? 0) < 0.005);
}

/** The pixels of `mask` (≥ 0.5) 4-connected to pixel `start`. */
function componentOf(mask: Matte, start: number): number[] {
  const seen = new Uint8Array(mask.data.length);
  const out = [start];
  seen[start] = 1;
  for (let k = 0; k < out.length; k++) {
    const p = out[k] ?? 0;
    for (const q of [p - 1, p + 1, p - mask.width, p + mask.width])
      if (q >= 0 && q < seen.length && seen[q] === 0 && (mask.data[q] ?? 0) >= 0.5) {
        seen[q] = 1;
        out.push(q);
      }
  }
  return out;
}

function regionIoU(alpha: Matte, truth: Matte): number {
  let inter = 0;
  let union = 0;
  for (let i = 0; i < truth.data.length; i++) {
    const a = (alpha.data[i] ?? 0) >= 0.5;
    const t = (truth.data[i] ?? 0) >= 0.5;
    if (a && t) inter++;
    if (a || t) union++;
  }
  return inter / union;
}

describe.each(sets.map((s) => [s.id, s] as const))("colour set %s", (_, s) => {
  it("finds the body under the marker, not its trim, label or the backdrop", () => {
    const region = findMarkerRegion(s.photo, s.marker.x, s.marker.y, { matte: s.alpha });
    expect(regionIoU(region.alpha, s.body)).toBeGreaterThan(0.95);
    const foreign = [...pixelsWhere(s.trim, (v) => v === 1), ...pixelsWhere(s.label, (v) => v === 1)];
    expect(foreign.filter((i) => (region.alpha.data[i] ?? 0) > 0.5).length).toBeLessThan(
      foreign.length * 0.02,
    );
    const backdrop = pixelsWhere(s.alpha, (v) => v === 0);
    expect(backdrop.every((i) => (region.alpha.data[i] ?? 0) === 0)).toBe(true);
  });

  it("recolours the body to the target, leaves the rest alone and keeps the shading", () => {
    const region = findMarkerRegion(s.photo, s.marker.x, s.marker.y, { matte: s.alpha });
    const { raster, after } = recolourRegion(s.photo, region, s.target);
    const body = innerPixels(s.body);
    expect(deltaE2000(meanLab(raster, body), rgbToLab(s.target))).toBeLessThan(3);
    expect(deltaE2000(after, rgbToLab(s.target))).toBeLessThan(3);
    const outside = pixelsWhere(s.body, (v) => v === 0);
    expect(meanDeltaE(raster, s.photo, outside)).toBeLessThan(1);
    expect(detailCorrelation(s.photo, raster, shadedBody(s), 0)).toBeGreaterThan(0.85);
    // Close to the same scene rendered in the target colour.
    expect(meanDeltaE(raster, s.recoloured, body)).toBeLessThan(4);
  });

  it("matches the body to the reference photo's dominant colour, backdrop untouched", () => {
    const [reference] = extractDominantColours(s.reference);
    if (!reference) throw new Error("no reference colour");
    const truth = meanLab(s.reference, innerPixels(s.referenceBody));
    expect(deltaE2000(reference.lab, truth)).toBeLessThan(2);
    const matched = matchProductColour(s.photo, reference, { matte: s.alpha });
    expect(deltaE2000(meanLab(matched.raster, innerPixels(s.body)), truth)).toBeLessThan(3);
    const backdrop = pixelsWhere(s.alpha, (v) => v === 0);
    expect(meanDeltaE(matched.raster, s.photo, backdrop)).toBe(0);
    expect(meanDeltaE(matched.raster, s.photo, innerPixels(s.trim, 1))).toBeLessThan(1);
  });
});

describe("refusals and edge cases", () => {
  const s = sets[0] as ColourSet;

  it("refuses a marker off the product and a marker on a speck", () => {
    const off = (): unknown => findMarkerRegion(s.photo, 2, 2, { matte: s.alpha });
    expect(off).toThrow(/not on the product/);
    try {
      off();
    } catch (e) {
      expect(isImagingError(e, "marker_outside_product")).toBe(true);
    }
    // A product of one colour with a 3×3 speck of another: a marker on the speck finds nothing to recolour.
    const w = 64;
    const data = new Uint8Array(w * w * 3).fill(200);
    for (let y = 29; y <= 31; y++) for (let x = 29; x <= 31; x++) data.set([20, 160, 40], (y * w + x) * 3);
    const photo: Raster = { width: w, height: w, channels: 3, data };
    expect(() => findMarkerRegion(photo, 30, 30)).toThrow(/covers only a speck/);
    // The same marker beside the speck recolours the product around it.
    expect(findMarkerRegion(photo, 10, 10).area).toBeGreaterThan(w * w * 0.9);
  });

  it("applies several markers in turn, and uses the alpha channel when no matte is given", () => {
    const rgba = new Uint8Array(SIZE * SIZE * 4);
    for (let i = 0; i < SIZE * SIZE; i++) {
      rgba.set(s.photo.data.subarray(i * 3, i * 3 + 3), i * 4);
      rgba[i * 4 + 3] = Math.round((s.alpha.data[i] ?? 0) * 255);
    }
    const photo: Raster = { width: SIZE, height: SIZE, channels: 4, data: rgba };
    const trimAt = innerPixels(s.trim, 1)[0] ?? 0;
    // The collar: the part of the trim connected to the second marker (the cuffs and hem are other parts).
    const collar = new Set(componentOf(s.trim, trimAt));
    const collarInner = innerPixels(s.trim, 1).filter((i) => collar.has(i));
    const changes = recolourAtMarkers(photo, [
      { x: s.marker.x, y: s.marker.y, colour: s.target },
      { x: trimAt % SIZE, y: Math.floor(trimAt / SIZE), colour: { r: 250, g: 120, b: 0 } },
    ]);
    expect(changes).toHaveLength(2);
    const last = changes[1]?.raster ?? photo;
    expect(deltaE2000(meanLab(last, innerPixels(s.body)), rgbToLab(s.target))).toBeLessThan(3);
    expect(deltaE2000(meanLab(last, collarInner), rgbToLab({ r: 250, g: 120, b: 0 }))).toBeLessThan(3);
    const cuffs = innerPixels(s.trim, 1).filter((i) => !collar.has(i));
    expect(meanDeltaE(last, photo, cuffs)).toBeLessThan(1);
    // Alpha is carried over untouched.
    for (let i = 3; i < rgba.length; i += 4 * 97) expect(last.data[i]).toBe(rgba[i]);
  });

  it("recolours the dominant colour of a product for a colourway", () => {
    const change = recolourDominant(s.photo, s.target, { matte: s.alpha });
    expect(regionIoU(change.region.alpha, s.body)).toBeGreaterThan(0.95);
    expect(deltaE2000(change.after, rgbToLab(s.target))).toBeLessThan(3);
  });
});

describe("dominant colours", () => {
  it("gives a swatch's colours by weight and leaves a backdrop border out", () => {
    const w = 80;
    const data = new Uint8Array(w * w * 3);
    for (let y = 0; y < w; y++)
      for (let x = 0; x < w; x++) {
        const inside = x >= 10 && x < 70 && y >= 10 && y < 70;
        const stripe = inside && y >= 50;
        const shade = 0.9 + 0.2 * ((x + y) % 2);
        const c = !inside ? [245, 245, 245] : stripe ? [30, 60, 150] : [180, 30, 40].map((v) => v * shade);
        data.set(c.map(Math.round), (y * w + x) * 3);
      }
    const colours = extractDominantColours({ width: w, height: w, channels: 3, data });
    expect(colours).toHaveLength(2);
    const [red, blue] = colours;
    expect(red?.weight).toBeCloseTo(2 / 3, 1);
    expect(
      deltaE2000(red?.lab ?? rgbToLab({ r: 0, g: 0, b: 0 }), rgbToLab({ r: 180, g: 30, b: 40 })),
    ).toBeLessThan(3);
    expect(
      deltaE2000(blue?.lab ?? rgbToLab({ r: 0, g: 0, b: 0 }), rgbToLab({ r: 30, g: 60, b: 150 })),
    ).toBeLessThan(1);
  });

  it("keeps a full-frame swatch's one colour and refuses a fully transparent image", () => {
    const flat = new Uint8Array(40 * 40 * 3).fill(90);
    const [only] = extractDominantColours({ width: 40, height: 40, channels: 3, data: flat });
    expect(only?.weight).toBe(1);
    expect(only?.rgb).toEqual({ r: 90, g: 90, b: 90 });
    const clear = new Uint8Array(10 * 10 * 4);
    expect(() => extractDominantColours({ width: 10, height: 10, channels: 4, data: clear })).toThrow(
      /no opaque pixels/,
    );
  });
});
