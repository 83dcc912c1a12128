// The benchmark contract: each *.bench.ts exports `bench`, run by bench/run.ts, printed and saved as JSON.

/** One benchmark's results: absolute figures plus ratios to a floor measured in the same run. */
export interface BenchReport {
  /** e.g. "queue.sqlite.1-worker" */
  name: string;
  /** Absolute figures, with units in the key: `jobs_per_s`, `p50_ms`, `rss_mb`. */
  metrics: Record<string, number | string>;
  /** Ratios to the floor measured in the same run (e.g. `vs_floor: 0.72`), and the target when one is set. */
  ratios?: Record<string, number>;
  /** Targets from the issue, with whether they were met. */
  targets?: { description: string; met: boolean }[];
  notes?: string[];
}

export interface Bench {
  /** Short id used to select it: `npm run bench -- queue`. */
  id: string;
  description: string;
  run(): Promise<BenchReport[]>;
}

/** Percentile (0..100) of a list of numbers, nearest-rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** Rounds for display. */
export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
