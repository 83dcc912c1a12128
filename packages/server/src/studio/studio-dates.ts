// Dates on the Studio wire: deadlines as `yyyy-MM-dd HH:mm:ss` UTC, list bounds as dates, `yyyy-MM-dd` out.
import { StudioError } from "./studio-errors.js";

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,7})?)?)?Z?$/;
const DAY = 86_400_000;

function parts(value: string): { ms: number; hasTime: boolean } | undefined {
  const m = DATE_TIME.exec(value.trim());
  if (!m) return undefined;
  const [y = 0, mo = 1, d = 1, h = 0, mi = 0, s = 0] = m
    .slice(1, 7)
    .map((x: string | undefined) => Number(x ?? "0"));
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  // Refuse dates that roll over (2026-02-30) and out-of-range times.
  if (back.getUTCDate() !== d || back.getUTCMonth() !== mo - 1 || h > 23 || mi > 59 || s > 59)
    return undefined;
  return { ms, hasTime: m[4] !== undefined };
}

/** `imageDeadlineDateTimeUTC`: exactly `yyyy-MM-dd HH:mm:ss` (UTC). Throws InvalidParameter otherwise. */
export function parseDeadline(value: string): number {
  const p = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value.trim()) ? parts(value) : undefined;
  if (p === undefined)
    throw new StudioError(
      "InvalidParameter",
      `imageDeadlineDateTimeUTC must be a UTC time as yyyy-MM-dd HH:mm:ss (got "${value.slice(0, 40)}").`,
    );
  return p.ms;
}

/**
 * A list filter bound (`fromDate`, `toDate`): a date or a date and time, UTC. Bounds are inclusive, so a
 * bare `toDate` covers its whole day. Undefined when blank; throws InvalidParameter when malformed.
 */
export function parseDateBound(
  value: string | undefined,
  field: string,
  bound: "from" | "to",
): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const p = parts(value);
  if (p === undefined)
    throw new StudioError(
      "InvalidParameter",
      `${field} must be a date as yyyy-MM-dd (got "${value.slice(0, 40)}").`,
    );
  return bound === "to" && !p.hasTime ? p.ms + DAY - 1 : p.ms;
}

/** `yyyy-MM-dd` of an epoch-ms time (UTC). */
export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The first instant of the UTC month containing `ms`, and of the month `offset` months later. */
export function monthStart(ms: number, offset = 0): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + offset, 1);
}
