// The storefront's frame: the store's name, a link to the basket with its item count.
import { Anchor, Badge, Container, Group, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { Link } from "../app/router";

export function ShopLayout({
  subdomain,
  items,
  children,
}: {
  subdomain: string;
  items: number;
  children: ReactNode;
}) {
  const base = `/shop/${encodeURIComponent(subdomain)}`;
  return (
    <>
      <header>
        <Container size="lg" py="sm">
          <Group justify="space-between" wrap="nowrap">
            <Title order={2} size="h3">
              <Anchor component={Link} href={base} c="inherit" underline="never">
                {subdomain}
              </Anchor>
            </Title>
            <Anchor
              component={Link}
              href={`${base}/basket`}
              aria-label={`Basket, ${items} item${items === 1 ? "" : "s"}`}
            >
              Basket <Badge ml={4}>{items}</Badge>
            </Anchor>
          </Group>
        </Container>
      </header>
      <Container size="lg" component="main" pb="xl">
        {children}
      </Container>
    </>
  );
}
