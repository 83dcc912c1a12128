// Webhooks: endpoints, their secret (shown once), and each one's deliveries.
import { Alert, Button, Checkbox, Code, Group, SimpleGrid, Stack, TextInput } from "@mantine/core";
import { useState, type SyntheticEvent } from "react";
import { storeClient } from "../api/store-client";
import { DataTable } from "../app/data-table";
import { ErrorAlert } from "../app/error-alert";
import { PageHeader } from "../app/page-header";
import { Link } from "../app/router";
import { useAsync } from "../app/use-async";
import { canWrite, type AdminStore } from "./admin-store";
import { StatusBadge } from "./status-badge";

const EVENTS = [
  "order.received",
  "order.refunded",
  "payment.failed",
  "subscription.created",
  "subscription.renewed",
  "subscription.cancelled",
  "subscription.payment_failed",
  "customer.created",
  "delivery.completed",
  "delivery.failed",
] as const;
type Event = (typeof EVENTS)[number];

export default function WebhooksPage({ store }: { store: AdminStore }) {
  const api = storeClient(store.subdomain);
  const list = useAsync(() => api.webhooks.list(), [store.subdomain]);
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<Event[]>(["order.received"]);
  const [secret, setSecret] = useState<string | undefined>();
  const [error, setError] = useState<unknown>();
  const add = (e: SyntheticEvent) => {
    e.preventDefault();
    setError(undefined);
    api.webhooks
      .create({ url, events })
      .then((w) => {
        setSecret(w.secret);
        setUrl("");
        list.reload();
      })
      .catch(setError);
  };
  return (
    <>
      <PageHeader title="Webhooks" />
      <ErrorAlert error={list.error ?? error} />
      {secret !== undefined && (
        <Alert
          color="green"
          title="Signing secret (shown once)"
          withCloseButton
          onClose={() => setSecret(undefined)}
          mb="md"
        >
          <Code>{secret}</Code>
        </Alert>
      )}
      {canWrite(store) && (
        <form onSubmit={add} aria-label="New webhook">
          <Stack mb="md">
            <TextInput
              label="Endpoint URL"
              type="url"
              required
              placeholder="https://example.com/hooks/pixl"
              value={url}
              onChange={(e) => setUrl(e.currentTarget.value)}
            />
            <Checkbox.Group label="Events" value={events} onChange={(v) => setEvents(v)}>
              <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} mt="xs">
                {EVENTS.map((ev) => (
                  <Checkbox key={ev} value={ev} label={ev} />
                ))}
              </SimpleGrid>
            </Checkbox.Group>
            <Group>
              <Button type="submit">Add webhook</Button>
            </Group>
          </Stack>
        </form>
      )}
      <DataTable
        caption="Webhook endpoints"
        rows={list.data}
        rowKey={(w) => w.id}
        columns={[
          {
            header: "URL",
            cell: (w) => <Link href={`/admin/${store.subdomain}/webhooks/${w.id}`}>{w.url}</Link>,
          },
          { header: "Events", cell: (w) => w.events.join(", ") },
          {
            header: "Status",
            cell: (w) => <StatusBadge status={w.is_active ? "active" : (w.disabled_reason ?? "cancelled")} />,
          },
        ]}
      />
    </>
  );
}
