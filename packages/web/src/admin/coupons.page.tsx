// Coupons: the list with usage, and a form to add one.
import { Button, Group, NumberInput, Select, TextInput } from "@mantine/core";
import { useState, type SyntheticEvent } from "react";
import { storeClient } from "../api/store-client";
import { DataTable } from "../app/data-table";
import { ErrorAlert } from "../app/error-alert";
import { PageHeader } from "../app/page-header";
import { useAsync } from "../app/use-async";
import { canWrite, type AdminStore } from "./admin-store";
import { StatusBadge } from "./status-badge";

type CouponType = "percentage" | "fixed_amount" | "free_shipping";

export default function CouponsPage({ store }: { store: AdminStore }) {
  const api = storeClient(store.subdomain);
  const [page, setPage] = useState(1);
  const list = useAsync(() => api.coupons.list({ page, per_page: 25 }), [store.subdomain, page]);
  const [code, setCode] = useState("");
  const [type, setType] = useState<CouponType>("percentage");
  const [value, setValue] = useState<string | number>(10);
  const [error, setError] = useState<unknown>();
  const add = (e: SyntheticEvent) => {
    e.preventDefault();
    setError(undefined);
    api.coupons
      .create({ code, type, value: String(value) })
      .then(() => {
        setCode("");
        list.reload();
      })
      .catch(setError);
  };
  return (
    <>
      <PageHeader title="Coupons" />
      <ErrorAlert error={list.error ?? error} />
      {canWrite(store) && (
        <form onSubmit={add} aria-label="New coupon">
          <Group align="flex-end" mb="md" wrap="wrap">
            <TextInput label="Code" required value={code} onChange={(e) => setCode(e.currentTarget.value)} />
            <Select
              label="Type"
              value={type}
              onChange={(v) => setType(v ?? "percentage")}
              allowDeselect={false}
              data={[
                { value: "percentage", label: "Percentage" },
                { value: "fixed_amount", label: "Fixed amount" },
                { value: "free_shipping", label: "Free shipping" },
              ]}
            />
            <NumberInput label="Value" min={0} decimalScale={2} value={value} onChange={setValue} w={120} />
            <Button type="submit">Add coupon</Button>
          </Group>
        </form>
      )}
      <DataTable
        caption="Coupons of the store"
        rows={list.data?.data}
        rowKey={(c) => c.id}
        columns={[
          { header: "Code", cell: (c) => c.code },
          { header: "Type", cell: (c) => c.type.replace("_", " ") },
          { header: "Value", cell: (c) => (c.type === "percentage" ? `${c.value}%` : c.value) },
          {
            header: "Used",
            cell: (c) => `${c.times_used}${c.usage_limit === null ? "" : ` / ${c.usage_limit}`}`,
          },
          { header: "Status", cell: (c) => <StatusBadge status={c.is_active ? "active" : "cancelled"} /> },
        ]}
        page={{ current: page, last: list.data?.meta.last_page ?? 1, onChange: setPage }}
      />
    </>
  );
}
