// A labelled set for white glove: studio products, wide products, flat-lay garments, apparel on a model
// and busy lifestyle scenes, each with the treatment a retoucher would pick (decided from how it was made).
import { findBoundingBox, type Raster } from "../raster.js";
import type { WhiteGloveTreatment } from "../inspect/white-glove-templates.js";
import { createRng, generatePhoto, type Rng } from "./generate-photos.js";
import { createFabric, renderShot, type Scene } from "./scene.js";

export interface LabelledPhoto {
  readonly id: string;
  readonly photo: Raster;
  /** The treatment the photo calls for. */
  readonly expected: WhiteGloveTreatment;
  readonly description: string;
}

const KINDS = ["studio", "model", "busy", "flat-lay", "wide", "model"] as const;

const SKIN: readonly (readonly [number, number, number])[] = [
  [236, 196, 170],
  [224, 172, 140],
  [198, 140, 104],
  [170, 112, 80],
  [141, 85, 56],
  [104, 64, 44],
];

type Rgb3 = readonly [number, number, number];

/** A person standing, arms by the sides, in a textured top and trousers or a skirt; maybe cropped at the knees. */
function createModel(w: number, h: number, rng: Rng): { scene: Scene; cropped: boolean } {
  const cropped = rng() < 0.5;
  const figure = h * (cropped ? 1.25 : 0.86);
  const top = h * (0.04 + rng() * 0.05);
  const hh = figure / 7.5;
  const hw = hh * (0.72 + rng() * 0.08);
  const cx = w * (0.45 + rng() * 0.1);
  const skin = SKIN[Math.floor(rng() * SKIN.length)] ?? [224, 172, 140];
  const hair: Rgb3 = rng() < 0.5 ? [40, 30, 25] : [120 + rng() * 80, 90 + rng() * 50, 40 + rng() * 30];
  const topFabric = createFabric(rng, [30 + rng() * 200, 30 + rng() * 200, 30 + rng() * 200]);
  const bottomFabric = createFabric(rng, [20 + rng() * 120, 20 + rng() * 120, 40 + rng() * 160]);
  const shoulders = top + hh * 1.25;
  const hips = shoulders + hh * 2.6;
  const feet = top + figure;
  const half = hw * (1.35 + rng() * 0.2);
  const arm = hw * 0.32;
  const sleeve = shoulders + hh * (0.5 + rng() * 1.2);
  const skirt = rng() < 0.3;
  const inHead = (x: number, y: number): boolean =>
    ((x - cx) / (hw / 2)) ** 2 + ((y - top - hh / 2) / (hh / 2)) ** 2 <= 1;
  const inNeck = (x: number, y: number): boolean =>
    Math.abs(x - cx) <= hw * 0.22 && y >= top + hh * 0.8 && y <= shoulders + 2;
  const torsoHalf = (y: number): number => half - ((y - shoulders) / (hips - shoulders)) * hw * 0.25;
  const inTorso = (x: number, y: number): boolean =>
    y >= shoulders && y <= hips && Math.abs(x - cx) <= torsoHalf(y);
  const armX = (y: number): number => torsoHalf(Math.min(y, hips)) + arm * 0.9;
  const inArm = (x: number, y: number): boolean =>
    y >= shoulders + hh * 0.1 && y <= hips + hh * 0.7 && Math.abs(Math.abs(x - cx) - armX(y)) <= arm;
  const inLegs = (x: number, y: number): boolean => {
    if (y < hips || y > feet) return false;
    if (skirt && y < hips + hh * 1.4)
      return Math.abs(x - cx) <= half * (0.9 + (0.3 * (y - hips)) / (hh * 1.4));
    const d = Math.abs(x - cx);
    return d >= hw * 0.06 && d <= hw * 0.06 + hw * 0.55;
  };
  const inside = (x: number, y: number): boolean =>
    inHead(x, y) || inNeck(x, y) || inTorso(x, y) || inArm(x, y) || inLegs(x, y);
  const shade = (x: number, y: number): Rgb3 => {
    if (inHead(x, y)) {
      const v = (y - top) / hh;
      if (v < 0.3) return hair;
      const eye = Math.abs(v - 0.47) < 0.04 && Math.abs(Math.abs(x - cx) - hw * 0.2) < hw * 0.07;
      if (eye) return [35, 30, 30];
      if (Math.abs(v - 0.75) < 0.025 && Math.abs(x - cx) < hw * 0.15) return [150, 60, 60];
      return skin;
    }
    if (inTorso(x, y) || (inArm(x, y) && y <= sleeve)) return topFabric(x, y, w, h);
    if (inArm(x, y) || inNeck(x, y)) return skin;
    if (skirt && y < hips + hh * 1.4) return bottomFabric(x, y, w, h);
    return skirt ? skin : bottomFabric(x, y, w, h);
  };
  return { scene: { inside, shade }, cropped };
}

