// Store settings: the store's name, currency and time zone, and the checkout's tax (owners change them).
import { Button, Card, NumberInput, Select, Stack, Switch, Text, TextInput, Title } from "@mantine/core";
import { useEffect, useMemo, useState, type SyntheticEvent } from "react";
import { readSession } from "../api/console-api";
import { storeClient } from "../api/store-client";
import { ErrorAlert } from "../app/error-alert";
import { PageHeader } from "../app/page-header";
import { useSession } from "../app/session";
import { useAsync } from "../app/use-async";
import type { AdminStore } from "./admin-store";

/** The browser's lists (the server validates again, and keeps zones in their canonical spelling). */
function supported(kind: "currency" | "timeZone", current: string | undefined): string[] {
  let values: string[] = [];
  try {
    values = Intl.supportedValuesOf(kind);
  } catch {
    values = [];
  }
  const all = new Set([...(kind === "timeZone" ? ["UTC"] : []), ...values]);
  if (current !== undefined) all.add(current);
  return [...all].sort();
}

function StoreCard({ store }: { store: AdminStore }) {
  const api = storeClient(store.subdomain);
  const { setSession } = useSession();
  const settings = useAsync(async () => (await api.call("GET /settings/store", {})).data, [store.subdomain]);
  const [name, setName] = useState("");
  const [currency, setCurrency] = useState<string | null>(null);
  const [timeZone, setTimeZone] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>();
  const owner = store.role === "owner";
  const s = settings.data;
  useEffect(() => {
    if (!s) return;
    setName(s.name);
    setCurrency(s.currency);
    setTimeZone(s.time_zone);
  }, [s]);
  const currencies = useMemo(() => supported("currency", s?.currency), [s?.currency]);
  const zones = useMemo(() => supported("timeZone", s?.time_zone), [s?.time_zone]);
  const save = (e: SyntheticEvent) => {
    e.preventDefault();
    setSaved(false);
    setError(undefined);
    api
      .call("PUT /settings/store", {
        body: {
          name,
          ...(currency === null ? {} : { currency }),
          ...(timeZone === null ? {} : { time_zone: timeZone }),
        },
      })
      .then(async () => {
        setSaved(true);
        settings.reload();
        // The menus show the store's name and amounts its currency: they come with the session.
        setSession(await readSession());
      })
      .catch(setError);
  };
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="xs">
        Store
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        Address: {store.subdomain}
      </Text>
      <ErrorAlert error={settings.error ?? error} />
      <form onSubmit={save} aria-label="Store settings">
        <Stack>
          <TextInput
            label="Name"
            required
            maxLength={100}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            disabled={!owner}
          />
          <Select
            label="Currency"
            description="Fixed once the store has orders or subscriptions."
            searchable
            allowDeselect={false}
            data={currencies}
            value={currency}
            onChange={setCurrency}
            disabled={!owner}
          />
          <Select
            label="Time zone"
            description="Days in reports and date filters start at midnight here."
            searchable
            allowDeselect={false}
            limit={50}
            data={zones}
            value={timeZone}
            onChange={setTimeZone}
            disabled={!owner}
          />
          {owner && <Button type="submit">Save store settings</Button>}
          {saved && (
            <Text c="green" role="status">
              Store settings saved.
            </Text>
          )}
        </Stack>
      </form>
    </Card>
  );
}

function TaxCard({ store }: { store: AdminStore }) {
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
  );
}

export default function SettingsPage({ store }: { store: AdminStore }) {
  return (
    <>
      <PageHeader title="Settings" />
      <Stack maw={520}>
        <StoreCard store={store} />
        <TaxCard store={store} />
      </Stack>
    </>
  );
}
