// One product: edit its fields, add and remove images.
import {
  ActionIcon,
  Button,
  Card,
  FileButton,
  Group,
  Image,
  NumberInput,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useEffect, useState, type SyntheticEvent } from "react";
import { storeClient } from "../api/store-client";
import { ErrorAlert } from "../app/error-alert";
import { PageHeader } from "../app/page-header";
import { navigate } from "../app/router";
import { useAsync } from "../app/use-async";
import { canWrite, type AdminStore } from "./admin-store";

export default function ProductDetailPage({ store, id }: { store: AdminStore; id: number }) {
  const api = storeClient(store.subdomain);
  const product = useAsync(() => api.products.get(id), [store.subdomain, id]);
  const [name, setName] = useState("");
  const [price, setPrice] = useState<string | number>("");
  const [description, setDescription] = useState("");
  const [active, setActive] = useState(true);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const p = product.data;
  useEffect(() => {
    if (!p) return;
    setName(p.name);
    setPrice(p.price);
    setDescription(p.description);
    setActive(p.is_active);
  }, [p]);
  const writable = canWrite(store);

  const run = (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    work()
      .then(() => product.reload())
      .catch(setError)
      .finally(() => setBusy(false));
  };
  const save = (e: SyntheticEvent) => {
    e.preventDefault();
    run(() => api.products.patch(id, { name, price: String(price), description, is_active: active }));
  };

  return (
    <>
      <PageHeader title={p?.name ?? "Product"}>
        {writable && (
          <Button
            color="red"
            variant="light"
            onClick={() => {
              if (window.confirm("Delete this product?"))
                void api.products
                  .delete(id)
                  .then(() => navigate(`/admin/${store.subdomain}/products`), setError);
            }}
          >
            Delete
          </Button>
        )}
      </PageHeader>
      <ErrorAlert error={product.error ?? error} />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <form onSubmit={save} aria-label="Product details">
            <Stack>
              <TextInput
                label="Name"
                required
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                disabled={!writable}
              />
              <NumberInput
                label="Price"
                min={0}
                decimalScale={2}
                value={price}
                onChange={setPrice}
                disabled={!writable}
              />
              <Textarea
                label="Description"
                autosize
                minRows={3}
                value={description}
                onChange={(e) => setDescription(e.currentTarget.value)}
                disabled={!writable}
              />
              <Switch
                label="On sale"
                checked={active}
                onChange={(e) => setActive(e.currentTarget.checked)}
                disabled={!writable}
              />
              {writable && (
                <Button type="submit" loading={busy}>
                  Save
                </Button>
              )}
            </Stack>
          </form>
        </Card>
        <Card withBorder>
          <Group justify="space-between" mb="sm">
            <Text fw={600}>Images</Text>
            {writable && (
              <FileButton
                accept="image/png,image/jpeg,image/webp,image/gif"
                onChange={(f) => f && run(() => api.products.uploadImage(id, f))}
              >
                {(props) => (
                  <Button {...props} size="xs" loading={busy}>
                    Add image
                  </Button>
                )}
              </FileButton>
            )}
          </Group>
          <SimpleGrid cols={3}>
            {(p?.images ?? []).map((img, i) => (
              <Stack key={img.url} gap={4} align="center">
                <Image src={img.url} alt={`Image ${i + 1} of ${p?.name ?? ""}`} h={96} fit="contain" />
                {writable && img.id !== undefined && (
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={`Remove image ${i + 1}`}
                    onClick={() => {
                      const imageId = img.id;
                      if (imageId !== undefined) run(() => api.products.deleteImage(id, imageId));
                    }}
                  >
                    ×
                  </ActionIcon>
                )}
              </Stack>
            ))}
          </SimpleGrid>
          {p?.images.length === 0 && <Text c="dimmed">No images yet.</Text>}
        </Card>
      </SimpleGrid>
    </>
  );
}
