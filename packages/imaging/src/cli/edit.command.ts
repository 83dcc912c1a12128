// `pixl edit`: applies a template to photos on all cores, with a progress bar and a summary.
import { readFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { SingleBar } from "cli-progress";
import type { Command } from "commander";
import { ImagingError } from "../errors/imaging-error.js";
import { createEditJob, runEditBatch, type EditJobResult } from "./edit-batch.js";
import { createTemplateFromFlags, type EditFlags } from "./edit-options.js";

/** Parsed options of the command. */
export interface EditCommandOptions extends EditFlags {
  readonly out: string;
  readonly jobs?: string;
  readonly model?: string;
  readonly thumbnails?: boolean;
  readonly maxPixels?: string;
  readonly progress?: boolean;
}

/** Reads the template file (Pixelz POST Template fields as JSON). */
async function readTemplateFile(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as unknown;
  } catch (e) {
    throw new ImagingError(
      "invalid_template",
      `cannot read template ${file}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

/** One line per failure and a total, for the terminal. */
export function formatEditSummary(results: readonly EditJobResult[], seconds: number): string {
  const lines: string[] = [];
  let failed = 0;
  for (const r of results) {
    if (r.ok) continue;
    failed++;
    lines.push(`  ✗ ${r.input}: ${r.message} (${r.code})`);
  }
  const done = results.length - failed;
  const rate = seconds > 0 ? (results.length / seconds).toFixed(2) : "–";
  lines.push(`${done} edited, ${failed} failed, in ${seconds.toFixed(1)} s (${rate} images/s)`);
  return lines.join("\n");
}

/**
 * Runs `pixl edit` programmatically: validates the options (throws ImagingError on a bad template or
 * flag), edits every file and returns the per-file results. Sets process.exitCode to 1 when any failed.
 */
export async function runEditCommand(
  files: readonly string[],
  options: EditCommandOptions,
): Promise<EditJobResult[]> {
  const template = createTemplateFromFlags(
    options,
    options.template ? await readTemplateFile(options.template) : undefined,
  );
  const jobs = files.map((f) =>
    createEditJob(f, options.out, template.outputFormat, options.thumbnails ?? false),
  );
  const parallel = options.jobs ? Number(options.jobs) : availableParallelism();
  if (!Number.isInteger(parallel) || parallel < 1)
    throw new ImagingError("invalid_template", "--jobs must be a positive integer");
  const showBar = (options.progress ?? true) && process.stderr.isTTY;
  const bar = new SingleBar({
    format: "editing [{bar}] {value}/{total} {file}",
    stream: process.stderr,
    hideCursor: true,
  });
  if (showBar) bar.start(jobs.length, 0, { file: "" });
  const started = performance.now();
  const results = await runEditBatch(jobs, {
    template,
    jobs: parallel,
    ...(options.model ? { modelPath: options.model } : {}),
    ...(options.maxPixels ? { maxPixels: Number(options.maxPixels) } : {}),
    onResult: (r) => {
      if (showBar) bar.increment({ file: r.input });
    },
  });
  if (showBar) bar.stop();
  console.log(formatEditSummary(results, (performance.now() - started) / 1000));
  if (results.some((r) => !r.ok)) process.exitCode = 1;
  return results;
}

/** Adds `pixl edit <files...>` to a commander program. */
export function registerEditCommand(program: Command): Command {
  return program
    .command("edit")
    .description("apply a studio template to photos: background, size, margins, shadow, format")
    .argument("<files...>", "photos to edit (JPEG, PNG, WebP, TIFF, HEIC/AVIF, GIF)")
    .requiredOption("-o, --out <dir>", "directory for the edited images")
    .option("-t, --template <file>", "template JSON with Pixelz POST Template fields; flags override it")
    .option("-b, --background <value>", "hex colour (FFFFFF), transparent, or none (keep the photo's)")
    .option("--gradient <hex>", "bottom colour: makes --background a vertical gradient")
    .option("-s, --size <size>", "1000x1000 (fixed), 3:4 (aspect), max1600, min800 or 800-1600")
    .option("--unit <unit>", "unit of --size: px, mm or inch (at the file's DPI, else 300)")
    .option("-m, --margin <margin>", "10% or 40px, or top,right,bottom,left with % or px")
    .option("--align <where>", "vertical alignment: top, center or bottom")
    .option("--shadow <kind>", "none, keep (the floor shadow) or drop")
    .option("-f, --format <format>", "jpg, png, tiff or psd")
    .option("-q, --quality <n>", "JPEG quality 1-100 (default 90)")
    .option("-j, --jobs <n>", "parallel workers (default: one per core)")
    .option("--model <file>", "ONNX segmentation model (U²-Net/ISNet family) instead of the bundled u2netp")
    .option("--thumbnails", "also write <name>.thumb.jpg")
    .option("--max-pixels <n>", "refuse images above this many pixels (default 50000000)")
    .option("--no-progress", "no progress bar")
    .action(async (files: string[], opts: EditCommandOptions) => {
      await runEditCommand(files, opts);
    });
}
