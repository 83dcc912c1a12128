// The studio's frame: navigation, the signed-in contact, sign out; the sign-in form when signed out.
import { Anchor, Button, Container, Group, Text, Title } from "@mantine/core";
import { Fragment, type ReactNode } from "react";
import { setStudioCredentials, useStudioCredentials } from "../api/credentials";
import { Link, useLocation } from "../app/router";
import { StudioSignIn } from "./studio-sign-in";

const NAV = [
  { href: "/studio", label: "Images" },
  { href: "/studio/upload", label: "Upload" },
  { href: "/studio/templates", label: "Templates" },
  { href: "/studio/billing", label: "Billing" },
];

/**
 * Mounts `children` only with studio credentials (the sign-in form otherwise), keyed by the contact: a
 * screen's data hooks then always run signed in, and signing in as someone else starts it afresh.
 */
export function RequireStudio({ children }: { children: ReactNode }) {
  const credentials = useStudioCredentials();
  if (!credentials) return <StudioSignIn />;
  return <Fragment key={credentials.contactEmail}>{children}</Fragment>;
}

export function StudioLayout({ title, children }: { title: string; children: ReactNode }) {
  const credentials = useStudioCredentials();
  const location = useLocation().split("?")[0];
  if (!credentials) return <StudioSignIn />;
  return (
    <>
      <header style={{ borderBottom: "1px solid var(--mantine-color-gray-3)" }}>
        <Container size="lg" py="sm">
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Group gap="md" wrap="wrap" component="nav" aria-label="Studio">
              <Text fw={700}>Pixl Studio</Text>
              {NAV.map((n) => (
                <Anchor
                  key={n.href}
                  component={Link}
                  href={n.href}
                  aria-current={location === n.href ? "page" : undefined}
                  fw={location === n.href ? 700 : 400}
                >
                  {n.label}
                </Anchor>
              ))}
            </Group>
            <Group gap="xs" wrap="wrap">
              <Text size="sm" c="gray.8">
                {credentials.contactEmail}
              </Text>
              <Button size="xs" variant="default" onClick={() => setStudioCredentials(undefined)}>
                Sign out
              </Button>
            </Group>
          </Group>
        </Container>
      </header>
      <Container size="lg" py="md" component="main">
        <Title order={1} mb="md">
          {title}
        </Title>
        {children}
      </Container>
    </>
  );
}
