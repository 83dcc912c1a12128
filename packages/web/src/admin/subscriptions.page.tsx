// Subscriptions: filter by status, page through them, open one.
import { SegmentedControl, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { storeClient } from "../api/store-client";
import { DataTable } from "../app/data-table";
import { ErrorAlert } from "../app/error-alert";
import { date, money } from "../app/format";
import { PageHeader } from "../app/page-header";
import { Link } from "../app/router";
import { useAsync } from "../app/use-async";
import type { AdminStore } from "./admin-store";
import { StatusBadge } from "./status-badge";

export const SUBSCRIPTION_STATUSES = ["active", "trialing", "past_due", "canceled", "incomplete"] as const;
type Status = (typeof SUBSCRIPTION_STATUSES)[number];

const FILTERS = [
  { value: "", label: "All" },
  ...SUBSCRIPTION_STATUSES.map((s) => ({ value: s, label: s.replace("_", " ") })),
];

export default function SubscriptionsPage({ store }: { store: AdminStore }) {
  const api = storeClient(store.subdomain);
  const [status, setStatus] = useState<Status | "">("");
  const [page, setPage] = useState(1);
  const list = useAsync(
    () =>
      api.subscriptions.list({
        page,
        per_page: 25,
        sort: "created_at",
        order: "desc",
        ...(status === "" ? {} : { status }),
      }),
    [store.subdomain, page, status],
  );
  return (
    <>
      <PageHeader title="Subscriptions" />
      <ErrorAlert error={list.error} />
      <Stack gap={4} mb="md">
        <Text size="sm" fw={500} id="subscription-status-label">
          Status
        </Text>
        <SegmentedControl
          aria-labelledby="subscription-status-label"
          data={FILTERS}
          value={status}
          onChange={(v) => {
            setStatus(v as Status | "");
            setPage(1);
          }}
          style={{ alignSelf: "flex-start", maxWidth: "100%", overflowX: "auto" }}
        />
      </Stack>
      <DataTable
        caption={status === "" ? "Subscriptions of the store" : `Subscriptions with status ${status}`}
        rows={list.data?.data}
        rowKey={(s) => s.id}
        empty="No subscriptions match."
        columns={[
          {
            header: "Subscription",
            cell: (s) => (
              <Link href={`/admin/${store.subdomain}/subscriptions/${s.id}`}>
                #{s.id} {s.product.name}
              </Link>
            ),
          },
          { header: "Customer", cell: (s) => s.customer.username ?? s.customer.email },
          {
            header: "Price",
            cell: (s) =>
              `${money(s.product.price, s.product.currency)} / ${s.interval_count > 1 ? `${s.interval_count} ` : ""}${s.interval}${s.interval_count > 1 ? "s" : ""}`,
          },
          { header: "Status", cell: (s) => <StatusBadge status={s.status} /> },
          {
            header: "Renews or ends",
            cell: (s) =>
              s.ended_at !== null
                ? `ended ${date(s.ended_at)}`
                : `${s.cancel_at_period_end ? "ends" : "renews"} ${date(s.current_period_end)}`,
          },
        ]}
        page={{ current: page, last: list.data?.meta.last_page ?? 1, onChange: setPage }}
      />
    </>
  );
}
