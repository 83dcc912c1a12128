// The live delivery log: the newest queued commands and their status, polled every few seconds. The
// server answers unchanged polls with 304 from its read cache (the browser revalidates with the ETag).
import { Group, Select, Text } from "@mantine/core";
import { useState } from "react";
import { storeClient } from "../api/store-client";
import { useResource } from "../api/use-resource";
import { DataTable } from "../app/data-table";
import { ErrorAlert } from "../app/error-alert";
import { dateTime } from "../app/format";
import { Link } from "../app/router";
import type { AdminStore } from "./admin-store";
import { StatusBadge } from "./status-badge";

/** How often the log asks for news. */
export const DELIVERY_LOG_POLL_MS = 3000;
const STATUSES = ["pending", "processing", "delivered", "failed"] as const;
type Status = (typeof STATUSES)[number];

export function DeliveryLog({ store, serverId }: { store: AdminStore; serverId?: number }) {
  const api = storeClient(store.subdomain);
  const [status, setStatus] = useState<Status | null>(null);
  const log = useResource(
    `${store.subdomain} ${String(serverId)} ${String(status)}`,
    async (signal) => {
      const r = await api.deliveries.list(
        {
          per_page: 25,
          ...(serverId === undefined ? {} : { server_id: serverId }),
          ...(status === null ? {} : { status }),
        },
        { signal },
      );
      return { rows: r.data, total: r.meta.total, at: new Date() };
    },
    { poll: () => true, pollMs: DELIVERY_LOG_POLL_MS },
  );
  return (
    <section aria-labelledby="delivery-log-title">
      <Group justify="space-between" align="flex-end" mb="xs" wrap="wrap">
        <div>
          <Text component="h2" fw={700} size="lg" id="delivery-log-title">
            Live delivery log
          </Text>
          <Text size="sm" c="dimmed">
            {log.data
              ? `${log.data.total} deliveries · checked ${log.data.at.toLocaleTimeString()} (every ${DELIVERY_LOG_POLL_MS / 1000} s)`
              : "Loading…"}
          </Text>
        </div>
        <Select
          label="Delivery status"
          placeholder="Any"
          clearable
          data={[...STATUSES]}
          value={status}
          onChange={(v) => setStatus(v)}
          w={180}
        />
      </Group>
      <ErrorAlert error={log.error} />
      <DataTable
        caption="Newest command deliveries first"
        rows={log.data?.rows}
        rowKey={(d) => d.id}
        empty="No deliveries yet: they appear here when an order with a server command is paid."
        columns={[
          { header: "Queued", cell: (d) => dateTime(d.created_at) },
          { header: "Status", cell: (d) => <StatusBadge status={d.status} /> },
          { header: "Server", cell: (d) => d.server.name },
          {
            header: "Command",
            cell: (d) => (
              <Text ff="monospace" size="sm">
                {d.command}
              </Text>
            ),
          },
          { header: "Player", cell: (d) => d.player ?? "—" },
          {
            header: "Order",
            cell: (d) =>
              d.order_id === null ? (
                "—"
              ) : (
                <Link href={`/admin/${store.subdomain}/orders/${d.order_id}`}>
                  {d.order_number ?? `#${d.order_id}`}
                </Link>
              ),
          },
          { header: "Attempts", cell: (d) => d.attempts },
          { header: "Last error", cell: (d) => d.last_error ?? "—" },
        ]}
      />
    </section>
  );
}
