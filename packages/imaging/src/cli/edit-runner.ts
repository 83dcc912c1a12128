// Edits files one at a time with one codec and one loaded model; used in-process and inside each worker.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { createOnnxSegmentationModel } from "../adapters/onnx.adapter.js";
import { createSharpCodec } from "../adapters/sharp.adapter.js";
import { ImagingError } from "../errors/imaging-error.js";
import type { SegmentationModel } from "../matting/segmentation-model.js";
import { editImage } from "../pipeline/edit-image.js";
import type { EditJob, EditJobResult, EditWorkerSetup } from "./edit-batch.js";

/** Maps anything thrown to a code and a message for the per-file status. */
export function coerceError(e: unknown): { code: string; message: string } {
  if (e instanceof ImagingError) return { code: e.code, message: e.message };
  const err = e as NodeJS.ErrnoException;
  if (err.code === "ENOENT") return { code: "file_not_found", message: `no such file: ${err.path ?? ""}` };
  return { code: "internal_error", message: e instanceof Error ? e.message : String(e) };
}

/** A ready editor: `edit` never throws, it returns the file's status. */
export interface EditRunner {
  edit(job: EditJob): Promise<EditJobResult>;
  close(): Promise<void>;
}

/**
 * Creates the codec (libvips on one thread: we parallelise across files) and loads the model only when the
 * template removes the background and the model file exists (plain backdrops work without it).
 */
export async function createEditRunner(setup: EditWorkerSetup): Promise<EditRunner> {
  const codec = createSharpCodec({ concurrency: 1 });
  let model: SegmentationModel | undefined;
  if (setup.template.background.type !== "none") {
    try {
      model = await createOnnxSegmentationModel(setup.modelPath ? { path: setup.modelPath } : {});
    } catch (e) {
      if (setup.modelPath) throw e;
    }
  }
  return {
    async edit(job) {
      const started = performance.now();
      const ms = (): number => Math.round(performance.now() - started);
      try {
        const input = await readFile(job.input);
        const result = await editImage(input, setup.template, {
          codec,
          ...(model ? { model } : {}),
          ...(setup.maxPixels ? { maxPixels: setup.maxPixels } : {}),
          skipThumbnail: job.thumbnail === undefined,
        });
        await mkdir(path.dirname(job.output), { recursive: true });
        await writeFile(job.output, result.image);
        if (job.thumbnail && result.thumbnail) await writeFile(job.thumbnail, result.thumbnail);
        return {
          input: job.input,
          ok: true,
          output: job.output,
          width: result.width,
          height: result.height,
          method: result.report.removal.method,
          ms: ms(),
        };
      } catch (e) {
        return { input: job.input, ok: false, ...coerceError(e), ms: ms() };
      }
    },
    async close() {
      await model?.dispose();
    },
  };
}
