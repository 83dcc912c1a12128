// What `pixl studio submit` shows: progress bars on a terminal (one line per event otherwise, for logs and
// scripts) and the summary table at the end.
import { MultiBar, Presets, type SingleBar } from "cli-progress";
import type { FileStage, SubmitEvents, SubmitResultRow } from "./submit-batch.js";

export interface SubmitProgress extends SubmitEvents {
  stop(): void;
}

/** Bars for submitted, finished and downloaded photos when `stream` is a TTY; plain lines otherwise. */
export function createSubmitProgress(
  stream: NodeJS.WritableStream & { isTTY?: boolean },
  stages: { wait: boolean; download: boolean },
): SubmitProgress {
  if (stream.isTTY !== true) {
    return {
      onStart: (total, done) => stream.write(`${total} photos, ${done} already submitted\n`),
      onStage: (file, stage, detail) =>
        stage === "uploading" ? undefined : stream.write(`${stage} ${file}${detail ? ` ${detail}` : ""}\n`),
      stop: () => undefined,
    };
  }
  const multi = new MultiBar(
    { format: "{stage} [{bar}] {value}/{total} {file}", stream, hideCursor: true, clearOnComplete: false },
    Presets.shades_classic,
  );
  const bars: Partial<Record<"submitted" | "finished" | "downloaded", SingleBar>> = {};
  return {
    onStart(total, done) {
      bars.submitted = multi.create(total, done, { stage: "submitted ", file: "" });
      if (stages.wait) bars.finished = multi.create(total, 0, { stage: "finished  ", file: "" });
      if (stages.download) bars.downloaded = multi.create(total, 0, { stage: "downloaded", file: "" });
    },
    onStage(file: string, stage: FileStage, detail?: string) {
      if (stage === "submitted") bars.submitted?.increment({ file });
      else if (stage === "finished" || stage === "failed") bars.finished?.increment({ file });
      else if (stage === "downloaded") bars.downloaded?.increment({ file });
      else if (stage === "error") {
        multi.log(`error ${file}: ${detail ?? ""}\n`);
        multi.update(); // logs show on the next redraw
      }
    },
    stop: () => multi.stop(),
  };
}

function formatBytes(n: number | undefined): string {
  if (n === undefined) return "-";
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** The summary: file, ticket, status, size (photo → finals), time (submitted → finished). */
export function formatSummary(rows: readonly SubmitResultRow[]): string {
  const table = [
    ["FILE", "TICKET", "STATUS", "SIZE", "TIME"],
    ...rows.map((r) => [
      r.file,
      r.ticket ?? "-",
      r.status,
      r.finalSize === undefined
        ? formatBytes(r.size)
        : `${formatBytes(r.size)} -> ${formatBytes(r.finalSize)}`,
      r.timeMs === undefined ? "-" : `${(r.timeMs / 1000).toFixed(1)} s`,
    ]),
  ];
  const widths = table[0]?.map((_, i) => Math.max(...table.map((row) => (row[i] ?? "").length))) ?? [];
  const lines = table.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd(),
  );
  const failed = rows.filter((r) => !r.ok).length;
  lines.push("", `${rows.length} photos, ${rows.length - failed} ok, ${failed} not`);
  return `${lines.join("\n")}\n`;
}
