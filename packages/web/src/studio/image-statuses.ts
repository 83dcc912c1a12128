// Image statuses as the studio screens show and filter them (studio-api.md §3).

/** The statuses a customer filters by, with their names (the server's names, shown as given). */
export const STATUS_FILTERS: { value: string; label: string }[] = [
  { value: "", label: "All images" },
  { value: "10", label: "New" },
  { value: "60", label: "In production" },
  { value: "62", label: "Assigned to editor" },
  { value: "70", label: "Production finished" },
  { value: "80", label: "Delivered" },
  { value: "12", label: "Download failed" },
  { value: "90", label: "Rejected by Pixelz" },
];

/** Finished: finals exist and the image may be rejected (70–80), or closed (100). */
export const isFinished = (status: number): boolean => (status >= 70 && status <= 80) || status === 100;
/** Ended without a result. */
export const isFailed = (status: number): boolean => [0, 12, 90, 999].includes(status);
/** Still on its way: worth polling. */
export const isInProgress = (status: number): boolean => !isFinished(status) && !isFailed(status);
export const canReject = (status: number): boolean => status >= 70 && status <= 80;

/** Badge background: dark enough that white text on it has a WCAG AA contrast of 4.5 or more. */
export function statusColor(status: number): string {
  if (isFinished(status)) return "#1e6b30";
  if (isFailed(status)) return "#a51d24";
  if (status >= 62 && status <= 66) return "#5f3dc4";
  return "#1c5bb8";
}
