// Imaging benchmark: matte quality on generated studio photos vs ground truth, and speed vs libvips and ImageMagick.
// Run: npm run bench -- imaging   (PIXL_BENCH_IMAGES=20 for a quicker quality pass)
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
// The floor is raw libvips, so the bench calls sharp itself (production code reaches it only via the adapter).
import sharp from "sharp";
import {
  createOnnxSegmentationModel,
  createSharpCodec,
  DEFAULT_EDIT_TEMPLATE,
  editImage,
  removeBackground,
  runEditBatch,
  type EditTemplate,
} from "../packages/imaging/src/index.js";
import { generatePhoto, generatePhotos } from "../packages/imaging/src/testing/generate-photos.js";
import { compareMattes } from "../packages/imaging/src/testing/metrics.js";
import { percentile, round, type Bench, type BenchReport } from "./harness.js";

const run = promisify(execFile);
const IMAGES = Number(process.env.PIXL_BENCH_IMAGES ?? 100);
const SPEED_RUNS = 9;

const plainTemplate: EditTemplate = {
  ...DEFAULT_EDIT_TEMPLATE,
  resize: { type: "fixed", width: 1000, height: 1000, unit: "px" },
  margin: { type: "percent", top: 10, bottom: 10, left: 10, right: 10 },
  background: { type: "none" },
};
const removalTemplate: EditTemplate = {
  ...plainTemplate,
  background: { type: "color", color: { r: 255, g: 255, b: 255 } },
};

async function median(times: number, fn: () => Promise<unknown>): Promise<number> {
  const [m = Number.NaN] = await interleavedMedians(times, [fn]);
  return m;
}

/**
 * Runs the functions in turn, `times` rounds after a warm-up, and returns each one's median: alternating
 * keeps a busy machine's load changes from favouring one side of a ratio.
 */
async function interleavedMedians(times: number, fns: (() => Promise<unknown>)[]): Promise<number[]> {
  for (const fn of fns) await fn();
  const samples = fns.map((): number[] => []);
  for (let i = 0; i < times; i++)
    for (const [k, fn] of fns.entries()) {
      const t = performance.now();
      await fn();
      samples[k]?.push(performance.now() - t);
    }
  return samples.map((s) => percentile(s, 50));
}

/** ImageMagick's convert when the real one is installed (not a stand-in script). */
async function findConvert(): Promise<string | undefined> {
  for (const bin of ["/usr/bin/convert", "convert"]) {
    try {
      const { stdout } = await run(bin, ["-version"]);
      if (stdout.includes("ImageMagick")) return bin;
    } catch {
      // not this one
    }
  }
  return undefined;
}

async function qualityReport(): Promise<BenchReport> {
  const codec = createSharpCodec({ concurrency: 1 });
  const model = await createOnnxSegmentationModel();
  const rows: {
    id: string;
    iou: number;
    mae: number;
    rawIou: number;
    rawMae: number;
    ms: number;
    method: string;
  }[] = [];
  for (const g of generatePhotos({ count: IMAGES })) {
    // Through a JPEG, as photos arrive.
    const jpg = await codec.encode(g.photo, { format: "jpg", quality: 92, dpi: 300 });
    const raster = await codec.decode(jpg, { maxPixels: 50e6 });
    const t = performance.now();
    const cut = await removeBackground(raster, { codec, model, keepModelMask: true });
    const ms = performance.now() - t;
    const refined = compareMattes(cut.alpha, g.alpha);
    const raw = cut.modelMask ? compareMattes(cut.modelMask, g.alpha) : { iou: Number.NaN, mae: Number.NaN };
    rows.push({
      id: g.id,
      iou: refined.iou,
      mae: refined.mae,
      rawIou: raw.iou,
      rawMae: raw.mae,
      ms,
      method: cut.method,
    });
  }
  await model.dispose();
  const mean = (f: (r: (typeof rows)[number]) => number): number =>
    rows.reduce((a, r) => a + f(r), 0) / rows.length;
  const worst = [...rows].sort((a, b) => a.iou - b.iou).slice(0, 5);
  const meanIou = mean((r) => r.iou);
  const meanMae = mean((r) => r.mae);
  const methods = new Map<string, number>();
  for (const r of rows) methods.set(r.method, (methods.get(r.method) ?? 0) + 1);
  return {
    name: "imaging.matting.u2netp-800px",
    metrics: {
      images: rows.length,
      mean_iou: round(meanIou, 4),
      mean_alpha_mae: round(meanMae, 5),
      worst_iou: round(worst[0]?.iou ?? Number.NaN, 4),
      worst_5: worst.map((w) => `${w.id} ${w.iou.toFixed(3)}`).join(", "),
      unrefined_model_mean_iou: round(
        mean((r) => r.rawIou),
        4,
      ),
      unrefined_model_mean_alpha_mae: round(
        mean((r) => r.rawMae),
        5,
      ),
      unrefined_model_worst_iou: round(Math.min(...rows.map((r) => r.rawIou)), 4),
      removal_p50_ms: round(
        percentile(
          rows.map((r) => r.ms),
          50,
        ),
        0,
      ),
      methods: [...methods].map(([k, v]) => `${k}:${v}`).join(" "),
    },
    targets: [
      { description: "mean IoU >= 0.99", met: meanIou >= 0.99 },
      { description: "worst IoU >= 0.95", met: (worst[0]?.iou ?? 0) >= 0.95 },
      { description: "mean alpha MAE <= 0.004", met: meanMae <= 0.004 },
    ],
    notes: [
      `generated photos 800x800 (seed 1), via JPEG q92; load average at end ${loadavg()[0]?.toFixed(1) ?? "?"}`,
    ],
  };
}

