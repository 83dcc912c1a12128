// Product parts as light as the backdrop behind them: pale labels across a box or a handle, grey stripes in the
// floor shadow. Synthetic photos with exact masks, through a JPEG as photos arrive, cut out without a model.
import { describe, expect, it } from "vitest";
import { createSharpCodec } from "../adapters/sharp.adapter.js";
import type { Raster } from "../raster.js";
import { compareMattes } from "../testing/metrics.js";
import { removeBackground } from "./background-removal.js";

const codec = createSharpCodec();
const SIZE = 400;

type Rgb = readonly [number, number, number];

/** A seeded standard normal (Box–Muller over a linear congruential generator). */
function createNoise(seed: number): () => number {
  let s = seed >>> 0;
  const next = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(next())) * Math.cos(2 * Math.PI * next());
}

/** A neutral backdrop falling from 240 at the top to 200 at the bottom (a studio sweep). */
const gradient = (_x: number, y: number): number => 240 - (40 * y) / (SIZE - 1);

interface Scene {
  readonly backdrop: (x: number, y: number) => number;
  /** The product's colour at a pixel, or undefined where the backdrop shows. */
  readonly product: (x: number, y: number) => Rgb | undefined;
  /** Darkening of the backdrop (0–1) by a floor shadow. */
  readonly shadow?: (x: number, y: number) => number;
}

/** Renders the scene with sensor noise (1.5 levels) and passes it through a JPEG at quality 92. */
async function render(scene: Scene): Promise<{ photo: Raster; truth: Float32Array }> {
  const noise = createNoise(7);
  const data = new Uint8Array(SIZE * SIZE * 3);
  const truth = new Float32Array(SIZE * SIZE);
  for (let y = 0; y < SIZE; y++)
    for (let x = 0; x < SIZE; x++) {
      const i = y * SIZE + x;
      const f = scene.product(x, y);
      const bg = scene.backdrop(x, y) * (1 - (scene.shadow?.(x, y) ?? 0));
      if (f) truth[i] = 1;
      for (let c = 0; c < 3; c++)
        data[i * 3 + c] = Math.min(255, Math.max(0, Math.round((f ? (f[c] ?? 0) : bg) + 1.5 * noise())));
    }
  const jpg = await codec.encode(
    { width: SIZE, height: SIZE, channels: 3, data },
    { format: "jpg", quality: 92, dpi: 300 },
  );
  return { photo: await codec.decode(jpg, { maxPixels: 1e7 }), truth };
}

/** Share of the pixels selected by `where` that the cut-out keeps (alpha above one half). */
function keptShare(alpha: Float32Array, where: (x: number, y: number) => boolean): number {
  let kept = 0;
  let total = 0;
  for (let y = 0; y < SIZE; y++)
    for (let x = 0; x < SIZE; x++) {
      if (!where(x, y)) continue;
      total++;
      if ((alpha[y * SIZE + x] ?? 0) > 0.5) kept++;
    }
  expect(total).toBeGreaterThan(0);
  return kept / total;
}

/** A pale label: the backdrop's own brightness in its middle row, tinted by two levels (green up, blue down). */
function labelColour(top: number, bottom: number): Rgb {
  const l = gradient(0, (top + bottom) / 2);
  return [l, l + 2, l - 2];
}

/** Dark teal with diagonal stripes: a textured product well away from the backdrop. */
const teal = (x: number, y: number): Rgb => {
  const k = 1 + 0.18 * Math.sin((x + y) / 6);
  return [30 * k, 100 * k, 105 * k];
};

