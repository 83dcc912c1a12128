// Order, payment and delivery statuses as coloured badges.
import { Badge } from "@mantine/core";

const COLORS: Record<string, string> = {
  pending: "yellow",
  processing: "blue",
  completed: "green",
  paid: "green",
  delivered: "green",
  active: "green",
  "on sale": "green",
  refunded: "grape",
  cancelled: "gray",
  canceled: "gray",
  trialing: "blue",
  past_due: "orange",
  incomplete: "yellow",
  accepted: "green",
  expired: "gray",
  revoked: "gray",
  depleted: "gray",
  failed: "red",
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <Badge color={COLORS[status] ?? "gray"} variant="dot">
      {status.replace(/_/g, " ")}
    </Badge>
  );
}
