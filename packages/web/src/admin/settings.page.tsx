// Store settings: the store's facts and the checkout's tax.
import { Button, Card, NumberInput, Stack, Switch, Text, Title } from "@mantine/core";
import { useEffect, useState, type SyntheticEvent } from "react";
import { storeClient } from "../api/store-client";
import { ErrorAlert } from "../app/error-alert";
import { PageHeader } from "../app/page-header";
import { useAsync } from "../app/use-async";
import type { AdminStore } from "./admin-store";

export default function SettingsPage({ store }: { store: AdminStore }) {
  const api = storeClient(store.subdomain);
  const checkout = useAsync(
    async () => (await api.call("GET /settings/checkout", {})).data,
    [store.subdomain],
  );
  const [rate, setRate] = useState<string | number>(0);
  const [inclusive, setInclusive] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    if (!checkout.data) return;
    setRate(checkout.data.tax_rate);
    setInclusive(checkout.data.tax_inclusive);
  }, [checkout.data]);
  const save = (e: SyntheticEvent) => {
    e.preventDefault();
    setSaved(false);
    setError(undefined);
    api
      .call("PUT /settings/checkout", { body: { tax_rate: String(rate), tax_inclusive: inclusive } })
      .then(() => setSaved(true))
      .catch(setError);
  };
  return (
    <>
      <PageHeader title="Settings" />
      <Stack maw={520}>
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            Store
          </Title>
          <Text>Name: {store.name}</Text>
          <Text>Address: {store.subdomain}</Text>
          <Text>Currency: {store.currency}</Text>
        </Card>
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            Checkout tax
          </Title>
          <ErrorAlert error={checkout.error ?? error} />
          <form onSubmit={save} aria-label="Checkout tax">
            <Stack>
              <NumberInput
                label="Tax rate (%)"
                min={0}
                max={100}
                decimalScale={3}
                value={rate}
                onChange={setRate}
                disabled={store.role !== "owner"}
              />
              <Switch
                label="Prices include tax"
                checked={inclusive}
                onChange={(e) => setInclusive(e.currentTarget.checked)}
                disabled={store.role !== "owner"}
              />
              {store.role === "owner" && <Button type="submit">Save</Button>}
              {saved && (
                <Text c="green" role="status">
                  Saved.
                </Text>
              )}
            </Stack>
          </form>
        </Card>
      </Stack>
    </>
  );
}
