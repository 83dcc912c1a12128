// The order confirmation: pay on the hosted page if still due, then watch payment and deliveries progress.
import { Alert, Badge, Button, Card, List, Loader, Stack, Text, Title } from "@mantine/core";
import { useEffect, useMemo, useState } from "react";
import { ApiError } from "../api/console-api";
import { ErrorAlert } from "../app/error-alert";
import { money } from "../app/format";
import { useQuery } from "../app/router";
import { checkoutApi, type ShopOrder } from "./checkout-api";

const POLL_MS = 2000;

/** Only http(s) payment links are shown (a crafted ?pay=javascript:… must not become a link). */
function safePayUrl(raw: string | null): string | undefined {
  if (raw === null) return undefined;
  try {
    const u = new URL(raw, window.location.origin);
    return u.protocol === "https:" || u.protocol === "http:" ? u.href : undefined;
  } catch {
    return undefined;
  }
}

function isSettled(o: ShopOrder): boolean {
  if (o.status === "completed" || o.status === "refunded" || o.status === "cancelled") return true;
  return (
    o.payment_status === "paid" &&
    o.items.every((i) => i.delivery_status === "delivered" || i.delivery_status === "none")
  );
}

export function OrderPage({ subdomain, token }: { subdomain: string; token: string }) {
  const api = useMemo(() => checkoutApi(subdomain), [subdomain]);
  const pay = safePayUrl(useQuery().get("pay"));
  const [order, setOrder] = useState<ShopOrder | undefined>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    document.title = "Your order · Store";
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = () => {
      api.order(token).then(
        (o) => {
          if (stop) return;
          setOrder(o);
          setError(undefined);
          if (!isSettled(o)) timer = setTimeout(poll, POLL_MS);
        },
        (e: unknown) => {
          if (stop) return;
          setError(
            e instanceof ApiError && e.status === 404
              ? new Error("No order was placed with this basket.")
              : e,
          );
          if (!(e instanceof ApiError && e.status === 404)) timer = setTimeout(poll, POLL_MS * 2);
        },
      );
    };
    poll();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [api, token]);

  return (
    <Stack my="md">
      <Title order={1} size="h2">
        {order ? `Order ${order.order_number}` : "Your order"}
      </Title>
      <ErrorAlert error={error} />
      {order && order.payment_status === "pending" && pay && (
        <Alert color="blue" title="Payment due">
          <Text mb="sm">
            Pay {money(order.total, order.currency)} on the secure payment page; this page updates by itself.
          </Text>
          <Button component="a" href={pay} target="_blank" rel="noopener">
            Pay now
          </Button>
        </Alert>
      )}
      {order && (
        <Card withBorder>
          <Text>
            Payment: <Badge>{order.payment_status}</Badge> · Order: <Badge>{order.status}</Badge>
          </Text>
          <Title order={2} size="h4" mt="md" mb="xs">
            Delivery
          </Title>
          <List spacing="xs" aria-live="polite">
            {order.items.map((i) => (
              <List.Item key={i.id}>
                {i.quantity} × {i.product_name}: <Badge variant="dot">{i.delivery_status}</Badge>
              </List.Item>
            ))}
          </List>
          {!isSettled(order) && order.payment_status === "paid" && (
            <Text c="dimmed" mt="sm">
              <Loader size="xs" mr="xs" /> Delivering…
            </Text>
          )}
          {order.status === "completed" && (
            <Text c="green" mt="sm" role="status">
              Thank you! Your order is complete.
            </Text>
          )}
        </Card>
      )}
    </Stack>
  );
}
