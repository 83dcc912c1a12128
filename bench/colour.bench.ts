// Colour benchmark: colour change and colour matching against generated ground truth (exact region masks,
// known target colours, the scene re-rendered in the target), and time per operation on a 2000×2000 photo on
// one core against a libvips floor (sharp's hue rotation of the same raw pixels: sRGB → LCh → sRGB).
// Run: npm run bench -- colour   (PIXL_BENCH_COLOUR_SETS=8 PIXL_BENCH_COLOUR_SIZE=384 for a quicker pass;
// PIXL_BENCH_COLOUR_SPEED=0 skips the 2000 px timings)
import { loadavg } from "node:os";
// The floor is raw libvips, so the bench calls sharp itself (production code reaches it only via the adapter).
import sharp from "sharp";
import {
  deltaE2000,
  extractDominantColours,
  findMarkerRegion,
  matchProductColour,
  recolourDominant,
  recolourRegion,
  rgbToLab,
  type Raster,
} from "../packages/imaging/src/index.js";
import {
  detailCorrelation,
  innerPixels,
  meanDeltaE,
  meanLab,
} from "../packages/imaging/src/testing/colour-metrics.js";
import { generateColourSet, type ColourSet } from "../packages/imaging/src/testing/generate-colour-sets.js";
import { percentile, round, type Bench, type BenchReport } from "./harness.js";

const SETS = Number(process.env.PIXL_BENCH_COLOUR_SETS ?? 24);
const SIZE = Number(process.env.PIXL_BENCH_COLOUR_SIZE ?? 512);
const SPEED = process.env.PIXL_BENCH_COLOUR_SPEED !== "0";
const SPEED_RUNS = 5;

const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");

const mean = (v: readonly number[]): number => v.reduce((s, x) => s + x, 0) / Math.max(1, v.length);
const max = (v: readonly number[]): number => Math.max(...v);
const min = (v: readonly number[]): number => Math.min(...v);

function where(s: ColourSet, test: (body: number, alpha: number) => boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.alpha.data.length; i++)
    if (test(s.body.data[i] ?? 0, s.alpha.data[i] ?? 0)) out.push(i);
  return out;
}

interface ChangeFigures {
  target: number;
  outside: number;
  productOutside: number;
  luminance: number;
  fine: number;
  fineIdeal: number;
  vsIdeal: number;
}

function measureChange(s: ColourSet): ChangeFigures {
  const region = findMarkerRegion(s.photo, s.marker.x, s.marker.y, { matte: s.alpha });
  const { raster } = recolourRegion(s.photo, region, s.target);
  const body = innerPixels(s.body);
  const shaded = innerPixels(s.body, 2).filter((i) => (s.highlight.data[i] ?? 0) < 0.005);
  return {
    target: deltaE2000(meanLab(raster, body), rgbToLab(s.target)),
    outside: meanDeltaE(
      raster,
      s.photo,
      where(s, (b) => b === 0),
    ),
    productOutside: meanDeltaE(
      raster,
      s.photo,
      where(s, (b, a) => b === 0 && a > 0),
    ),
    luminance: detailCorrelation(s.photo, raster, shaded, 0),
    fine: detailCorrelation(s.photo, raster, shaded, 3),
    fineIdeal: detailCorrelation(s.photo, s.recoloured, shaded, 3),
    vsIdeal: meanDeltaE(raster, s.recoloured, body),
  };
}

interface MatchFigures {
  product: number;
  background: number;
  otherParts: number;
  referenceColour: number;
}

function measureMatch(s: ColourSet): MatchFigures {
  const [reference] = extractDominantColours(s.reference);
  if (!reference) throw new Error(`${s.id}: no reference colour`);
  const truth = meanLab(s.reference, innerPixels(s.referenceBody));
  const { raster } = matchProductColour(s.photo, reference, { matte: s.alpha });
  return {
    product: deltaE2000(meanLab(raster, innerPixels(s.body)), truth),
    background: meanDeltaE(
      raster,
      s.photo,
      where(s, (_, a) => a === 0),
    ),
    otherParts: meanDeltaE(raster, s.photo, [...innerPixels(s.trim, 1), ...innerPixels(s.label, 1)]),
    referenceColour: deltaE2000(reference.lab, truth),
  };
}