/** A T-shirt laid flat, seen from above. */
function createFlatLay(w: number, h: number, rng: Rng): Scene {
  const cx = w * (0.46 + rng() * 0.08);
  const top = h * (0.18 + rng() * 0.06);
  const bottom = h * (0.8 + rng() * 0.08);
  const half = w * (0.2 + rng() * 0.05);
  const sleeve = w * (0.12 + rng() * 0.06);
  const fabric = createFabric(rng, [40 + rng() * 180, 40 + rng() * 180, 40 + rng() * 180]);
  const inside = (x: number, y: number): boolean => {
    const d = Math.abs(x - cx) - half;
    const inTorso = y >= top && y <= bottom && d <= 0;
    const y0 = top + Math.max(0, d) * 0.6;
    const inSleeve = d > 0 && d <= sleeve && y >= y0 && y <= y0 + h * 0.15;
    const neck = ((x - cx) / (half * 0.35)) ** 2 + ((y - top) / (h * 0.05)) ** 2 <= 1;
    return (inTorso || inSleeve) && !neck;
  };
  return { inside, shade: (x, y) => fabric(x, y, w, h) };
}

/** A sofa or a bench: much wider than tall. */
function createWideProduct(w: number, h: number, rng: Rng): Scene {
  const cx = w * (0.47 + rng() * 0.06);
  const half = w * (0.34 + rng() * 0.08);
  const seatTop = h * (0.45 + rng() * 0.05);
  const seatBottom = seatTop + h * (0.12 + rng() * 0.05);
  const back = rng() < 0.6 ? seatTop - h * (0.12 + rng() * 0.06) : seatTop;
  const legs = seatBottom + h * 0.06;
  const fabric = createFabric(rng, [40 + rng() * 180, 40 + rng() * 180, 40 + rng() * 180]);
  const inside = (x: number, y: number): boolean => {
    const d = Math.abs(x - cx);
    if (d > half) return false;
    if (y >= back && y <= seatBottom) return y >= seatTop || d <= half * 0.92;
    return y > seatBottom && y <= legs && d >= half - w * 0.03;
  };
  return { inside, shade: (x, y) => (y > seatBottom ? [60, 45, 35] : fabric(x, y, w, h)) };
}

/**
 * Photo `index` of the labelled set (deterministic): kinds cycle through studio product, model, busy
 * scene, flat-lay garment, wide product and model again. Expected treatments: a busy scene keeps its
 * background ("lifestyle"); a model gets "apparel-on-model"; a product whose box is at least 1.6× as wide
 * as tall gets "product-wide"; any other product or garment "product-square".
 */
export function generateLabelledPhoto(
  index: number,
  options: { size?: number; seed?: number } = {},
): LabelledPhoto {
  const size = options.size ?? 480;
  const seed = (options.seed ?? 1) * 15_485_863 + index * 7_919;
  const rng = createRng(seed);
  const kind = KINDS[index % KINDS.length] ?? "studio";
  const round = Math.floor(index / KINDS.length);
  if (kind === "studio" || kind === "busy") {
    const g = generatePhoto(round * 3 + (index % 5), {
      width: size,
      height: size,
      seed: options.seed ?? 1,
      family: kind === "busy" ? "busy" : "studio",
    });
    const box = findBoundingBox(g.alpha);
    const wide = box !== undefined && box.width >= 1.6 * box.height;
    return {
      id: `${String(index).padStart(3, "0")}-${g.id}`,
      photo: g.photo,
      expected: kind === "busy" ? "lifestyle" : wide ? "product-wide" : "product-square",
      description: g.description,
    };
  }
  const backdrop = rng() < 0.6 ? 244 + rng() * 10 : 175 + rng() * 45;
  const portrait = kind === "model";
  const w = portrait ? Math.round(size * 0.75) : size;
  const h = size;
  const made =
    kind === "model"
      ? createModel(w, h, rng)
      : {
          scene: kind === "flat-lay" ? createFlatLay(w, h, rng) : createWideProduct(w, h, rng),
          cropped: false,
        };
  const { raster } = renderShot(made.scene, w, h, rng, { backdrop, noise: 1 + rng() * 1.5 });
  const level = backdrop > 240 ? "white" : "grey";
  return {
    id: `${String(index).padStart(3, "0")}-${kind}-${level}${made.cropped ? "-cropped" : ""}`,
    photo: raster,
    expected: kind === "model" ? "apparel-on-model" : kind === "wide" ? "product-wide" : "product-square",
    description: `${kind === "model" ? "apparel on a model" : kind === "wide" ? "wide product" : "flat-lay T-shirt"} on ${level}`,
  };
}
