// Categories: the list and a form to add one.
import { Button, Group, Stack, TextInput } from "@mantine/core";
import { useState, type SyntheticEvent } from "react";
import { storeClient } from "../api/store-client";
import { DataTable } from "../app/data-table";
import { ErrorAlert } from "../app/error-alert";
import { PageHeader } from "../app/page-header";
import { useAsync } from "../app/use-async";
import { canWrite, type AdminStore } from "./admin-store";

export default function CategoriesPage({ store }: { store: AdminStore }) {
  const api = storeClient(store.subdomain);
  const list = useAsync(() => api.categories.list({ per_page: 100 }), [store.subdomain]);
  const [name, setName] = useState("");
  const [error, setError] = useState<unknown>();
  const add = (e: SyntheticEvent) => {
    e.preventDefault();
    setError(undefined);
    api.categories
      .create({ name })
      .then(() => {
        setName("");
        list.reload();
      })
      .catch(setError);
  };
  return (
    <>
      <PageHeader title="Categories" />
      <ErrorAlert error={list.error ?? error} />
      {canWrite(store) && (
        <form onSubmit={add} aria-label="New category">
          <Group align="flex-end" mb="md">
            <TextInput
              label="New category"
              required
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
            />
            <Button type="submit">Add</Button>
          </Group>
        </form>
      )}
      <Stack>
        <DataTable
          caption="Categories of the store"
          rows={list.data?.data}
          rowKey={(c) => c.id}
          columns={[
            { header: "Name", cell: (c) => c.name },
            { header: "Slug", cell: (c) => c.slug },
            {
              header: "",
              cell: (c) =>
                canWrite(store) ? (
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    color="red"
                    onClick={() => void api.categories.delete(c.id).then(list.reload, setError)}
                  >
                    Delete
                  </Button>
                ) : null,
            },
          ]}
        />
      </Stack>
    </>
  );
}
