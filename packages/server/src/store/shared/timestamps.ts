// Wire format of times: ISO-8601 UTC to the second, as the Pixlpay docs show ("2025-01-20T14:30:00Z").

/** `2025-01-20T14:30:00Z` for an epoch-ms time. */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Like formatTimestamp, but null stays null. */
export function formatOptionalTimestamp(ms: number | null): string | null {
  return ms === null ? null : formatTimestamp(ms);
}

/** Epoch ms of an ISO-8601 date-time with an offset or `Z`; undefined when it is not one. */
export function parseTimestamp(s: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(s)) return undefined;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? undefined : ms;
}
