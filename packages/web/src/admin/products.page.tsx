// Products: the list, and a form to create one with its first image.
import {
  Button,
  FileInput,
  Group,
  Image,
  Modal,
  NumberInput,
  Select,
  Stack,
  Switch,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useState, type SyntheticEvent } from "react";
import { storeClient } from "../api/store-client";
import { DataTable } from "../app/data-table";
import { ErrorAlert } from "../app/error-alert";
import { money } from "../app/format";
import { PageHeader } from "../app/page-header";
import { Link } from "../app/router";
import { useAsync } from "../app/use-async";
import type { AdminStore } from "./admin-store";
import { StatusBadge } from "./status-badge";

type ProductType = "digital" | "subscription" | "physical";

function NewProductForm({ subdomain, onDone }: { subdomain: string; onDone: () => void }) {
  const api = storeClient(subdomain);
  const categories = useAsync(() => api.categories.list({ per_page: 100 }), [subdomain]);
  const [name, setName] = useState("");
  const [price, setPrice] = useState<string | number>("");
  const [type, setType] = useState<ProductType>("digital");
  const [category, setCategory] = useState<string | null>(null);
  const [description, setDescription] = useState("");
  const [active, setActive] = useState(true);
  const [image, setImage] = useState<File | null>(null);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    (async () => {
      const product = await api.products.create({
        name,
        price: String(price),
        type,
        description,
        is_active: active,
        ...(category === null ? {} : { category_id: Number(category) }),
      });
      if (image) await api.products.uploadImage(product.id, image, { is_primary: true });
      onDone();
    })()
      .catch(setError)
      .finally(() => setBusy(false));
  };

  return (
    <form onSubmit={submit} aria-label="New product">
      <Stack>
        <ErrorAlert error={error} title="The product was not saved" />
        <TextInput
          label="Name"
          required
          maxLength={255}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <Group grow align="flex-start">
          <NumberInput label="Price" required min={0} decimalScale={2} value={price} onChange={setPrice} />
          <Select
            label="Type"
            value={type}
            onChange={(v) => setType(v ?? "digital")}
            data={["digital", "physical", "subscription"]}
            allowDeselect={false}
          />
        </Group>
        <Select
          label="Category"
          placeholder="None"
          clearable
          value={category}
          onChange={setCategory}
          data={(categories.data?.data ?? []).map((c) => ({ value: String(c.id), label: c.name }))}
        />
        <Textarea
          label="Description"
          autosize
          minRows={2}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
        />
        <FileInput
          label="Image"
          placeholder="PNG, JPEG, WebP or GIF"
          accept="image/png,image/jpeg,image/webp,image/gif"
          value={image}
          onChange={setImage}
          clearable
        />
        <Switch label="On sale" checked={active} onChange={(e) => setActive(e.currentTarget.checked)} />
        <Button type="submit" loading={busy}>
          Create product
        </Button>
      </Stack>
    </form>
  );
}

export default function ProductsPage({ store }: { store: AdminStore }) {
  const { subdomain, currency } = store;
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState("");
  const [creating, setCreating] = useState(false);
  const api = storeClient(subdomain);
  const list = useAsync(
    () => api.products.list({ page, per_page: 20, search: search || undefined }),
    [subdomain, page, search],
  );
  return (
    <>
      <PageHeader title="Products">
        <Button onClick={() => setCreating(true)}>New product</Button>
      </PageHeader>
      <TextInput
        label="Search products"
        placeholder="Name"
        mb="sm"
        maw={320}
        value={search}
        onChange={(e) => {
          setSearch(e.currentTarget.value);
          setPage(1);
        }}
      />
      <ErrorAlert error={list.error} />
      <DataTable
        caption="Products of the store"
        rows={list.data?.data}
        rowKey={(p) => p.id}
        columns={[
          {
            header: "Image",
            cell: (p) =>
              p.images[0] ? (
                <Image src={p.images[0].url} alt="" w={40} h={40} fit="cover" radius="sm" />
              ) : null,
          },
          {
            header: "Name",
            cell: (p) => <Link href={`/admin/${subdomain}/products/${p.id}`}>{p.name}</Link>,
          },
          { header: "Price", cell: (p) => money(p.price, currency) },
          { header: "Type", cell: (p) => p.type },
          { header: "Category", cell: (p) => p.category?.name ?? "—" },
          {
            header: "Status",
            cell: (p) => <StatusBadge status={p.is_active ? "on sale" : "hidden"} />,
          },
        ]}
        empty="No products yet: create the first one."
        page={{ current: page, last: list.data?.meta.last_page ?? 1, onChange: setPage }}
      />
      <Modal opened={creating} onClose={() => setCreating(false)} title="New product" size="lg">
        <NewProductForm
          subdomain={subdomain}
          onDone={() => {
            setCreating(false);
            list.reload();
          }}
        />
      </Modal>
    </>
  );
}