async function speedReports(): Promise<BenchReport[]> {
  const codec = createSharpCodec({ concurrency: 1 });
  const dir = await mkdtemp(path.join(tmpdir(), "pixl-bench-"));
  try {
    const g = generatePhoto(0, { width: 2000, height: 2000 });
    const jpg = await codec.encode(g.photo, { format: "jpg", quality: 92, dpi: 300 });
    const input = path.join(dir, "in.jpg");
    await writeFile(input, jpg);
    const [ours = Number.NaN, floor = Number.NaN] = await interleavedMedians(SPEED_RUNS, [
      () => editImage(jpg, plainTemplate, { codec, skipThumbnail: true }),
      () =>
        sharp(jpg)
          .resize(800, 800)
          .extend({ top: 100, bottom: 100, left: 100, right: 100, background: "#ffffff" })
          // Same encoder settings as ours at q90 (4:4:4 chroma), so both write the same output.
          .jpeg({ quality: 90, mozjpeg: true, progressive: true, chromaSubsampling: "4:4:4" })
          .toBuffer(),
    ]);
    const convert = await findConvert();
    const notes: string[] = [
      `load average ${loadavg()[0]?.toFixed(1) ?? "?"} (other work on the machine skews absolute times)`,
    ];
    let convertMs: number | undefined;
    if (convert) {
      const out = path.join(dir, "im.jpg");
      convertMs = await median(3, () =>
        run(convert, [
          "-limit",
          "thread",
          "1",
          input,
          "-resize",
          "800x800",
          "-background",
          "white",
          "-gravity",
          "center",
          "-extent",
          "1000x1000",
          "-quality",
          "90",
          "-sampling-factor",
          "1x1",
          "-interlace",
          "Plane",
          out,
        ]),
      );
    } else notes.push("ImageMagick convert not installed (apt-get install imagemagick): comparison skipped");
    const plain: BenchReport = {
      name: "imaging.plain-template.2000px-jpeg.1-core",
      metrics: {
        pixl_ms: round(ours, 1),
        sharp_floor_ms: round(floor, 1),
        ...(convertMs ? { imagemagick_ms: round(convertMs, 1) } : {}),
      },
      ratios: { vs_floor: ours / floor, ...(convertMs ? { vs_imagemagick: ours / convertMs } : {}) },
      targets: [
        { description: "<= 1.3x the libvips floor", met: ours / floor <= 1.3 },
        ...(convertMs ? [{ description: "faster than ImageMagick convert", met: ours < convertMs }] : []),
      ],
      notes: [
        ...notes,
        "template: 1000x1000, 10% margins, white canvas, JPG q90 (sRGB profile and DPI written)",
      ],
    };

    const model = await createOnnxSegmentationModel();
    const removal = await median(3, () =>
      editImage(jpg, removalTemplate, { codec, model, skipThumbnail: true }),
    );
    await model.dispose();
    const singleRssMb = process.resourceUsage().maxRSS / 1024;
    const files = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const f = path.join(dir, `p${i}.jpg`);
        await writeFile(f, jpg);
        return f;
      }),
    );
    const batchStart = performance.now();
    const results = await runEditBatch(
      files.map((f) => ({ input: f, output: f.replace(/\.jpg$/, ".out.jpg") })),
      { template: removalTemplate, jobs: 2 },
    );
    const perSecond = results.length / ((performance.now() - batchStart) / 1000);
    const rssMb = process.resourceUsage().maxRSS / 1024;
    return [
      plain,
      {
        name: "imaging.removal-template.2000px-jpeg",
        metrics: {
          one_core_ms: round(removal, 0),
          two_workers_images_per_s: round(perSecond, 2),
          peak_rss_mb_one_image_at_a_time: round(singleRssMb, 0),
          peak_rss_mb_with_two_workers: round(rssMb, 0),
          failed: results.filter((r) => !r.ok).length,
        },
        targets: [{ description: "<= 600 ms per image on one core", met: removal <= 600 }],
        notes: [
          "background removal (u2netp + plain-backdrop matting) + 10% margins + white + JPG; two workers include their start-up",
          "peak RSS: the bench process maximum (whole process: main thread, then plus two worker threads), before the quality pass",
          `load average ${loadavg()[0]?.toFixed(1) ?? "?"}`,
        ],
      },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const bench: Bench = {
  id: "imaging",
  description:
    "matte quality vs ground truth (refined vs raw u2netp) and edit speed vs libvips / ImageMagick",
  async run() {
    if (!existsSync(path.join(import.meta.dirname, "..", "packages", "imaging", "models", "u2netp.onnx")))
      return [
        {
          name: "imaging",
          metrics: {},
          notes: ["model missing: run node packages/imaging/scripts/fetch-model.js"],
        },
      ];
    const speed = await speedReports();
    return [await qualityReport(), ...speed];
  },
};
