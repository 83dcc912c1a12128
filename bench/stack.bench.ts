// Stack benchmark: combined-image alignment, focus-stack sharpness and white-glove choices against ground
// truth, and the time of each operation on a 2000×2000 photo (one core) against a raw libvips pass.
// Run: npm run bench -- stack   (PIXL_BENCH_STACK_SETS=6 PIXL_BENCH_STACK_PHOTOS=30 for a quicker pass;
// PIXL_BENCH_STACK_SPEED=1000 times 1000 px photos instead of 2000, 0 skips the timing)
import { loadavg } from "node:os";
// The floor is raw libvips, so the bench calls sharp itself (production code reaches it only via the adapter).
import sharp from "sharp";
import {
  alignImages,
  createEditTemplate,
  createSharpCodec,
  editCombinedImages,
  editFocusStack,
  editWhiteGlove,
  inspectPhoto,
  meanTransformError,
  type Raster,
} from "../packages/imaging/src/index.js";
import { generateCombinedSet } from "../packages/imaging/src/testing/generate-combined.js";
import { generateStackSet } from "../packages/imaging/src/testing/generate-stacks.js";
import { generateLabelledPhoto } from "../packages/imaging/src/testing/generate-white-glove.js";
import { percentile, round, type Bench, type BenchReport } from "./harness.js";
import { combinedReport, stackReport, whiteGloveReport } from "./support/stack-quality.js";

const SETS = Number(process.env.PIXL_BENCH_STACK_SETS ?? 20);
const PHOTOS = Number(process.env.PIXL_BENCH_STACK_PHOTOS ?? 60);
const SPEED = Number(process.env.PIXL_BENCH_STACK_SPEED ?? 2000);
const ROUNDS = 3;

const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");
const median = (s: readonly number[]): number => percentile(s, 50);

/** The floor: libvips decodes the photo and encodes it again as a JPEG at q90, one thread. */
function floor(jpg: Buffer): Promise<Buffer> {
  return sharp(jpg).jpeg({ quality: 90, mozjpeg: true, chromaSubsampling: "4:4:4" }).toBuffer();
}

/** Runs each function `ROUNDS` times after a warm-up, interleaved with the floor; returns medians. */
async function timeAgainstFloor(
  floorInput: Buffer,
  fns: Record<string, () => Promise<unknown>>,
): Promise<{ floorMs: number; ms: Record<string, number> }> {
  const samples: Record<string, number[]> = {};
  const floors: number[] = [];
  for (const fn of Object.values(fns)) await fn();
  await floor(floorInput);
  for (let r = 0; r < ROUNDS; r++)
    for (const [name, fn] of Object.entries(fns)) {
      let t = performance.now();
      await floor(floorInput);
      floors.push(performance.now() - t);
      t = performance.now();
      await fn();
      (samples[name] ??= []).push(performance.now() - t);
    }
  return {
    floorMs: median(floors),
    ms: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)])),
  };
}

async function speedReport(size: number): Promise<BenchReport> {
  const codec = createSharpCodec({ concurrency: 1 });
  const encode = (r: Raster, format: "jpg" | "png") => codec.encode(r, { format, quality: 92, dpi: 300 });
  const combined = generateCombinedSet(0, { width: size, height: size, transparent: true });
  const combinedFiles = await Promise.all(combined.shots.map((s) => encode(s, "png")));
  const stack = generateStackSet(0, { width: size, height: size, layers: 3 });
  const stackFiles = await Promise.all(stack.shots.map((s) => encode(s, "jpg")));
  const model = generateLabelledPhoto(1, { size });
  const modelJpg = await encode(model.photo, "jpg");
  const reference = await encode(nthShot(combined.shots, 0), "jpg");
  const white = createEditTemplate({
    templateOutputFormat: "JPG",
    backgroundType: "1",
    backgroundColor: "FFFFFF",
  });
  const keep = createEditTemplate({ templateOutputFormat: "JPG", backgroundType: "0" });
  const [a, b] = [nthShot(combined.shots, 0), nthShot(combined.shots, 1)];
  const { floorMs, ms } = await timeAgainstFloor(reference, {
    align: () => Promise.resolve(alignImages(a, b)),
    combined: () => editCombinedImages(combinedFiles, white, { codec, skipThumbnail: true }),
    stack: () => editFocusStack(stackFiles, keep, { codec, skipThumbnail: true }),
    inspect: () => inspectPhoto(model.photo, { codec }),
    whiteGlove: () => editWhiteGlove(modelJpg, { codec, skipThumbnail: true }),
  });
  const get = (k: string): number => ms[k] ?? Number.NaN;
  const truth = combined.truths[0];
  const alignError = truth
    ? meanTransformError(alignImages(a, b).transform, truth, size, size).max
    : Number.NaN;
  return {
    name: `stack.speed.${size}px.1-core`,
    metrics: {
      sharp_floor_ms: round(floorMs, 0),
      align_2_shots_ms: round(get("align"), 0),
      align_worst_point_error_px: round(alignError, 3),
      combined_2_cutouts_edit_ms: round(get("combined"), 0),
      focus_stack_3_shots_edit_ms: round(get("stack"), 0),
      white_glove_inspect_ms: round(get("inspect"), 0),
      white_glove_edit_ms: round(get("whiteGlove"), 0),
    },
    ratios: {
      align_vs_floor: get("align") / floorMs,
      combined_vs_floor: get("combined") / floorMs,
      stack_vs_floor: get("stack") / floorMs,
      inspect_vs_floor: get("inspect") / floorMs,
      white_glove_vs_floor: get("whiteGlove") / floorMs,
    },
    notes: [
      `medians of ${ROUNDS} rounds after a warm-up, each interleaved with the floor; ${size}x${size}; load average ${load()}`,
      "floor: sharp (libvips, 1 thread) decoding the photo's JPEG and encoding it again at q90 (one photo's worth of codec work)",
      "combined: decode 2 PNG cut-outs, align, merge, white background, JPG; stack: decode 3 JPEGs, align 2, stack, keep background, JPG",
      "white glove: inspection at 0.25 MP + the chosen template's full edit (cut-out, 3:4 canvas, JPG)",
    ],
  };
}

function nthShot(shots: readonly Raster[], i: number): Raster {
  const s = shots[i];
  if (!s) throw new RangeError(`no shot ${i}`);
  return s;
}

export const bench: Bench = {
  id: "stack",
  description:
    "combined-image alignment, focus stacking and white glove vs ground truth, and their speed vs libvips",
  async run() {
    const started = load();
    const reports: BenchReport[] = [];
    if (SETS > 0)
      reports.push(combinedReport(SETS, 640), stackReport(Math.max(4, Math.round(SETS / 2)), 512));
    if (PHOTOS > 0) reports.push(await whiteGloveReport(PHOTOS, 480));
    if (SPEED > 0) reports.push(await speedReport(SPEED));
    for (const r of reports)
      r.notes = [...(r.notes ?? []), `load average when the bench started: ${started}`];
    return reports;
  },
};
