// One order: items, customer, payment and refunds, deliveries; fulfil, refund and resend deliveries.
import {
  Button,
  Card,
  Group,
  Modal,
  NumberInput,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useState, type SyntheticEvent } from "react";
import { storeClient } from "../api/store-client";
import { ErrorAlert } from "../app/error-alert";
import { dateTime, money } from "../app/format";
import { PageHeader } from "../app/page-header";
import { useAsync } from "../app/use-async";
import { canWrite, type AdminStore } from "./admin-store";
import { StatusBadge } from "./status-badge";

interface Delivery {
  id: number;
  status: string;
  kind: string;
  command?: string;
  attempts?: number;
  last_error?: string | null;
  updated_at?: string;
}

export default function OrderDetailPage({ store, id }: { store: AdminStore; id: number }) {
  const api = storeClient(store.subdomain);
  const order = useAsync(() => api.orders.get(id), [store.subdomain, id]);
  const deliveries = useAsync(
    async () =>
      (
        (await api.call("GET /deliveries", { query: { order_id: id, per_page: 50 } })) as {
          data?: Delivery[];
        }
      ).data ?? [],
    [store.subdomain, id],
  );
  const [refunding, setRefunding] = useState(false);
  const [amount, setAmount] = useState<string | number>("");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<unknown>();
  const o = order.data;
  const writable = canWrite(store);
  const act = (work: () => Promise<unknown>) => {
    setError(undefined);
    work()
      .then(() => {
        order.reload();
        deliveries.reload();
      })
      .catch(setError);
  };
  const refund = (e: SyntheticEvent) => {
    e.preventDefault();
    act(async () => {
      await api.orders.refund(id, {
        ...(amount === "" ? {} : { amount: String(amount) }),
        reason: reason || null,
      });
      setRefunding(false);
    });
  };

  return (
    <>
      <PageHeader title={o ? `Order ${o.order_number}` : "Order"}>
        {writable && o && o.status !== "completed" && o.payment_status === "paid" && (
          <Button onClick={() => act(() => api.orders.fulfill(id))}>Mark fulfilled</Button>
        )}
        {writable && o?.payment_status === "paid" && (
          <Button color="grape" variant="light" onClick={() => setRefunding(true)}>
            Refund
          </Button>
        )}
      </PageHeader>
      <ErrorAlert error={order.error ?? error} />
      {o && (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Card withBorder>
            <Title order={2} size="h4" mb="xs">
              Summary
            </Title>
            <Stack gap={4}>
              <Group gap="xs">
                <StatusBadge status={o.status} /> <StatusBadge status={o.payment_status} />
              </Group>
              <Text>
                Customer: {o.customer.username ?? "—"} ({o.customer.email})
              </Text>
              <Text>Placed: {dateTime(o.created_at)}</Text>
              <Text>
                Subtotal {money(o.subtotal, o.currency)} · Discount {money(o.discount, o.currency)} · Tax{" "}
                {money(o.tax, o.currency)}
              </Text>
              <Text fw={700}>Total {money(o.total, o.currency)}</Text>
              {o.refunded_amount !== "0.00" && (
                <Text c="grape">Refunded {money(o.refunded_amount, o.currency)}</Text>
              )}
            </Stack>
          </Card>
          <Card withBorder>
            <Title order={2} size="h4" mb="xs">
              Items
            </Title>
            <Table.ScrollContainer minWidth={360}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Product</Table.Th>
                    <Table.Th>Qty</Table.Th>
                    <Table.Th>Price</Table.Th>
                    <Table.Th>Delivery</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {o.items.map((item) => (
                    <Table.Tr key={item.id}>
                      <Table.Td>{item.product_name}</Table.Td>
                      <Table.Td>{item.quantity}</Table.Td>
                      <Table.Td>{money(item.price, o.currency)}</Table.Td>
                      <Table.Td>
                        <StatusBadge status={item.delivery_status} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Card>
          <Card withBorder>
            <Title order={2} size="h4" mb="xs">
              Refunds
            </Title>
            {o.refunds.length === 0 ? (
              <Text c="dimmed">None.</Text>
            ) : (
              o.refunds.map((r) => (
                <Text key={r.id}>
                  {money(r.amount, o.currency)} on {dateTime(r.created_at)} {r.reason ? `(${r.reason})` : ""}
                </Text>
              ))
            )}
          </Card>
          <Card withBorder>
            <Title order={2} size="h4" mb="xs">
              Deliveries
            </Title>
            <ErrorAlert error={deliveries.error} />
            {(deliveries.data ?? []).length === 0 && <Text c="dimmed">No in-game deliveries.</Text>}
            {(deliveries.data ?? []).map((d) => (
              <Group key={d.id} justify="space-between" wrap="nowrap">
                <Text size="sm">
                  #{d.id} {d.kind} <StatusBadge status={d.status} /> {d.last_error ?? ""}
                </Text>
                {writable && d.status === "failed" && (
                  <Button
                    size="compact-xs"
                    onClick={() =>
                      act(() => api.call("POST /deliveries/{id}/resend", { path: { id: d.id } }))
                    }
                  >
                    Resend
                  </Button>
                )}
              </Group>
            ))}
          </Card>
        </SimpleGrid>
      )}
      <Modal opened={refunding} onClose={() => setRefunding(false)} title="Refund the order">
        <form onSubmit={refund} aria-label="Refund">
          <Stack>
            <NumberInput
              label="Amount (empty: everything left)"
              min={0}
              decimalScale={2}
              value={amount}
              onChange={setAmount}
            />
            <TextInput label="Reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
            <Button type="submit" color="grape">
              Refund
            </Button>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
