// Calendar days in a store's time zone: where a `YYYY-MM-DD` day starts and ends in epoch milliseconds.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when `timeZone` is an IANA zone this runtime knows (`UTC` included). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

let ianaZones: Set<string> | undefined;

/**
 * The canonical name of the IANA zone `name` (`europe/berlin` → `Europe/Berlin`, links such as
 * `US/Eastern` → `America/New_York`; canonical as the runtime's ICU spells it), or undefined when it is no
 * IANA zone this runtime knows. Abbreviations and offsets the runtime also accepts (`EST`, `+01:00`) are
 * refused: IANA names are `Area/Location` (or `UTC`), and a store's day boundaries need the DST rules.
 */
export function canonicalTimeZone(name: string): string | undefined {
  const shaped =
    /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){1,2}$/.test(name) || name.toUpperCase() === "UTC";
  if (name.length > 64 || !shaped || !isTimeZone(name)) return undefined;
  const resolved = new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  ianaZones ??= new Set([...Intl.supportedValuesOf("timeZone"), "UTC"]);
  return ianaZones.has(resolved) ? resolved : undefined;
}

/** The zone's offset from UTC at instant `ms`, in ms (positive east of Greenwich). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  if (timeZone === "UTC") return 0; // the default zone: no formatter needed
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  const asUtc = Date.UTC(
    parts["year"] ?? 1970,
    (parts["month"] ?? 1) - 1,
    parts["day"] ?? 1,
    parts["hour"] ?? 0,
    parts["minute"] ?? 0,
    parts["second"] ?? 0,
  );
  return asUtc - Math.floor(ms / 1000) * 1000;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `s` is a real calendar date written `YYYY-MM-DD`. */
export function isCalendarDay(s: string): boolean {
  const m = DAY.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/** Epoch ms at which calendar day `day` (`YYYY-MM-DD`) begins in `timeZone`. */
export function startOfDay(day: string, timeZone: string): number {
  const m = DAY.exec(day);
  if (!m) throw new Error(`not a day: ${day}`);
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // Two passes settle the offset even when the day starts right after a DST change.
  let t = wall - zoneOffsetMs(wall, timeZone);
  t = wall - zoneOffsetMs(t, timeZone);
  return t;
}

/** Epoch ms at which the day after `day` begins in `timeZone` (the exclusive end of `day`). */
export function endOfDay(day: string, timeZone: string): number {
  const next = new Date(`${day}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return startOfDay(next.toISOString().slice(0, 10), timeZone);
}
