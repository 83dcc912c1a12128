// Customers: search and page through them, with what each has spent.
import { TextInput } from "@mantine/core";
import { useState } from "react";
import { storeClient } from "../api/store-client";
import { DataTable } from "../app/data-table";
import { ErrorAlert } from "../app/error-alert";
import { date, money } from "../app/format";
import { PageHeader } from "../app/page-header";
import { useAsync } from "../app/use-async";
import type { AdminStore } from "./admin-store";

export default function CustomersPage({ store }: { store: AdminStore }) {
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState("");
  const api = storeClient(store.subdomain);
  const list = useAsync(
    () => api.customers.list({ page, per_page: 25, ...(search === "" ? {} : { search }) }),
    [store.subdomain, page, search],
  );
  return (
    <>
      <PageHeader title="Customers" />
      <TextInput
        label="Search customers"
        placeholder="Email or name"
        maw={320}
        mb="sm"
        value={search}
        onChange={(e) => {
          setSearch(e.currentTarget.value);
          setPage(1);
        }}
      />
      <ErrorAlert error={list.error} />
      <DataTable
        caption={`Customers (${list.data?.meta.total.toLocaleString() ?? "…"})`}
        rows={list.data?.data}
        rowKey={(c) => c.id}
        columns={[
          { header: "Email", cell: (c) => c.email },
          { header: "Name", cell: (c) => c.username ?? "—" },
          { header: "Orders", cell: (c) => c.total_orders },
          { header: "Spent", cell: (c) => money(c.total_spent, store.currency) },
          { header: "Last order", cell: (c) => date(c.last_order_at) },
          { header: "Joined", cell: (c) => date(c.created_at) },
        ]}
        page={{ current: page, last: list.data?.meta.last_page ?? 1, onChange: setPage }}
      />
    </>
  );
}
