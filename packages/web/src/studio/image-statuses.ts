// The studio's image statuses (studio-api.md §3) grouped the way a customer filters them.
export const STATUS_FILTERS: { label: string; value: string; statuses: number[] }[] = [
  { label: "All", value: "all", statuses: [] },
  { label: "In progress", value: "progress", statuses: [10, 20, 30, 40, 60, 62, 64, 66] },
  { label: "Finished", value: "finished", statuses: [70, 72, 74, 76, 78, 80] },
  { label: "Needs attention", value: "attention", statuses: [12, 78, 90, 95] },
];

export const FINISHED = new Set([70, 72, 74, 76, 78, 80, 100]);

export function statusColor(status: number): string {
  if (FINISHED.has(status)) return "green";
  if (status === 12 || status === 90 || status === 78) return "red";
  if (status === 95) return "yellow";
  return "blue";
}
