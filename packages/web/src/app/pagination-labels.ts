// Names for Mantine Pagination's arrow buttons (they are icons; screen readers need words).
const LABELS = {
  first: "First page",
  previous: "Previous page",
  next: "Next page",
  last: "Last page",
} as const;

export const paginationControlProps = (control: keyof typeof LABELS) => ({ "aria-label": LABELS[control] });
