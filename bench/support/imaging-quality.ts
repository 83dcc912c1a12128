// Matte quality for the imaging bench: generated photos with exact alpha, refined matte vs the raw model mask,
// and the working-resolution check on larger photos.
import {
  createSharpCodec,
  removeBackground,
  type ImageCodec,
  type Raster,
  type SegmentationModel,
} from "../../packages/imaging/src/index.js";
import {
  generatePhotos,
  type GeneratePhotosOptions,
} from "../../packages/imaging/src/testing/generate-photos.js";
import { compareMattes } from "../../packages/imaging/src/testing/metrics.js";
import { percentile, round, type BenchReport } from "../harness.js";

interface Row {
  id: string;
  iou: number;
  mae: number;
  rawIou: number;
  rawMae: number;
  ms: number;
  method: string;
}

/** Through a JPEG at quality 92, as photos arrive. */
async function asDelivered(codec: ImageCodec, photo: Raster): Promise<Raster> {
  const jpg = await codec.encode(photo, { format: "jpg", quality: 92, dpi: 300 });
  return codec.decode(jpg, { maxPixels: 50e6 });
}

const mean = (rows: readonly Row[], f: (r: Row) => number): number =>
  rows.reduce((a, r) => a + f(r), 0) / Math.max(1, rows.length);

/**
 * Mean IoU, mean alpha MAE and the worst 5 of the refined matte on generated photos, against the model's
 * mask upsampled without refinement in the same run (the refinement's gain). `targets` adds the issue's
 * quality targets (for the studio set they are defined on).
 */
export async function matteQualityReport(
  name: string,
  model: SegmentationModel,
  generator: GeneratePhotosOptions,
  targets: boolean,
  note: string,
): Promise<BenchReport> {
  const codec = createSharpCodec({ concurrency: 1 });
  const rows: Row[] = [];
  for (const g of generatePhotos(generator)) {
    const raster = await asDelivered(codec, g.photo);
    const t = performance.now();
    const cut = await removeBackground(raster, { codec, model, keepModelMask: true });
    const ms = performance.now() - t;
    const refined = compareMattes(cut.alpha, g.alpha);
    const raw = cut.modelMask ? compareMattes(cut.modelMask, g.alpha) : { iou: Number.NaN, mae: Number.NaN };
    rows.push({ id: g.id, ...refined, rawIou: raw.iou, rawMae: raw.mae, ms, method: cut.method });
  }
  const worst = [...rows].sort((a, b) => a.iou - b.iou).slice(0, 5);
  const meanIou = mean(rows, (r) => r.iou);
  const meanMae = mean(rows, (r) => r.mae);
  const worstIou = worst[0]?.iou ?? Number.NaN;
  const methods = new Map<string, number>();
  for (const r of rows) methods.set(r.method, (methods.get(r.method) ?? 0) + 1);
  return {
    name,
    metrics: {
      images: rows.length,
      mean_iou: round(meanIou, 4),
      mean_alpha_mae: round(meanMae, 5),
      worst_iou: round(worstIou, 4),
      worst_5: worst.map((w) => `${w.id} ${w.iou.toFixed(3)}`).join(", "),
      unrefined_model_mean_iou: round(
        mean(rows, (r) => r.rawIou),
        4,
      ),
      unrefined_model_mean_alpha_mae: round(
        mean(rows, (r) => r.rawMae),
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
    ...(targets
      ? {
          targets: [
            { description: "mean IoU >= 0.99", met: meanIou >= 0.99 },
            { description: "worst IoU >= 0.95", met: worstIou >= 0.95 },
            { description: "mean alpha MAE <= 0.004", met: meanMae <= 0.004 },
          ],
        }
      : {}),
    notes: [note],
  };
}

/**
 * Photos above the 1 MP working budget: the matte made at the budget and brought back to full size,
 * against matting at full size (the same photos, the same run).
 */
export async function workingResolutionReport(count: number, size: number): Promise<BenchReport> {
  const codec = createSharpCodec({ concurrency: 1 });
  const bounded: Row[] = [];
  const full: Row[] = [];
  // Spread over the shapes and backdrops: every 7th studio photo.
  const photos = [...generatePhotos({ count: count * 7, width: size, height: size })].filter(
    (_, i) => i % 7 === 0,
  );
  for (const g of photos) {
    const raster = await asDelivered(codec, g.photo);
    for (const [rows, workingPixels] of [
      [bounded, undefined],
      [full, Number.POSITIVE_INFINITY],
    ] as const) {
      const t = performance.now();
      const cut = await removeBackground(raster, { codec, ...(workingPixels ? { workingPixels } : {}) });
      const ms = performance.now() - t;
      rows.push({
        id: g.id,
        ...compareMattes(cut.alpha, g.alpha),
        rawIou: 0,
        rawMae: 0,
        ms,
        method: cut.method,
      });
    }
  }
  const p50 = (rows: Row[]): number =>
    round(
      percentile(
        rows.map((r) => r.ms),
        50,
      ),
      0,
    );
  return {
    name: `imaging.matting.working-resolution-${size}px`,
    metrics: {
      images: bounded.length,
      bounded_mean_iou: round(
        mean(bounded, (r) => r.iou),
        4,
      ),
      bounded_mean_alpha_mae: round(
        mean(bounded, (r) => r.mae),
        5,
      ),
      full_size_mean_iou: round(
        mean(full, (r) => r.iou),
        4,
      ),
      full_size_mean_alpha_mae: round(
        mean(full, (r) => r.mae),
        5,
      ),
      bounded_removal_p50_ms: p50(bounded),
      full_size_removal_p50_ms: p50(full),
    },
    notes: [
      `${size}x${size} studio photos matted at 1 MP and upsampled edge-aware, vs matted at ${size}x${size}`,
    ],
  };
}