function qualityReports(): BenchReport[] {
  const changes: ChangeFigures[] = [];
  const matches: MatchFigures[] = [];
  const failures: string[] = [];
  for (let k = 0; k < SETS; k++) {
    const s = generateColourSet(k, { width: SIZE, height: SIZE });
    try {
      changes.push(measureChange(s));
      matches.push(measureMatch(s));
    } catch (e) {
      failures.push(`${s.id}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const pick = <T>(list: T[], f: (x: T) => number): number[] => list.map(f);
  const target = pick(changes, (c) => c.target);
  const outside = pick(changes, (c) => c.outside);
  const luminance = pick(changes, (c) => c.luminance);
  const product = pick(matches, (m) => m.product);
  const background = pick(matches, (m) => m.background);
  const sets = `${SETS} generated garment sets ${SIZE}x${SIZE} (body, trim, near-white or charcoal label; folds, weave, white highlights, sensor noise; seed 1), exact masks`;
  return [
    {
      name: `colour.change.${SIZE}px`,
      metrics: {
        target_de00_mean: round(mean(target)),
        target_de00_max: round(max(target)),
        outside_region_de00_mean: round(mean(outside), 3),
        outside_region_de00_max: round(max(outside), 3),
        other_product_parts_de00_mean: round(mean(pick(changes, (c) => c.productOutside))),
        luminance_correlation_mean: round(mean(luminance), 3),
        luminance_correlation_min: round(min(luminance), 3),
        fine_detail_correlation_mean: round(mean(pick(changes, (c) => c.fine)), 3),
        fine_detail_correlation_of_ideal_mean: round(mean(pick(changes, (c) => c.fineIdeal)), 3),
        per_pixel_de00_vs_ideal_rerender_mean: round(mean(pick(changes, (c) => c.vsIdeal))),
        failed: failures.length,
      },
      targets: [
        { description: "mean CIEDE2000 target vs recoloured region <= 3 (every set)", met: max(target) <= 3 },
        { description: "mean CIEDE2000 outside the region <= 1 (every set)", met: max(outside) <= 1 },
        { description: "luminance correlation with the original >= 0.9 (mean)", met: mean(luminance) >= 0.9 },
      ],
      notes: [
        sets,
        "target: CIEDE2000 between the target and the mean CIELAB of the recoloured body (its inner pixels)",
        "outside: mean per-pixel CIEDE2000 between result and photo over every pixel outside the true body; other_product_parts: the same over trim, label and the product's edge pixels",
        "luminance correlation: Pearson correlation of L* between photo and result over the body 2 px inside its edges, highlights excluded (shading, folds, weave)",
        "fine detail: the same on L* less its 7x7 mean, for ours and for the ideal re-render in the target colour: 8-bit quantisation limits it for dark targets, so compare the two",
        "per-pixel vs ideal: mean CIEDE2000 against the same scene rendered with the target as the body's albedo",
        ...failures,
      ],
    },
    {
      name: `colour.matching.${SIZE}px`,
      metrics: {
        product_de00_to_reference_mean: round(mean(product)),
        product_de00_to_reference_max: round(max(product)),
        background_de00_mean: round(mean(background), 3),
        background_de00_max: round(max(background), 3),
        other_product_parts_de00_mean: round(mean(pick(matches, (m) => m.otherParts))),
        reference_colour_extraction_de00_mean: round(mean(pick(matches, (m) => m.referenceColour))),
        failed: failures.length,
      },
      targets: [
        { description: "CIEDE2000 to the reference on the product <= 3 (every set)", met: max(product) <= 3 },
        { description: "CIEDE2000 on the background <= 1 (every set)", met: max(background) <= 1 },
      ],
      notes: [
        sets,
        "reference: another photo of the product in the reference colour (other light and folds); its dominant colour is extracted without a matte (backdrop left out by the border rule)",
        "product: CIEDE2000 between the matched body's mean CIELAB and the reference body's true mean colour; background: mean per-pixel CIEDE2000 of the backdrop against the photo",
      ],
    },
  ];
}

/** Runs the functions in turn `times` rounds after a warm-up; returns each one's samples (ms). */
function interleaved(times: number, fns: (() => unknown)[]): Promise<number[][]> {
  return (async () => {
    for (const fn of fns) await fn();
    const samples = fns.map((): number[] => []);
    for (let i = 0; i < times; i++)
      for (const [k, fn] of fns.entries()) {
        const t = performance.now();
        await fn();
        samples[k]?.push(performance.now() - t);
      }
    return samples;
  })();
}

function floor(r: Raster): Promise<Buffer> {
  return sharp(r.data, { raw: { width: r.width, height: r.height, channels: r.channels } })
    .modulate({ hue: 90 })
    .raw()
    .toBuffer();
}

async function speedReport(): Promise<BenchReport> {
  sharp.concurrency(1);
  const s = generateColourSet(0, { width: 2000, height: 2000 });
  const region = findMarkerRegion(s.photo, s.marker.x, s.marker.y, { matte: s.alpha });
  const [reference] = extractDominantColours(s.reference);
  if (!reference) throw new Error("no reference colour");
  const ops: [string, () => unknown][] = [
    ["find_marker_region", () => findMarkerRegion(s.photo, s.marker.x, s.marker.y, { matte: s.alpha })],
    ["recolour_region", () => recolourRegion(s.photo, region, s.target)],
    [
      "colour_change_total",
      () =>
        recolourRegion(
          s.photo,
          findMarkerRegion(s.photo, s.marker.x, s.marker.y, { matte: s.alpha }),
          s.target,
        ),
    ],
    ["colourway_dominant_recolour", () => recolourDominant(s.photo, s.target, { matte: s.alpha })],
    ["dominant_colours_of_reference", () => extractDominantColours(s.reference)],
    [
      "colour_matching_total",
      () =>
        matchProductColour(s.photo, extractDominantColours(s.reference)[0] ?? reference, { matte: s.alpha }),
    ],
    ["libvips_floor_hue_rotation", () => floor(s.photo)],
  ];
  const samples = await interleaved(
    SPEED_RUNS,
    ops.map(([, fn]) => fn),
  );
  const medians = samples.map((v) => percentile(v, 50));
  const floorMs = medians[medians.length - 1] ?? Number.NaN;
  const metrics: Record<string, number> = {};
  const ratios: Record<string, number> = {};
  for (const [k, [name]] of ops.entries()) {
    metrics[`${name}_ms`] = round(medians[k] ?? Number.NaN, 0);
    if (k < ops.length - 1) ratios[`${name}_vs_floor`] = (medians[k] ?? Number.NaN) / floorMs;
  }
  let product = 0;
  for (const v of s.alpha.data) product += v;
  return {
    name: "colour.speed.2000px.1-core",
    metrics: {
      ...metrics,
      product_megapixels: round(product / 1e6, 2),
      region_megapixels: round(region.area / 1e6, 2),
    },
    ratios,
    notes: [
      `medians of ${SPEED_RUNS} interleaved rounds on one generated 2000x2000 set (JS is single-threaded; libvips limited to 1 thread)`,
      "floor: sharp modulate({ hue }) on the same raw RGB pixels (sRGB -> LCh -> sRGB per pixel), raw out",
      "colour_change_total = find the region under the marker + recolour it; colour_matching_total = dominant colour of the reference + the product's dominant region + recolour",
      `load average ${load()}`,
    ],
  };
}

export const bench: Bench = {
  id: "colour",
  description: "colour change and colour matching vs generated ground truth, and their speed at 2000 px",
  async run() {
    const started = load();
    const reports = qualityReports();
    if (SPEED) reports.push(await speedReport());
    for (const r of reports)
      r.notes = [...(r.notes ?? []), `load average when the bench started: ${started}`];
    return reports;
  },
};
