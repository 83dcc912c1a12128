// The API console's frame: which API, and the switch between test forms and the reference.
import { Anchor, Container, Group, SegmentedControl, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { Link, navigate } from "../app/router";
import { API_DOCUMENTS, type ApiName } from "./openapi-model";

export function ApiConsoleLayout({
  api,
  view,
  children,
}: {
  api: ApiName;
  view: "console" | "reference";
  children: ReactNode;
}) {
  const base = view === "console" ? "/api-console" : "/api-console/reference";
  return (
    <>
      <header style={{ borderBottom: "1px solid var(--mantine-color-gray-3)" }}>
        <Container size="xl" py="sm">
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Group gap="md" component="nav" aria-label="API console" wrap="wrap">
              <Text fw={700}>Pixl API</Text>
              <Anchor
                component={Link}
                href={`/api-console?api=${api}`}
                aria-current={view === "console" ? "page" : undefined}
              >
                Test forms
              </Anchor>
              <Anchor
                component={Link}
                href={`/api-console/reference?api=${api}`}
                aria-current={view === "reference" ? "page" : undefined}
              >
                Reference
              </Anchor>
            </Group>
            <SegmentedControl
              aria-label="API"
              value={api}
              onChange={(v) => navigate(`${base}?api=${v}`)}
              data={[
                { value: "studio", label: "Studio" },
                { value: "store", label: "Store" },
                { value: "editor", label: "Editor" },
              ]}
            />
          </Group>
        </Container>
      </header>
      <Container size="xl" py="md" component="main">
        <Title order={1} mb="md">
          {API_DOCUMENTS[api].title} {view === "console" ? "console" : "reference"}
        </Title>
        {children}
      </Container>
    </>
  );
}
