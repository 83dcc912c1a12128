// Timeline buckets for analytics: calendar days, ISO weeks or months of the store's zone, as instants.
import { endOfDay, startOfDay } from "../shared/time-zone.js";

export type Granularity = "day" | "week" | "month";

export interface Bucket {
  /** `YYYY-MM-DD`: the day, the week's Monday, or the month's first day. */
  date: string;
  /** Epoch ms, inclusive. */
  start: number;
  /** Epoch ms, exclusive. */
  end: number;
}

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to`, inclusive (both `YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

function labelOf(day: string, granularity: Granularity): string {
  if (granularity === "day") return day;
  if (granularity === "month") return `${day.slice(0, 7)}-01`;
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
  return addDays(day, -weekday);
}

/**
 * The buckets covering `from`…`to` (inclusive days) in `timeZone`. The first and last week or month are
 * clipped to the range but keep their label (the Monday, the 1st), so a partial month is still "2025-01-01".
 */
export function createBuckets(
  from: string,
  to: string,
  granularity: Granularity,
  timeZone: string,
): Bucket[] {
  // Each bucket ends where the next begins: one zone lookup per bucket boundary, not two per bucket.
  const labelled: { date: string; first: string }[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const label = labelOf(day, granularity);
    if (labelled.at(-1)?.date !== label) labelled.push({ date: label, first: day });
  }
  const starts = labelled.map((b) => startOfDay(b.first, timeZone));
  return labelled.map((b, i) => ({
    date: b.date,
    start: starts[i] ?? 0,
    end: starts[i + 1] ?? endOfDay(to, timeZone),
  }));
}

/** Today's date in `timeZone`, `YYYY-MM-DD`. */
export function todayIn(now: number, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date(now));
}

export { addDays };
