// Quality reports of the stack bench: combined-image alignment, focus-stack sharpness and white-glove
// choices, each against the generators' ground truth.
import {
  combineShots,
  createSharpCodec,
  inspectPhoto,
  meanTransformError,
  stackFocus,
} from "../../packages/imaging/src/index.js";
import { generateCombinedSet } from "../../packages/imaging/src/testing/generate-combined.js";
import { generateStackSet } from "../../packages/imaging/src/testing/generate-stacks.js";
import { generateLabelledPhoto } from "../../packages/imaging/src/testing/generate-white-glove.js";
import { measureRegionSharpness } from "../../packages/imaging/src/testing/stack-metrics.js";
import { percentile, round, type BenchReport } from "../harness.js";

const mean = (v: readonly number[]): number => v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);

/** Alignment error of every extra shot of `count` combined sets, and how well the gaps were filled. */
export function combinedReport(count: number, size: number): BenchReport {
  const errors: number[] = [];
  const maxErrors: number[] = [];
  const gapErrors: number[] = [];
  const ms: number[] = [];
  for (let i = 0; i < count; i++) {
    const set = generateCombinedSet(i, {
      width: size,
      height: size,
      shots: 2 + (i % 4),
      transparent: i % 3 === 0,
    });
    const t = performance.now();
    const r = combineShots(set.shots.map((raster, k) => ({ raster, alpha: set.alphas[k] ?? set.gap })));
    ms.push(performance.now() - t);
    for (const [k, c] of r.contributions.entries()) {
      const truth = set.truths[k];
      if (!truth) continue;
      const e = meanTransformError(c.alignment.transform, truth, size, size);
      errors.push(e.mean);
      maxErrors.push(e.max);
    }
    let err = 0;
    let n = 0;
    for (let p = 0; p < size * size; p++) {
      if ((set.gap.data[p] ?? 0) < 0.99) continue;
      n++;
      for (let c = 0; c < 3; c++)
        err += Math.abs((r.foreground.data[p * 3 + c] ?? 0) - (set.expected.raster.data[p * 3 + c] ?? 0));
    }
    gapErrors.push(err / Math.max(1, 3 * n));
  }
  const worst = Math.max(...maxErrors);
  return {
    name: `stack.combined-alignment.${size}px`,
    metrics: {
      pairs: errors.length,
      mean_error_px: round(mean(errors), 3),
      p95_error_px: round(percentile(errors, 95), 3),
      worst_point_error_px: round(worst, 3),
      gap_colour_error_levels: round(mean(gapErrors), 2),
      merge_ms_p50: round(percentile(ms, 50), 0),
    },
    targets: [{ description: "alignment error <= 1 px (every pair, worst grid point)", met: worst <= 1 }],
    notes: [
      `${count} generated garment sets (2-5 shots; every third as RGBA cut-outs), ${size}x${size}, shots 2-5 rotated up to 3 deg, zoomed up to 3 %, shifted up to 4 % of the width, exposure ±4 %`,
      "error: distance between where the estimated and the true transform send a 9x9 grid of points over the whole photo",
      "gap colour error: mean absolute difference (0-255) from the ideal merge inside the neck gap",
    ],
  };
}

/** Per-region sharpness of stacked results over the sharpest input. */
export function stackReport(count: number, size: number): BenchReport {
  const means: number[] = [];
  const mins: number[] = [];
  const shares: number[] = [];
  const best: number[] = [];
  const ms: number[] = [];
  for (let i = 0; i < count; i++) {
    const set = generateStackSet(i, { width: size, height: size, layers: 2 + (i % 4) });
    const t = performance.now();
    const r = stackFocus(set.shots);
    ms.push(performance.now() - t);
    const m = measureRegionSharpness(r.image, set);
    means.push(m.mean);
    mins.push(m.min);
    shares.push(m.atLeast95);
    best.push(Math.max(...set.shots.map((s) => measureRegionSharpness(s, set).mean)));
  }
  const meanRatio = mean(means);
  const share = mean(shares);
  return {
    name: `stack.focus-stacking.${size}px`,
    metrics: {
      sets: count,
      region_sharpness_mean: round(meanRatio, 3),
      region_sharpness_worst_region: round(Math.min(...mins), 3),
      regions_at_95_percent_share: round(share, 3),
      best_single_shot_mean: round(mean(best), 3),
      stack_ms_p50: round(percentile(ms, 50), 0),
    },
    targets: [
      {
        description: "per-region sharpness >= 95% of the sharpest input (mean over regions)",
        met: meanRatio >= 0.95,
      },
      { description: ">= 90% of regions individually at >= 95%", met: share >= 0.9 },
    ],
    notes: [
      `${count} bracketed sets (2-5 depth layers = shots), ${size}x${size}; each shot blurs the layers off its focus plane (sigma 1.8 px per layer of depth), with breathing (±1 % zoom), shake (±3 px, ±0.3 deg) and noise`,
      "region: a depth layer 8 px away from occlusion edges, in 32 px blocks; sharpness: mean squared gradient of the sigma-1 smoothed luminance; inputs brought into the reference frame by their true transforms",
      "best_single_shot_mean: the same ratio for the best single input (what stacking improves on)",
    ],
  };
}

/** White glove's choice on a labelled generated set. */
export async function whiteGloveReport(count: number, size: number): Promise<BenchReport> {
  const codec = createSharpCodec({ concurrency: 1 });
  let right = 0;
  const wrong: string[] = [];
  const ms: number[] = [];
  const perKind = new Map<string, { right: number; all: number }>();
  for (let i = 0; i < count; i++) {
    const p = generateLabelledPhoto(i, { size });
    const t = performance.now();
    const r = await inspectPhoto(p.photo, { codec });
    ms.push(performance.now() - t);
    const k = perKind.get(p.expected) ?? { right: 0, all: 0 };
    k.all++;
    if (r.treatment === p.expected) {
      right++;
      k.right++;
    } else wrong.push(`${p.id}: expected ${p.expected}, chose ${r.treatment}`);
    perKind.set(p.expected, k);
  }
  const accuracy = right / count;
  return {
    name: `stack.white-glove.${size}px`,
    metrics: {
      photos: count,
      accuracy: round(accuracy, 3),
      per_treatment: [...perKind].map(([k, v]) => `${k} ${v.right}/${v.all}`).join(", "),
      inspect_ms_p50: round(percentile(ms, 50), 0),
    },
    targets: [
      { description: "chosen template == expected on >= 90% of the labelled set", met: accuracy >= 0.9 },
    ],
    notes: [
      `${count} labelled photos: studio products (white/grey/gradient), models on white/grey (half cropped by the frame), busy scenes, flat-lay T-shirts, wide products`,
      ...(wrong.length ? [`wrong: ${wrong.slice(0, 8).join("; ")}`] : []),
    ],
  };
}
