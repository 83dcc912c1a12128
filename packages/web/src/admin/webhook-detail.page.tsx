// One webhook: its deliveries, each one's attempts (request and response), test and redeliver buttons.
import { Accordion, Button, Code, Group, ScrollArea, Stack, Text } from "@mantine/core";
import { useState } from "react";
import type { WebhookDeliveryDetail } from "@pixl/sdk";
import { storeClient } from "../api/store-client";
import { ErrorAlert } from "../app/error-alert";
import { dateTime } from "../app/format";
import { PageHeader } from "../app/page-header";
import { useAsync } from "../app/use-async";
import { canWrite, type AdminStore } from "./admin-store";
import { StatusBadge } from "./status-badge";

function Attempts({ detail }: { detail: WebhookDeliveryDetail }) {
  return (
    <Stack gap="xs">
      <Text size="sm" fw={600}>
        Request body
      </Text>
      <ScrollArea.Autosize mah={200}>
        <Code block>{detail.request_body}</Code>
      </ScrollArea.Autosize>
      {detail.attempt_log.map((a) => (
        <Stack key={a.attempt} gap={2}>
          <Text size="sm" fw={600}>
            Attempt {a.attempt} · {dateTime(a.started_at)} · {a.duration_ms} ms · {a.outcome}
            {a.response_status === null ? "" : ` · HTTP ${a.response_status}`}
          </Text>
          <Code block>
            {Object.entries(a.request_headers)
              .map(([k, v]) => `${k}: ${v}`)
              .join("\n")}
          </Code>
          {a.error !== null && (
            <Text c="red" size="sm">
              {a.error}
            </Text>
          )}
          {a.response_body !== null && (
            <ScrollArea.Autosize mah={160}>
              <Code block>{a.response_body}</Code>
            </ScrollArea.Autosize>
          )}
        </Stack>
      ))}
    </Stack>
  );
}

export default function WebhookDetailPage({ store, id }: { store: AdminStore; id: number }) {
  const api = storeClient(store.subdomain);
  const hook = useAsync(() => api.webhooks.get(id), [store.subdomain, id]);
  const deliveries = useAsync(() => api.webhooks.deliveries(id, { per_page: 50 }), [store.subdomain, id]);
  const [open, setOpen] = useState<string | null>(null);
  const detail = useAsync(
    () => (open === null ? Promise.resolve(undefined) : api.webhooks.getDelivery(id, open)),
    [store.subdomain, id, open],
  );
  const [error, setError] = useState<unknown>();
  const act = (work: () => Promise<unknown>) => {
    setError(undefined);
    work()
      .then(() => {
        deliveries.reload();
        detail.reload();
      })
      .catch(setError);
  };
  return (
    <>
      <PageHeader title={hook.data?.url ?? "Webhook"}>
        {canWrite(store) && <Button onClick={() => act(() => api.webhooks.test(id))}>Send test event</Button>}
      </PageHeader>
      <ErrorAlert error={hook.error ?? deliveries.error ?? error} />
      {deliveries.data?.data.length === 0 && <Text c="dimmed">No deliveries yet.</Text>}
      <Accordion value={open} onChange={setOpen}>
        {(deliveries.data?.data ?? []).map((d) => (
          <Accordion.Item key={d.id} value={d.id}>
            <Accordion.Control>
              <Group gap="xs" wrap="wrap">
                <StatusBadge status={d.status} />
                <Text size="sm">{d.event_type}</Text>
                <Text size="sm" c="dimmed">
                  {dateTime(d.created_at)} · {d.attempts} attempt{d.attempts === 1 ? "" : "s"}
                </Text>
              </Group>
            </Accordion.Control>
            <Accordion.Panel>
              {canWrite(store) && (
                <Button size="xs" mb="sm" onClick={() => act(() => api.webhooks.redeliver(id, d.id))}>
                  Redeliver
                </Button>
              )}
              {detail.data?.id === d.id && <Attempts detail={detail.data} />}
            </Accordion.Panel>
          </Accordion.Item>
        ))}
      </Accordion>
    </>
  );
}
