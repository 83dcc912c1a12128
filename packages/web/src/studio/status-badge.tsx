// An image's status as a badge: its name, coloured by stage.
import { Badge } from "@mantine/core";
import { statusColor } from "./image-statuses";

export function StatusBadge({ status, name }: { status: number; name: string }) {
  return (
    <Badge
      variant="filled"
      radius="sm"
      styles={{ root: { background: statusColor(status), color: "#fff", textTransform: "none" } }}
    >
      {name} ({status})
    </Badge>
  );
}
