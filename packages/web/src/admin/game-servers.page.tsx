// Game servers: the delivery servers whose agents run purchase commands, their secrets (shown once), the
// store's agent secret, and the live log of command deliveries.
import { Button, Group, Modal, NumberInput, Stack, Text, TextInput } from "@mantine/core";
import { useState, type SyntheticEvent } from "react";
import { storeClient } from "../api/store-client";
import { DataTable } from "../app/data-table";
import { ErrorAlert } from "../app/error-alert";
import { dateTime } from "../app/format";
import { PageHeader } from "../app/page-header";
import { Link } from "../app/router";
import { useAsync } from "../app/use-async";
import { canWrite, type AdminStore } from "./admin-store";
import { DeliveryLog } from "./delivery-log";
import { ShownOnce, type ShownOnceItem } from "./shown-once";

export default function GameServersPage({ store }: { store: AdminStore }) {
  const api = storeClient(store.subdomain);
  const list = useAsync(() => api.deliveryServers.list(), [store.subdomain]);
  const [name, setName] = useState("");
  const [rateLimit, setRateLimit] = useState<string | number>(120);
  const [secrets, setSecrets] = useState<ShownOnceItem[] | undefined>();
  const [rotatingStore, setRotatingStore] = useState(false);
  const [error, setError] = useState<unknown>();
  const create = (e: SyntheticEvent) => {
    e.preventDefault();
    setError(undefined);
    api.deliveryServers
      .create({ name, rate_limit: Number(rateLimit) })
      .then((s) => {
        setSecrets([
          { label: "Server secret (X-Server-Secret)", value: s.server_secret },
          ...(s.store_secret === undefined
            ? []
            : [{ label: "Store secret (X-Store-Secret)", value: s.store_secret }]),
        ]);
        setName("");
        list.reload();
      })
      .catch(setError);
  };
  const rotateStoreSecret = () => {
    setError(undefined);
    api.agentSecret
      .rotate()
      .then((r) => {
        setRotatingStore(false);
        setSecrets([{ label: "Store secret (X-Store-Secret)", value: r.store_secret }]);
      })
      .catch((e: unknown) => {
        setRotatingStore(false);
        setError(e);
      });
  };
  return (
    <>
      <PageHeader title="Game servers">
        {store.role === "owner" && (
          <Button variant="default" onClick={() => setRotatingStore(true)}>
            Rotate store secret
          </Button>
        )}
      </PageHeader>
      <ErrorAlert error={list.error ?? error} />
      {secrets !== undefined && (
        <ShownOnce
          title="Agent secrets (shown once)"
          note="Give these to the server's agent (pixl agent). Only their hashes are kept: copy them now."
          items={secrets}
          onClose={() => setSecrets(undefined)}
        />
      )}
      {canWrite(store) && (
        <form onSubmit={create} aria-label="New game server">
          <Group align="flex-end" mb="md" wrap="wrap">
            <TextInput
              label="Server name"
              required
              maxLength={100}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
            />
            <NumberInput
              label="Agent requests per minute"
              min={1}
              max={60000}
              allowDecimal={false}
              value={rateLimit}
              onChange={setRateLimit}
              w={200}
            />
            <Button type="submit">Add game server</Button>
          </Group>
        </form>
      )}
      <DataTable
        caption="Game servers of the store"
        rows={list.data}
        rowKey={(s) => s.id}
        empty="No game servers yet."
        columns={[
          {
            header: "Name",
            cell: (s) => <Link href={`/admin/${store.subdomain}/game-servers/${s.id}`}>{s.name}</Link>,
          },
          { header: "Secret", cell: (s) => (s.secret_prefix === null ? "—" : `${s.secret_prefix}…`) },
          { header: "Requests per minute", cell: (s) => s.rate_limit },
          { header: "Agent last seen", cell: (s) => dateTime(s.last_polled_at) },
        ]}
      />
      <Stack mt="xl">
        <DeliveryLog store={store} />
      </Stack>
      <Modal opened={rotatingStore} onClose={() => setRotatingStore(false)} title="Rotate the store secret?">
        <Stack>
          <Text>Every agent of this store stops working until it is given the new store secret.</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRotatingStore(false)}>
              Keep the current one
            </Button>
            <Button color="red" onClick={rotateStoreSecret}>
              Rotate
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