describe("faint product parts on a plain backdrop", () => {
  it("keeps a pale label band across a box on a gradient, while a hole in the box stays transparent", async () => {
    const label = { top: 200, bottom: 232 };
    const inLabel = (x: number, y: number): boolean =>
      x >= 100 && x <= 300 && y >= label.top && y <= label.bottom;
    const inHole = (x: number, y: number): boolean => x >= 180 && x < 220 && y >= 280 && y < 320;
    const colour = labelColour(label.top, label.bottom);
    const { photo, truth } = await render({
      backdrop: gradient,
      product: (x, y) => {
        if (x < 100 || x > 300 || y < 80 || y > 360 || inHole(x, y)) return undefined;
        return inLabel(x, y) ? colour : teal(x, y);
      },
    });
    const cut = await removeBackground(photo, { codec });
    expect(cut.method).toBe("backdrop");
    // The label is as light as the backdrop and touches it at both ends; it still belongs to the box.
    expect(keptShare(cut.alpha.data, inLabel)).toBeGreaterThan(0.95);
    // The square hole lies between product parts too, but shows the backdrop: it must not fill in.
    expect(keptShare(cut.alpha.data, (x, y) => x >= 182 && x < 218 && y >= 282 && y < 318)).toBeLessThan(
      0.02,
    );
    expect(compareMattes(cut.alpha, { width: SIZE, height: SIZE, data: truth }).iou).toBeGreaterThan(0.98);
  });

  it("keeps the label where it crosses a mug's handle, and the handle's opening stays transparent", async () => {
    const label = { top: 190, bottom: 222 };
    const ring = (x: number, y: number, rx: number, ry: number): boolean =>
      ((x - 300) / rx) ** 2 + ((y - 210) / ry) ** 2 <= 1;
    const inHandle = (x: number, y: number): boolean => x > 270 && ring(x, y, 55, 65) && !ring(x, y, 30, 38);
    const inBody = (x: number, y: number): boolean => x >= 130 && x <= 270 && y >= 100 && y <= 340;
    const colour = labelColour(label.top, label.bottom);
    const { photo } = await render({
      backdrop: gradient,
      product: (x, y) => {
        if (!inBody(x, y) && !inHandle(x, y)) return undefined;
        return y >= label.top && y <= label.bottom ? colour : teal(x, y);
      },
    });
    const cut = await removeBackground(photo, { codec });
    // The label on the handle is bordered by the opening and the outside more than by product.
    const onHandle = (x: number, y: number): boolean =>
      inHandle(x, y) && x > 330 && y >= label.top + 2 && y <= label.bottom - 2;
    expect(keptShare(cut.alpha.data, onHandle)).toBeGreaterThan(0.9);
    expect(keptShare(cut.alpha.data, (x, y) => ring(x, y, 26, 34) && x > 276)).toBeLessThan(0.02);
  });

  it("keeps the grey stripes of a frame's bottom bar standing in its shadow, and the shadow beside it", async () => {
    const grey = (): number => 190;
    // Bars 30 px wide; stripes cross the backdrop's grey, their dark half having its very chroma.
    const inFrame = (x: number, y: number): boolean =>
      x >= 110 && x <= 290 && y >= 60 && y <= 330 && !(x > 140 && x < 260 && y > 90 && y < 300);
    const inBottomBar = (x: number, y: number): boolean => inFrame(x, y) && y > 302 && y < 328;
    const shadow = (x: number, y: number): number => {
      const d = ((x - 230) / 150) ** 2 + ((y - 330) / 14) ** 2;
      return d >= 1 ? 0.3 * Math.max(0, 1 - (Math.sqrt(d) - 1) * 2) : 0.3;
    };
    const { photo } = await render({
      backdrop: grey,
      shadow,
      product: (x, y) => {
        if (!inFrame(x, y)) return undefined;
        const v = 190 + 40 * Math.sin((x + y) / 5);
        return [v, v, v];
      },
    });
    const cut = await removeBackground(photo, { codec });
    expect(keptShare(cut.alpha.data, inBottomBar)).toBeGreaterThan(0.95);
    // The floor shadow beside and below the frame stays shadow: transparent product, darkening kept.
    const beside = (x: number, y: number): boolean => x > 300 && x < 360 && y > 322 && y < 338;
    expect(keptShare(cut.alpha.data, beside)).toBeLessThan(0.02);
    let shadowSum = 0;
    for (let y = 323; y < 338; y++)
      for (let x = 301; x < 360; x++) shadowSum += cut.shadow.data[y * SIZE + x] ?? 0;
    expect(shadowSum / (15 * 59)).toBeGreaterThan(0.1);
  });
});
