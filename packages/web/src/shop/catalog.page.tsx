// The store's products, filtered by category, each with an "Add to basket" button.
import { Button, Card, Chip, Group, Image, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useEffect, useMemo, useState } from "react";
import { ErrorAlert } from "../app/error-alert";
import { money } from "../app/format";
import { useAsync } from "../app/use-async";
import { checkoutApi } from "./checkout-api";
import type { BasketState } from "./use-basket";

export function CatalogPage({ subdomain, basket }: { subdomain: string; basket: BasketState }) {
  const api = useMemo(() => checkoutApi(subdomain), [subdomain]);
  const [category, setCategory] = useState<string>("");
  const categories = useAsync(() => api.categories(), [api]);
  const products = useAsync(() => api.products(category === "" ? undefined : category), [api, category]);
  const currency = basket.basket?.currency;
  useEffect(() => {
    document.title = `${subdomain} · Store`;
  }, [subdomain]);
  return (
    <>
      <Title order={1} size="h2" my="md">
        Products
      </Title>
      <Chip.Group value={category} onChange={(v) => setCategory(v)}>
        <Group gap="xs" mb="md" role="group" aria-label="Categories">
          <Chip value="">All</Chip>
          {(categories.data ?? []).map((c) => (
            <Chip key={c.id} value={c.slug}>
              {c.name}
            </Chip>
          ))}
        </Group>
      </Chip.Group>
      <ErrorAlert error={products.error ?? basket.error} />
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }}>
        {(products.data ?? []).map((p) => {
          const image = p.images.find((i) => i.is_primary) ?? p.images[0];
          return (
            <Card key={p.id} withBorder padding="md">
              {image && (
                <Card.Section>
                  <Image src={image.url} alt={p.name} h={160} fit="cover" />
                </Card.Section>
              )}
              <Stack gap={4} mt="sm">
                <Title order={2} size="h4">
                  {p.name}
                </Title>
                {p.description !== "" && (
                  <Text size="sm" c="dimmed" lineClamp={3}>
                    {p.description}
                  </Text>
                )}
                <Text fw={700}>{currency ? money(p.price, currency) : p.price}</Text>
                <Button
                  onClick={() => void basket.change((t) => api.addItem(t, p.id))}
                  loading={basket.busy}
                  aria-label={`Add to basket: ${p.name}`}
                >
                  Add to basket
                </Button>
              </Stack>
            </Card>
          );
        })}
      </SimpleGrid>
      {products.data?.length === 0 && <Text c="dimmed">No products here yet.</Text>}
    </>
  );
}
