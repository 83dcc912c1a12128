// A secret or link the server shows only once: a labelled, selectable value with a copy button.
import { Alert, Button, Code, CopyButton, Group, Stack, Text } from "@mantine/core";

export interface ShownOnceItem {
  label: string;
  value: string;
}

export function ShownOnce({
  title,
  items,
  note,
  onClose,
}: {
  title: string;
  items: readonly ShownOnceItem[];
  note?: string;
  onClose: () => void;
}) {
  return (
    <Alert color="green" title={title} withCloseButton closeButtonLabel="Dismiss" onClose={onClose} mb="md">
      <Stack gap="xs">
        {note !== undefined && <Text size="sm">{note}</Text>}
        {items.map((item) => (
          <Stack key={item.label} gap={2}>
            <Text size="sm" fw={500}>
              {item.label}
            </Text>
            <Group gap="xs" wrap="nowrap" align="flex-start">
              <Code style={{ wordBreak: "break-all" }} data-testid={item.label}>
                {item.value}
              </Code>
              <CopyButton value={item.value}>
                {({ copied, copy }) => (
                  <Button size="compact-xs" variant="light" onClick={copy} aria-label={`Copy ${item.label}`}>
                    {copied ? "Copied" : "Copy"}
                  </Button>
                )}
              </CopyButton>
            </Group>
          </Stack>
        ))}
      </Stack>
    </Alert>
  );
}
