// Runs one template over many files, in-process or on a pool of worker threads; one status per file.
import { availableParallelism } from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { EditTemplate } from "../template/edit-template.js";

/** One file's job. */
export interface EditJob {
  readonly input: string;
  readonly output: string;
  /** Where to write the thumbnail, when wanted. */
  readonly thumbnail?: string;
}

/** One file's outcome: the batch never stops at the first failure. */
export type EditJobResult =
  | {
      readonly input: string;
      readonly ok: true;
      readonly output: string;
      readonly width: number;
      readonly height: number;
      readonly method: string;
      readonly ms: number;
    }
  | {
      readonly input: string;
      readonly ok: false;
      readonly code: string;
      readonly message: string;
      readonly ms: number;
    };

/** What every worker needs to set itself up. */
export interface EditWorkerSetup {
  readonly template: EditTemplate;
  /** Path of an ONNX segmentation model; the bundled u2netp when absent. */
  readonly modelPath?: string;
  readonly maxPixels?: number;
}

export interface EditBatchOptions extends EditWorkerSetup {
  /** Parallel workers; default the number of cores. 1 runs in this thread. */
  readonly jobs?: number;
  /** Called after each file. */
  readonly onResult?: (result: EditJobResult) => void;
}

/** Names the output of `input` in `outDir` with the format's extension (`photo.jpg` → `out/photo.png`). */
export function createEditJob(
  input: string,
  outDir: string,
  format: EditTemplate["outputFormat"],
  thumbnails: boolean,
): EditJob {
  const stem = path.basename(input, path.extname(input));
  const ext = format === "tiff" ? "tif" : format;
  return {
    input,
    output: path.join(outDir, `${stem}.${ext}`),
    ...(thumbnails
      ? { thumbnail: path.join(outDir, `${stem}.thumb.${format === "jpg" ? "jpg" : "png"}`) }
      : {}),
  };
}

/**
 * Starts a worker on the script beside this module: edit.worker.js from dist; from source (running under
 * tsx) the .ts file, registering tsx inside the worker first, since loader hooks are not inherited.
 */
function startWorker(setup: EditWorkerSetup): Worker {
  if (!import.meta.url.endsWith(".ts"))
    return new Worker(new URL("./edit.worker.js", import.meta.url), { workerData: setup });
  const url = new URL("./edit.worker.ts", import.meta.url).href;
  const boot = `import("tsx/esm/api").then((m) => { m.register(); return import(${JSON.stringify(url)}); });`;
  return new Worker(boot, { eval: true, workerData: setup });
}

/** Runs the jobs with at most `jobs` in flight; results arrive in completion order. */
export async function runEditBatch(
  jobs: readonly EditJob[],
  options: EditBatchOptions,
): Promise<EditJobResult[]> {
  const parallel = Math.max(1, Math.min(options.jobs ?? availableParallelism(), jobs.length));
  const setup: EditWorkerSetup = {
    template: options.template,
    ...(options.modelPath ? { modelPath: options.modelPath } : {}),
    ...(options.maxPixels ? { maxPixels: options.maxPixels } : {}),
  };
  const results: EditJobResult[] = [];
  const record = (r: EditJobResult): void => {
    results.push(r);
    options.onResult?.(r);
  };
  if (parallel === 1) {
    const { createEditRunner } = await import("./edit-runner.js");
    const run = await createEditRunner(setup);
    try {
      for (const job of jobs) record(await run.edit(job));
    } finally {
      await run.close();
    }
    return results;
  }
  let next = 0;
  const workers = Array.from({ length: parallel }, () => startWorker(setup));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const feed = (): void => {
              const job = jobs[next++];
              if (!job) {
                resolve();
                return;
              }
              worker.postMessage(job);
            };
            worker.on("message", (r: EditJobResult) => {
              record(r);
              feed();
            });
            worker.once("error", reject);
            feed();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
