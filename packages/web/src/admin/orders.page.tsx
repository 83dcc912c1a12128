// Orders: filter by status, payment, customer email, number and dates; page through the results.
import { Button, Group, Select, SimpleGrid, TextInput } from "@mantine/core";
import { useState } from "react";
import { storeClient } from "../api/store-client";
import { DataTable } from "../app/data-table";
import { ErrorAlert } from "../app/error-alert";
import { dateTime, money } from "../app/format";
import { PageHeader } from "../app/page-header";
import { Link } from "../app/router";
import { useAsync } from "../app/use-async";
import type { AdminStore } from "./admin-store";
import { StatusBadge } from "./status-badge";

type Status = "pending" | "processing" | "completed" | "refunded" | "cancelled";
type Payment = "pending" | "paid" | "failed" | "refunded";

interface Filters {
  status: Status | null;
  payment: Payment | null;
  email: string;
  number: string;
  from: string;
  to: string;
}

const NONE: Filters = { status: null, payment: null, email: "", number: "", from: "", to: "" };

export default function OrdersPage({ store }: { store: AdminStore }) {
  const [filters, setFilters] = useState<Filters>(NONE);
  const [page, setPage] = useState(1);
  const api = storeClient(store.subdomain);
  const set = (patch: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage(1);
  };
  const f = filters;
  const list = useAsync(
    () =>
      api.orders.list({
        page,
        per_page: 25,
        sort: "created_at",
        order: "desc",
        ...(f.status === null ? {} : { status: f.status }),
        ...(f.payment === null ? {} : { payment_status: f.payment }),
        ...(f.email === "" ? {} : { customer_email: f.email }),
        ...(f.number === "" ? {} : { order_number: f.number }),
        ...(f.from === "" ? {} : { from: f.from }),
        ...(f.to === "" ? {} : { to: f.to }),
      }),
    [store.subdomain, page, f],
  );
  return (
    <>
      <PageHeader title="Orders" />
      <SimpleGrid cols={{ base: 1, xs: 2, md: 6 }} mb="md">
        <Select
          label="Status"
          placeholder="Any"
          clearable
          value={f.status}
          onChange={(v) => set({ status: v })}
          data={["pending", "processing", "completed", "refunded", "cancelled"]}
        />
        <Select
          label="Payment"
          placeholder="Any"
          clearable
          value={f.payment}
          onChange={(v) => set({ payment: v })}
          data={["pending", "paid", "failed", "refunded"]}
        />
        <TextInput
          label="Customer email"
          value={f.email}
          onChange={(e) => set({ email: e.currentTarget.value })}
        />
        <TextInput
          label="Order number"
          value={f.number}
          onChange={(e) => set({ number: e.currentTarget.value })}
        />
        <TextInput
          label="From"
          type="date"
          value={f.from}
          onChange={(e) => set({ from: e.currentTarget.value })}
        />
        <TextInput label="To" type="date" value={f.to} onChange={(e) => set({ to: e.currentTarget.value })} />
      </SimpleGrid>
      <Group mb="sm">
        <Button variant="subtle" size="compact-sm" onClick={() => set(NONE)}>
          Clear filters
        </Button>
      </Group>
      <ErrorAlert error={list.error} />
      <DataTable
        caption={`Orders (${list.data?.meta.total.toLocaleString() ?? "…"})`}
        rows={list.data?.data}
        rowKey={(o) => o.id}
        columns={[
          {
            header: "Order",
            cell: (o) => <Link href={`/admin/${store.subdomain}/orders/${o.id}`}>{o.order_number}</Link>,
          },
          {
            header: "Customer",
            cell: (o) =>
              o.customer.username === null
                ? o.customer.email
                : `${o.customer.email} (${o.customer.username})`,
          },
          { header: "Total", cell: (o) => money(o.total, o.currency) },
          { header: "Status", cell: (o) => <StatusBadge status={o.status} /> },
          { header: "Payment", cell: (o) => <StatusBadge status={o.payment_status} /> },
          { header: "Placed", cell: (o) => dateTime(o.created_at) },
        ]}
        empty="No orders match."
        page={{ current: page, last: list.data?.meta.last_page ?? 1, onChange: setPage }}
      />
    </>
  );
}
