// One subscription: its product, customer and billing periods; cancel now or at the period's end.
import { Button, Card, Group, Modal, Radio, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { useState, type SyntheticEvent } from "react";
import { storeClient } from "../api/store-client";
import { ErrorAlert } from "../app/error-alert";
import { dateTime, money } from "../app/format";
import { PageHeader } from "../app/page-header";
import { Link } from "../app/router";
import { useAsync } from "../app/use-async";
import { canWrite, type AdminStore } from "./admin-store";
import { StatusBadge } from "./status-badge";

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text>{children}</Text>
    </div>
  );
}

export default function SubscriptionDetailPage({ store, id }: { store: AdminStore; id: number }) {
  const api = storeClient(store.subdomain);
  const sub = useAsync(() => api.subscriptions.get(id), [store.subdomain, id]);
  const [cancelling, setCancelling] = useState(false);
  const [when, setWhen] = useState<"now" | "period_end">("period_end");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<unknown>();
  const s = sub.data;
  const cancel = (e: SyntheticEvent) => {
    e.preventDefault();
    setError(undefined);
    api.subscriptions
      .cancel(id, { at_period_end: when === "period_end", ...(reason === "" ? {} : { reason }) })
      .then(() => {
        setCancelling(false);
        sub.reload();
      })
      .catch(setError);
  };
  const cancellable = s !== undefined && s.status !== "canceled" && canWrite(store);
  return (
    <>
      <PageHeader title={`Subscription #${id}`}>
        {cancellable && (
          <Button color="red" variant="light" onClick={() => setCancelling(true)}>
            Cancel subscription
          </Button>
        )}
      </PageHeader>
      <ErrorAlert error={sub.error ?? error} />
      <Text mb="md">
        <Link href={`/admin/${store.subdomain}/subscriptions`}>Back to subscriptions</Link>
      </Text>
      {s && (
        <Stack>
          <Card withBorder>
            <Group justify="space-between" mb="sm">
              <Title order={2} size="h4">
                {s.product.name}
              </Title>
              <StatusBadge status={s.status} />
            </Group>
            <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }}>
              <Fact label="Customer">{s.customer.username ?? s.customer.email}</Fact>
              <Fact label="Email">{s.customer.email}</Fact>
              <Fact label="Price">
                {money(s.product.price, s.product.currency)} every {s.interval_count} {s.interval}(s)
              </Fact>
              <Fact label="Current period">
                {dateTime(s.current_period_start)} – {dateTime(s.current_period_end)}
              </Fact>
              <Fact label="Trial ends">{dateTime(s.trial_ends_at)}</Fact>
              <Fact label="Started">{dateTime(s.created_at)}</Fact>
              <Fact label="Cancels at period end">{s.cancel_at_period_end ? "yes" : "no"}</Fact>
              <Fact label="Cancelled">{dateTime(s.canceled_at)}</Fact>
              <Fact label="Ended">{dateTime(s.ended_at)}</Fact>
              <Fact label="Cancellation reason">{s.cancellation_reason ?? "—"}</Fact>
              <Fact label="Gateway">{s.payment_gateway ?? "—"}</Fact>
            </SimpleGrid>
          </Card>
        </Stack>
      )}
      <Modal opened={cancelling} onClose={() => setCancelling(false)} title="Cancel subscription">
        <form onSubmit={cancel} aria-label="Cancel subscription">
          <Stack>
            <Radio.Group label="When" value={when} onChange={(v) => setWhen(v)}>
              <Stack gap="xs" mt="xs">
                <Radio
                  value="period_end"
                  label="At the end of the current period (access continues until then)"
                />
                <Radio value="now" label="Now (access ends at once)" />
              </Stack>
            </Radio.Group>
            <TextInput
              label="Reason"
              maxLength={500}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setCancelling(false)}>
                Keep it
              </Button>
              <Button type="submit" color="red">
                Cancel subscription
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
