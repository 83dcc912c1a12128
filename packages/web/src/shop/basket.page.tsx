// The basket: quantities, coupon and gift card codes, the player's identity, and placing the order.
import {
  Button,
  Card,
  Divider,
  Group,
  NumberInput,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useEffect, useMemo, useState, type SyntheticEvent } from "react";
import { ErrorAlert } from "../app/error-alert";
import { money } from "../app/format";
import { navigate } from "../app/router";
import { checkoutApi, type Identity } from "./checkout-api";
import type { BasketState } from "./use-basket";

function CodeForm({ label, onApply }: { label: string; onApply: (code: string) => Promise<unknown> }) {
  const [code, setCode] = useState("");
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    void onApply(code.trim()).then(() => setCode(""));
  };
  return (
    <form onSubmit={submit} aria-label={label}>
      <Group align="flex-end" gap="xs" wrap="nowrap">
        <TextInput
          label={label}
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          maxLength={64}
          style={{ flex: 1 }}
        />
        <Button type="submit" variant="light" disabled={code.trim() === ""}>
          Apply
        </Button>
      </Group>
    </form>
  );
}

export function BasketPage({ subdomain, basket }: { subdomain: string; basket: BasketState }) {
  const api = useMemo(() => checkoutApi(subdomain), [subdomain]);
  const b = basket.basket;
  const [identity, setIdentity] = useState<Identity>({});
  useEffect(() => {
    if (!b) return;
    setIdentity((i) => ({ email: i.email ?? b.email ?? "", username: i.username ?? b.username ?? "" }));
  }, [b]);
  const currency = b?.currency ?? "USD";

  const placeOrder = (e: SyntheticEvent) => {
    e.preventDefault();
    void (async () => {
      const filled = Object.fromEntries(Object.entries(identity).filter(([, v]) => v !== ""));
      if (!(await basket.change((t) => api.setIdentity(t, filled)))) return;
      const placed = await basket.change(async (t) => {
        const result = await api.checkout(t);
        const pay = result.payment?.redirect_url;
        const query = pay === undefined ? "" : `?pay=${encodeURIComponent(pay)}`;
        navigate(`/shop/${encodeURIComponent(subdomain)}/orders/${encodeURIComponent(t)}${query}`);
        return api.basket(t);
      });
      if (placed) basket.reset();
    })();
  };

  if (!b || b.items.length === 0)
    return (
      <>
        <Title order={1} size="h2" my="md">
          Basket
        </Title>
        <ErrorAlert error={basket.error} />
        <Text>Your basket is empty.</Text>
      </>
    );
  return (
    <>
      <Title order={1} size="h2" my="md">
        Basket
      </Title>
      <ErrorAlert error={basket.error} />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Table.ScrollContainer minWidth={300}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Product</Table.Th>
                  <Table.Th>Quantity</Table.Th>
                  <Table.Th>Total</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {b.items.map((item) => (
                  <Table.Tr key={item.product_id}>
                    <Table.Td>{item.name}</Table.Td>
                    <Table.Td>
                      <NumberInput
                        aria-label={`Quantity of ${item.name}`}
                        min={0}
                        max={100}
                        w={80}
                        value={item.quantity}
                        onChange={(v) =>
                          void basket.change((t) => api.setQuantity(t, item.product_id, Number(v)))
                        }
                      />
                    </Table.Td>
                    <Table.Td>{money(item.line_total, currency)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Stack gap={2} mt="md">
            <Text>Subtotal {money(b.subtotal, currency)}</Text>
            {b.coupon && (
              <Group gap="xs">
                <Text>
                  Coupon {b.coupon.code}: −{money(b.coupon.discount, currency)}
                </Text>
                <Button
                  size="compact-xs"
                  variant="subtle"
                  onClick={() => void basket.change((t) => api.removeCoupon(t))}
                >
                  Remove
                </Button>
              </Group>
            )}
            {b.gift_cards.map((g) => (
              <Text key={g.code}>
                Gift card {g.code}: −{money(g.amount, currency)}
              </Text>
            ))}
            <Text>Tax {money(b.tax, currency)}</Text>
            <Text fw={700} aria-live="polite">
              To pay {money(b.amount_due, currency)}
            </Text>
          </Stack>
          <Divider my="md" />
          <Stack>
            <CodeForm
              label="Coupon code"
              onApply={(code) => basket.change((t) => api.applyCoupon(t, code))}
            />
            <CodeForm
              label="Gift card code"
              onApply={(code) => basket.change((t) => api.addGiftCard(t, code))}
            />
          </Stack>
        </Card>
        <Card withBorder>
          <form onSubmit={placeOrder} aria-label="Checkout">
            <Stack>
              <Title order={2} size="h4">
                Your details
              </Title>
              <TextInput
                label="Email"
                type="email"
                required
                autoComplete="email"
                value={identity.email ?? ""}
                onChange={(e) => setIdentity({ ...identity, email: e.currentTarget.value })}
              />
              <TextInput
                label="Player name"
                description="Letters, numbers, _ . - (as in the game)"
                maxLength={32}
                value={identity.username ?? ""}
                onChange={(e) => setIdentity({ ...identity, username: e.currentTarget.value })}
              />
              <TextInput
                label="Minecraft UUID"
                value={identity.minecraft_uuid ?? ""}
                onChange={(e) => setIdentity({ ...identity, minecraft_uuid: e.currentTarget.value })}
              />
              <TextInput
                label="SteamID64"
                inputMode="numeric"
                value={identity.steam_id ?? ""}
                onChange={(e) => setIdentity({ ...identity, steam_id: e.currentTarget.value })}
              />
              <TextInput
                label="Discord user id"
                inputMode="numeric"
                value={identity.discord_id ?? ""}
                onChange={(e) => setIdentity({ ...identity, discord_id: e.currentTarget.value })}
              />
              <Button type="submit" loading={basket.busy}>
                Place order
              </Button>
            </Stack>
          </form>
        </Card>
      </SimpleGrid>
    </>
  );
}
